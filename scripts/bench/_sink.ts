// Counting SMTP sink for the send benchmark (own process, so its CPU shows separately):
// accepts everything, discards bodies, counts per recipient and per source IP. Reports
// { port } once listening and { counts } when asked over IPC.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

const perRcpt = new Map<string, number>();
const perIp = new Map<string, number>();
let total = 0;

const server = new SMTPServer({
  authOptional: true,
  logger: false,
  disabledCommands: ['STARTTLS'],
  size: 10 * 1024 * 1024,
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
    process.send!({ ok: true });
  }
  if (m.cmd === 'counts') {
    let duplicates = 0;
    for (const n of perRcpt.values()) duplicates += n - 1;
    process.send!({ total, distinct: perRcpt.size, duplicates, perIp: Object.fromEntries(perIp) });
  }
  if (m.cmd === 'exit') server.close(() => process.exit(0));
});
