// SMTP connections dropped mid-session, through a TCP proxy in front of the real sink:
//  - dropped before the message data (during the envelope): nothing can have arrived, so the
//    message is retried (another IP / another connection) and arrives exactly once;
//  - dropped after the whole message went through (the server accepted it, its reply is lost):
//    the fate is unknown to the sender, so the message is listed AMBIGUOUS and never resent.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues } from '@rundbrief/core';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { getCampaignProgress } from '@rundbrief/core/sending/control';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { messageStatuses, seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

const normal = Array.from({ length: 20 }, (_, i) => `kunde${i}@d${i % 5}.example`);
const cutBefore = ['a@cut-before.test', 'b@cut-before.test', 'c@cut-before.test'];
const cutAfter = ['x@cut-after.test', 'y@cut-after.test'];

/** Forwards to the sink; drops the first envelope of each cut-before address and the reply to the first message of each cut-after address. */
async function startDroppingProxy(sinkPort: number) {
  const seen = new Set<string>();
  const drops = { before: 0, after: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(sinkPort, '127.0.0.1');
    let pendingClient = '';
    let swallowReply = false;
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let cut = false;
    let killAfterReply = false;
    /** A message's end went up and its (final) reply has not come back yet. */
    let awaitingFinal = false;
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      const text = chunk.toString('latin1');
      pendingClient += text;
      // Where this chunk starts in pendingClient: a client that pipelines may send the end
      // of one message and the next transaction's commands in one write.
      const chunkStart = pendingClient.length - text.length;
      for (const m of pendingClient.matchAll(/RCPT TO:<([^>]+)>/gi)) {
        const rcpt = m[1]!.toLowerCase();
        if (rcpt.endsWith('@cut-before.test') && !seen.has(rcpt)) {
          seen.add(rcpt);
          drops.before++;
          // What came before this envelope reaches the server (as it would, read in order)
          // and its replies still come back; then the connection drops.
          const lineStart = pendingClient.lastIndexOf('\n', m.index!) + 1;
          const before = lineStart > chunkStart ? chunk.subarray(0, lineStart - chunkStart) : null;
          cut = true;
          // the end of an earlier message among it: the drop comes after the server's reply to it
          if (before?.includes('\r\n.\r\n') || awaitingFinal) {
            killAfterReply = true;
            if (before) upstream.write(before);
          } else kill();
          return;
        }
        if (rcpt.endsWith('@cut-after.test') && !seen.has(rcpt) && pendingClient.indexOf('\r\n.\r\n', m.index!) >= 0) {
          // The whole message goes through; the server's reply to it never comes back.
          seen.add(rcpt);
          drops.after++;
          swallowReply = true;
        }
      }
      const end = pendingClient.lastIndexOf('\r\n.\r\n');
      if (end >= 0) {
        pendingClient = pendingClient.slice(end + 5);
        awaitingFinal = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (/^[2-5]\d\d /m.test(chunk.toString('latin1'))) awaitingFinal = false;
      // First: a cut-after message's end may share a write with a cut-before envelope (the
      // next transaction, handed on); its reply must still be swallowed, not passed on below.
      if (swallowReply) {
        if (/^250 /m.test(chunk.toString('latin1'))) kill();
        return;
      }
      if (killAfterReply) {
        client.write(chunk);
        if (/^[2-5]\d\d /m.test(chunk.toString('latin1'))) setImmediate(kill);
        return;
      }
      // Hide STARTTLS so the proxy can read the session (the sink offers it, the client would use it).
      client.write(Buffer.from(chunk.toString('latin1').replace(/^250-STARTTLS\r\n/m, ''), 'latin1'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, drops, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let sink: Awaited<ReturnType<typeof startSink>>;
let proxy: Awaited<ReturnType<typeof startDroppingProxy>>;
let worker: WorkerProc;
let seed: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  await truncateAll();
  sink = await startSink();
  proxy = await startDroppingProxy(sink.port);
  seed = await seedSending({ recipients: [...normal, ...cutBefore, ...cutAfter] });
  worker = await startWorker({
    SMTP_RELAY_URL: `smtp://127.0.0.1:${proxy.port}`,
    SEND_RETRY_BASE_SECONDS: '1',
    SEND_RETRY_DEADLINE_SECONDS: '20',
    SEND_BATCH_SIZE: '8',
  });
  await requestCampaignSend({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id }, { assertSendable });
  await waitFor(async () => (await getDb().campaign.findUnique({ where: { id: seed.campaign.id } }))?.status === 'SENT', 60_000, 'campaign SENT');
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await proxy?.close();
  await sink?.close();
  await closeQueues();
});

const receivedFor = (addr: string) => sink.received.filter((r) => r.rcptTo === addr);

describe('dropped SMTP connections', () => {
  it('a drop during the envelope is retried and the recipient gets the message exactly once', async () => {
    expect(proxy.drops.before).toBe(cutBefore.length);
    for (const a of [...normal, ...cutBefore]) expect(receivedFor(a)).toHaveLength(1);
    const rows = await getDb().message.findMany({ where: { campaignId: seed.campaign.id, email: { in: [...normal, ...cutBefore] } } });
    expect(rows.every((m) => m.status === 'SENT')).toBe(true);
  });

  it('a drop after the data is listed AMBIGUOUS and never resent, though the receiver has the message', async () => {
    expect(proxy.drops.after).toBe(cutAfter.length);
    // Longer than several retry rounds (base 1 s): still exactly the one copy.
    await new Promise((r) => setTimeout(r, 4000));
    for (const a of cutAfter) expect(receivedFor(a)).toHaveLength(1);
    const rows = await getDb().message.findMany({ where: { campaignId: seed.campaign.id, email: { in: cutAfter } } });
    expect(rows.map((m) => m.status)).toEqual(cutAfter.map(() => 'AMBIGUOUS'));
    expect(rows.every((m) => m.attempts === 1 && /connection lost after the message was sent/.test(m.skipReason ?? ''))).toBe(true);
    const statuses = await messageStatuses(seed.campaign.id);
    expect(statuses).toEqual({ SENT: normal.length + cutBefore.length, AMBIGUOUS: cutAfter.length });
    const progress = await getCampaignProgress({ tenantId: seed.tenant.id }, seed.campaign.id);
    expect(progress).toMatchObject({ ambiguous: cutAfter.length, sent: normal.length + cutBefore.length, remaining: 0 });
  });
});
