// The inbound SMTP server: receives DSNs at VERP return-paths, feedback-loop reports at the
// FBL address and mailto unsubscribes. It refuses every other recipient at RCPT (no open
// relay, no spam sink), takes FBL mail only from the reporters an operator configured (by
// source address at RCPT, else by DKIM d= once the message is in), limits size (nothing past
// the limit is kept) and per-IP rate, and answers 250 only after the message is committed
// to Postgres (one row however many of our addresses it names), so an accepted message is
// never lost; the job that applies it is enqueued right after (and a scheduled sweep
// catches any that missed the queue).
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { takeFromWindow } from '@rundbrief/core';
import { enqueueInbound, routeInboundRecipient, routeKey, storeInboundMessage, type InboundRoute } from '@rundbrief/core/feedback/inbound';
import { acceptsReturnPath } from '@rundbrief/core/feedback/return-path';
import { dkimCanAdmit, reporterForDkim, reporterForIp, type ReporterMatch } from '@rundbrief/core/feedback/reporters';
import { platformSettings } from '@rundbrief/core/platform/settings';
import { createResolver, type DnsResolve } from '@rundbrief/core/senders/dns';
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
  /** DNS for DKIM keys of FBL reporters (tests answer from a map); default: the system's. */
  dkimResolver?: DnsResolve;
};

type Session = SMTPServerSession & {
  routes?: Map<string, { address: string; route: InboundRoute }>;
  /** The reporter admitted by source address; null while DKIM must still decide. */
  reporter?: ReporterMatch | null;
};

// Past the limit the rest of DATA is read and dropped (the protocol needs the end marker
// to answer 552); a client still sending at this multiple of the limit is cut off.
const DRAIN_FACTOR = 2;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
const clientIp = (s: SMTPServerSession) => s.remoteAddress.replace(/^::ffff:/, '');
const NOT_A_REPORTER = '5.7.1 Feedback reports are accepted only from configured feedback-loop reporters (source address or DKIM signature)';

export function createInboundServer(opts: InboundOptions = {}): SMTPServer {
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const ratePerMinute = opts.ratePerMinute ?? 300;
  const maxRecipients = opts.maxRecipients ?? 20;
  const log = opts.log ?? (() => {});
  const name = opts.hostname ?? 'inbound.rundbrief.localhost';
  // Always offered: receiving MTAs expect STARTTLS, and smtp-server's built-in fallback
  // certificate has a published key.
  const tls = opts.tls ?? loadInboundTls({ hostname: name });
  const dkimResolver = opts.dkimResolver ?? createResolver();
  /** Counts one message from `ip` in a one-minute window (core's rate-window.ts); true while under the limit. */
  async function underRate(ip: string): Promise<boolean> {
    try {
      // Keyed by server name, so every process serving the same MX shares one budget per IP.
      return (await takeFromWindow(`inbound-rate:${name}:${ip}`, 1, ratePerMinute, 60)).ok;
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
      session.reporter = undefined;
      underRate(clientIp(session)).then(
        (ok) => callback(ok ? undefined : smtpError(421, '4.7.0 Too many messages from your address, slow down and try again later')),
        () => callback(),
      );
    },
    onRcptTo(address: SMTPServerAddress, session: Session, callback) {
      const route = routeInboundRecipient(address.address);
      const noSuchRecipient = () => smtpError(550, `5.1.1 <${address.address}>: no such recipient here (this server only takes bounces, feedback-loop reports and unsubscribes)`);
      if (!route) return callback(noSuchRecipient());
      session.routes ??= new Map();
      const key = routeKey(route);
      if (session.routes.has(key)) return callback(); // the same recipient spelled again: one copy
      if (session.routes.size >= maxRecipients) return callback(smtpError(452, '4.5.3 Too many recipients'));
      if (route.kind !== 'FBL') {
        // bounces.<domain> only for sender domains some tenant registered
        acceptsReturnPath(address.address.slice(address.address.lastIndexOf('@') + 1)).then((ok) => {
          if (!ok) return callback(noSuchRecipient());
          session.routes!.set(key, { address: address.address, route });
          callback();
        }, (err: Error) => {
          log('inbound: sender domain lookup failed', { error: err.message });
          callback(smtpError(451, '4.3.0 Temporary failure, please retry'));
        });
        return;
      }
      platformSettings().then(({ fblReporters }) => {
        const byIp = reporterForIp(fblReporters, clientIp(session));
        // Without a match by address and no reporter known by DKIM, nothing in the message could change the answer.
        if (!byIp && !dkimCanAdmit(fblReporters)) return callback(smtpError(550, NOT_A_REPORTER));
        session.reporter = byIp;
        session.routes!.set(key, { address: address.address, route });
        callback();
      }, (err: Error) => {
        log('inbound: platform settings unavailable', { error: err.message });
        callback(smtpError(451, '4.3.0 Temporary failure, please retry'));
      });
    },
    onData(stream, session: Session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      let answered = false;
      const answer = (err: Error | null, message?: string) => {
        if (answered) return;
        answered = true;
        callback(err, message);
      };
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= maxBytes) return void chunks.push(c);
        // Nothing past the limit is kept in memory.
        chunks.length = 0;
        if (size > maxBytes * DRAIN_FACTOR) cutOff(session, maxBytes);
      });
      stream.on('error', (err) => answer(err));
      stream.on('end', () => {
        if (size > maxBytes || (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return answer(smtpError(552, `5.3.4 Message too big: the limit is ${maxBytes} bytes`));
        }
        const raw = Buffer.concat(chunks);
        const routes = [...(session.routes ?? new Map()).values()];
        const reporter = session.reporter;
        session.routes = new Map();
        session.reporter = undefined;
        admitted(routes, reporter, raw)
          .then((verdict) => {
            if (verdict !== 'ok') return answer(smtpError(verdict === 'retry' ? 451 : 550, verdict === 'retry' ? '4.7.1 Could not verify the DKIM signature now, please retry' : NOT_A_REPORTER));
            const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const kinds = [...new Set(routes.map((r) => r.route.kind))].sort().join(',');
            return storeInboundMessage({ kind: kinds, mailFrom, rcptTo: routes.map((r) => r.address), remoteIp: clientIp(session), raw }).then((id) => {
              answer(null, `2.0.0 Accepted as ${id}`);
              enqueueInbound(id).catch((err: Error) => log('inbound: enqueue failed; the sweep will apply it', { id, error: err.message }));
            });
          })
          .catch((err: Error) => {
            log('inbound: could not persist message', { error: err.message });
            answer(smtpError(451, '4.3.0 Temporary storage failure, please retry'));
          });
      });
    },
  });

  /** FBL mail not admitted by address at RCPT must carry a reporter's DKIM signature. */
  async function admitted(routes: { route: InboundRoute }[], reporter: ReporterMatch | null | undefined, raw: Buffer): Promise<'ok' | 'refuse' | 'retry'> {
    if (reporter || !routes.some((r) => r.route.kind === 'FBL')) return 'ok';
    const verdict = await reporterForDkim((await platformSettings()).fblReporters, raw, dkimResolver);
    if (verdict.match) return 'ok';
    return verdict.temporary ? 'retry' : 'refuse';
  }

  /** Answers 552 and closes a connection that keeps sending far past the limit. */
  function cutOff(session: SMTPServerSession, limit: number) {
    for (const conn of server.connections as Set<{ session: SMTPServerSession; send(code: number, text: string): void; close(): void }>) {
      if (conn.session !== session) continue;
      log('inbound: message far over the size limit; connection closed', { remoteIp: clientIp(session) });
      conn.send(552, `5.3.4 Message too big: the limit is ${limit} bytes`);
      conn.close();
    }
  }
  server.on('error', (err) => log('inbound: server error', { error: err.message }));
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
