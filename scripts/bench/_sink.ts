// Counting SMTP sink for the send benchmark (own process, so its CPU shows separately):
// accepts everything, discards bodies, counts per recipient and per source IP. Reports
// { port } once listening and { counts } when asked over IPC. BENCH_SINK_REJECT_PERCENT (0 by
// default): that share of recipients (by a hash of the address, the same on every run) is
// refused at RCPT with 550 5.1.1, a hard bounce at send time (the webhook bench's outbox path).
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

const perRcpt = new Map<string, number>();
const perIp = new Map<string, number>();
let total = 0;
let rejected = 0;
const REJECT_PERCENT = Number(process.env.BENCH_SINK_REJECT_PERCENT ?? 0);
const refuses = (address: string) => {
  if (address.endsWith('@raw.bench')) return false; // the raw client's limit run
  let h = 0;
  for (let i = 0; i < address.length; i++) h = (h * 31 + address.charCodeAt(i)) >>> 0;
  return h % 10_000 < REJECT_PERCENT * 100;
};

const server = new SMTPServer({
  authOptional: true,
  logger: false,
  disabledCommands: ['STARTTLS'],
  size: 10 * 1024 * 1024,
  ...(REJECT_PERCENT > 0 ? {
    onRcptTo(address: { address: string }, _session: unknown, cb: (err?: Error | null) => void) {
      if (!refuses(address.address.toLowerCase())) return cb();
      rejected++;
      cb(Object.assign(new Error('5.1.1 User unknown'), { responseCode: 550 }));
    },
  } : {}),
  onData(stream, session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => {
      total++;
      const ip = session.remoteAddress.replace(/^::ffff:/, '');
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
      for (const r of session.envelope.rcptTo) perRcpt.set(r.address, (perRcpt.get(r.address) ?? 0) + 1);
      cb(null, 'Ok');
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as AddressInfo).port }));

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'reset') {
    perRcpt.clear();
    perIp.clear();
    total = 0;
    rejected = 0;
    process.send!({ ok: true });
  }
  if (m.cmd === 'counts') {
    let duplicates = 0;
    for (const n of perRcpt.values()) duplicates += n - 1;
    process.send!({ total, distinct: perRcpt.size, duplicates, perIp: Object.fromEntries(perIp), rejected });
  }
  if (m.cmd === 'exit') server.close(() => process.exit(0));
});
