// Faulty SMTP sink for `npm run chaos` (own process): like _sink.ts it discards bodies and
// counts accepted mail per recipient, but a share of transactions meets a fault, chosen at
// random per transaction from CHAOS_SINK_FAULTS (JSON, shares 0..1):
//   reject421  the whole message is received, then answered 421 (connection closed): not accepted
//   drop       the connection is destroyed in the middle of DATA: not accepted
//   stallData  the whole message is received and counted as delivered (a real receiver may
//              have committed it), but the answer to the final dot comes only after stallMs,
//              past the client's timeout: the sender cannot know it arrived
//   stallMail  MAIL FROM is answered only after stallMs: nothing handed over
// Only the chaos run uses this sink; the development sink (apps/worker/src/sink) is untouched.
// Reports { port } once listening; answers { counts } and { times } (when each accepted
// message arrived) over IPC.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo, Socket } from 'node:net';

type Faults = { reject421: number; drop: number; stallData: number; stallMail: number; stallMs: number };
const faults: Faults = { reject421: 0, drop: 0, stallData: 0, stallMail: 0, stallMs: 0, ...JSON.parse(process.env.CHAOS_SINK_FAULTS ?? '{}') };

const perRcpt = new Map<string, number>();
const injected = { reject421: 0, drop: 0, stallData: 0, stallMail: 0 };
let total = 0;
/** When each accepted message arrived (Date.now()), for the pause after a restart. */
const acceptedAt: number[] = [];

type Fault = 'reject421' | 'drop' | 'stallData' | null;
function pickDataFault(): Fault {
  const r = Math.random();
  if (r < faults.reject421) return 'reject421';
  if (r < faults.reject421 + faults.drop) return 'drop';
  if (r < faults.reject421 + faults.drop + faults.stallData) return 'stallData';
  return null;
}

const server: SMTPServer = new SMTPServer({
  authOptional: true,
  logger: false,
  disabledCommands: ['STARTTLS'],
  size: 10 * 1024 * 1024,
  onMailFrom(_address, _session, cb) {
    if (faults.stallMail > 0 && Math.random() < faults.stallMail) {
      injected.stallMail++;
      setTimeout(() => cb(), faults.stallMs);
      return;
    }
    cb();
  },
  onData(stream, session, cb) {
    const fault = pickDataFault();
    if (fault === 'drop') {
      injected.drop++;
      stream.once('data', () => {
        // the connection of this session: smtp-server keeps them in `connections`, id = session.id
        const conns = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
        for (const c of conns) if (c.id === session.id) c._socket.destroy();
      });
      stream.on('data', () => {});
      stream.on('error', () => {});
      return;
    }
    stream.on('data', () => {});
    stream.on('end', () => {
      if (fault === 'reject421') {
        injected.reject421++;
        return cb(Object.assign(new Error('Service busy, try again later'), { responseCode: 421 }));
      }
      total++;
      acceptedAt.push(Date.now());
      for (const r of session.envelope.rcptTo) perRcpt.set(r.address, (perRcpt.get(r.address) ?? 0) + 1);
      if (fault === 'stallData') {
        injected.stallData++;
        setTimeout(() => cb(null, 'Ok (late)'), faults.stallMs);
        return;
      }
      cb(null, 'Ok');
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as AddressInfo).port }));

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'counts') process.send!({ total, perRcpt: Object.fromEntries(perRcpt), injected });
  if (m.cmd === 'times') process.send!({ acceptedAt });
  if (m.cmd === 'exit') {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  }
});
