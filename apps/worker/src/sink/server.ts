// The embedded development mail sink: an SMTP server on loopback that accepts everything
// the worker sends and stores it for the /dev/inbox page. Nothing leaves the machine.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import type { Db } from '@rundbrief/db';

export type SinkOptions = { db: Db; host?: string; port?: number; maxBytes?: number; log?: (msg: string) => void };

function addressText(a: AddressObject | AddressObject[] | undefined): string | null {
  if (!a) return null;
  return (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', ');
}

/** Parses and stores one received message. Exported for tests and tools. */
export async function storeSinkMessage(
  db: Db,
  raw: Buffer,
  envelope: { mailFrom: string; rcptTo: string[]; remoteIp: string; heloName?: string },
) {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const headers = parsed.headerLines.map((h) => ({ key: h.key, line: h.line }));
  return db.sinkMessage.create({
    data: {
      mailFrom: envelope.mailFrom,
      rcptTo: envelope.rcptTo,
      remoteIp: envelope.remoteIp.replace(/^::ffff:/, ''),
      heloName: envelope.heloName ?? null,
      subject: parsed.subject ?? null,
      fromHeader: addressText(parsed.from),
      toHeader: addressText(parsed.to),
      headers,
      html: typeof parsed.html === 'string' ? parsed.html : null,
      text: parsed.text ?? null,
      raw: raw.toString('utf8'),
      size: raw.length,
    },
  });
}

export function createSinkServer({ db, maxBytes = 30 * 1024 * 1024, log = () => {} }: SinkOptions): SMTPServer {
  return new SMTPServer({
    name: 'sink.rundbrief.localhost',
    banner: 'Rundbrief development mail sink: nothing leaves this machine',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: maxBytes,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = Object.assign(new Error('Message exceeds the sink size limit'), { responseCode: 552 });
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        // Answer 250 only after the row is committed: an accepted mail is never lost.
        storeSinkMessage(db, raw, {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          remoteIp: session.remoteAddress,
          heloName: session.hostNameAppearsAs,
        })
          .then((row) => {
            log(`sink: stored ${row.id} from ${row.remoteIp} to ${row.rcptTo.join(',')}`);
            callback(null, `Stored as ${row.id}`);
          })
          .catch((err: Error) => {
            log(`sink: could not store message: ${err.message}`);
            callback(Object.assign(new Error('Temporary storage failure, try again'), { responseCode: 451 }));
          });
      });
    },
  });
}

export function listen(server: SMTPServer, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}
