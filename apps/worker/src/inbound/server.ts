// The inbound SMTP server: receives DSNs at VERP return-paths, feedback-loop reports at the
// FBL address and mailto unsubscribes. It refuses every other recipient at RCPT (no open
// relay, no spam sink), limits size and per-IP rate, and answers 250 only after the message
// is committed to Postgres, so an accepted message is never lost; the job that applies it
// is enqueued right after (and a scheduled sweep catches any that missed the queue).
import type { Redis } from 'ioredis';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { createRedis, coreEnv } from '@rundbrief/core';
import { enqueueInbound, routeInboundRecipient, storeInboundMessage, type InboundRoute } from '@rundbrief/core/feedback/inbound';
import { loadInboundTls } from './tls.ts';

export type InboundOptions = {
  hostname?: string;
  /** Largest message accepted (bytes); DSNs with the original attached stay far below 10 MB. */
  maxBytes?: number;
  /** Messages per remote IP per minute before 421/451 answers (shared through Redis). */
  ratePerMinute?: number;
  /** Recipients per message (a DSN has one). */
  maxRecipients?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Key and certificate (PEM) offered with STARTTLS; without them a self-signed one for `hostname`. */
  tls?: { key: string | Buffer; cert: string | Buffer };
};

type Session = SMTPServerSession & { routes?: Map<string, InboundRoute> };

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
const clientIp = (s: SMTPServerSession) => s.remoteAddress.replace(/^::ffff:/, '');

export function createInboundServer(opts: InboundOptions = {}): SMTPServer {
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const ratePerMinute = opts.ratePerMinute ?? 300;
  const maxRecipients = opts.maxRecipients ?? 20;
  const log = opts.log ?? (() => {});
  const name = opts.hostname ?? 'inbound.rundbrief.localhost';
  // Always offered: receiving MTAs expect STARTTLS, and smtp-server's built-in fallback
  // certificate has a published key.
  const tls = opts.tls ?? loadInboundTls({ hostname: name });
  let redis: Redis | undefined;

  /** Counts one message from `ip` in the current minute; true while under the limit. */
  async function underRate(ip: string): Promise<boolean> {
    redis ??= createRedis('producer');
    const r = redis;
    // Producer connections refuse commands until ready; the first sender waits (briefly).
    if (r.status !== 'ready') await new Promise((resolve) => { r.once('ready', resolve); setTimeout(resolve, 1000).unref(); });
    // Keyed by server name, so every process serving the same MX shares one budget per IP.
    const key = `${coreEnv().QUEUE_PREFIX}:inbound-rate:${name}:${ip}:${Math.floor(Date.now() / 60_000)}`;
    try {
      const n = await r.incr(key);
      if (n === 1) await r.expire(key, 120);
      return n <= ratePerMinute;
    } catch (err) {
      // Rate limiting protects us, not the recipients: without Redis we still accept (the
      // message is persisted in Postgres) rather than lose bounces.
      log('inbound: rate limiter unavailable', { error: (err as Error).message });
      return true;
    }
  }

  const server = new SMTPServer({
    name,
    banner: 'Rundbrief inbound: bounces, feedback loop and unsubscribe only',
    authOptional: true,
    disabledCommands: ['AUTH'],
    key: tls.key,
    cert: tls.cert,
    size: maxBytes,
    logger: false,
    onMailFrom(_address, session: Session, callback) {
      // A new transaction: recipients of an earlier message on this connection are not its.
      session.routes = new Map();
      underRate(clientIp(session)).then(
        (ok) => callback(ok ? undefined : smtpError(421, '4.7.0 Too many messages from your address, slow down and try again later')),
        () => callback(),
      );
    },
    onRcptTo(address: SMTPServerAddress, session: Session, callback) {
      const route = routeInboundRecipient(address.address);
      if (!route) {
        return callback(smtpError(550, `5.1.1 <${address.address}>: no such recipient here (this server only takes bounces, feedback-loop reports and unsubscribes)`));
      }
      session.routes ??= new Map();
      if (session.routes.size >= maxRecipients) return callback(smtpError(452, '4.5.3 Too many recipients'));
      session.routes.set(address.address, route);
      callback();
    },
    onData(stream, session: Session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(smtpError(552, `5.3.4 Message too big: the limit is ${maxBytes} bytes`));
        }
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const remoteIp = clientIp(session);
        const routes = [...(session.routes ?? new Map<string, InboundRoute>())];
        session.routes = new Map();
        // One row per recipient: each names its own message (VERP) or purpose.
        Promise.all(routes.map(([rcpt, route]) => storeInboundMessage({ kind: route.kind, mailFrom, rcptTo: [rcpt], remoteIp, raw })))
          .then((ids) => {
            callback(null, `2.0.0 Accepted as ${ids.join(',')}`);
            for (const id of ids) {
              enqueueInbound(id).catch((err: Error) => log('inbound: enqueue failed; the sweep will apply it', { id, error: err.message }));
            }
          })
          .catch((err: Error) => {
            log('inbound: could not persist message', { error: err.message });
            callback(smtpError(451, '4.3.0 Temporary storage failure, please retry'));
          });
      });
    },
  });
  server.on('error', (err) => log('inbound: server error', { error: err.message }));
  server.on('close', () => redis?.disconnect());
  return server;
}

/** Listens and resolves with the bound port (0 = any free port, for tests). */
export function listenInbound(server: SMTPServer, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}
