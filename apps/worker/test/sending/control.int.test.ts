// Control and exactly-once through real worker processes: pause / resume / cancel stop
// in-flight batches within seconds; two workers never send a recipient twice; a worker
// killed with SIGKILL mid-campaign leaves no duplicate and no silent loss (AMBIGUOUS listed).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, createRedis } from '@rundbrief/core';
import { cancelCampaign, getCampaignProgress, listAmbiguousMessages, pauseCampaign, resumeCampaign } from '@rundbrief/core/sending/control';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { sweepExpiredClaims } from '@rundbrief/core/sending/outcomes';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { messageStatuses, seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

let sink: Awaited<ReturnType<typeof startSink>>;
let workers: WorkerProc[] = [];
const recipients = (n: number) => Array.from({ length: n }, (_, i) => `r${i}@d${i % 10}.example`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(async () => {
  await truncateAll();
  sink = await startSink({ delayMs: 20 });
});

afterEach(async () => {
  if (process.env.DEBUG_WORKERS) for (const w of workers) console.log(w.output.join(''));
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  workers = [];
  await sink.close();
  await closeQueues();
});

const spawnWorker = async (extra: Record<string, string> = {}) => {
  const w = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, SEND_BATCH_SIZE: '20', SEND_CONCURRENCY: '2', WORKER_LOCK_MS: '4000', ...extra });
  workers.push(w);
  return w;
};

async function start(n: number) {
  const seed = await seedSending({ recipients: recipients(n) });
  await requestCampaignSend({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id }, { assertSendable });
  return { ctx: { tenantId: seed.tenant.id }, campaignId: seed.campaign.id };
}

const status = async (id: string) => (await getDb().campaign.findUniqueOrThrow({ where: { id } })).status;
const uniqueRcpts = () => new Set(sink.received.map((r) => r.rcptTo)).size;

describe('campaign control', () => {
  it('pause stops sending within seconds; resume delivers the rest exactly once', async () => {
    await spawnWorker();
    const c = await start(160);
    await waitFor(() => sink.received.length >= 20, 30_000, 'first deliveries');
    await pauseCampaign(c.ctx, c.campaignId);
    await sleep(1500); // chunks in flight finish
    const atPause = sink.received.length;
    await sleep(2000);
    expect(sink.received.length).toBe(atPause);
    expect(atPause).toBeLessThan(160);
    const p = await getCampaignProgress(c.ctx, c.campaignId);
    expect(p).toMatchObject({ status: 'PAUSED', sent: atPause, remaining: 160 - atPause });
    expect((await messageStatuses(c.campaignId)).SENDING).toBeUndefined();

    await resumeCampaign(c.ctx, c.campaignId);
    await waitFor(async () => (await status(c.campaignId)) === 'SENT', 45_000, 'campaign SENT');
    expect(sink.received).toHaveLength(160);
    expect(uniqueRcpts()).toBe(160);
    expect((await getCampaignProgress(c.ctx, c.campaignId)).percent).toBe(100);
  });

  it('cancel stops in-flight batches; nothing pending is sent afterwards', async () => {
    await spawnWorker();
    const c = await start(160);
    await waitFor(() => sink.received.length >= 20, 30_000, 'first deliveries');
    await cancelCampaign(c.ctx, c.campaignId);
    await sleep(1500);
    const atCancel = sink.received.length;
    await sleep(2000);
    expect(sink.received.length).toBe(atCancel);
    const s = await messageStatuses(c.campaignId);
    expect(s.SENT).toBe(atCancel);
    expect(s.SKIPPED).toBe(160 - atCancel);
    expect(await status(c.campaignId)).toBe('CANCELLED');
    await expect(resumeCampaign(c.ctx, c.campaignId)).rejects.toThrow(/cancelled campaign cannot be resumed/);
  });

  it('two workers in parallel: every recipient exactly once', async () => {
    const [a, b] = await Promise.all([spawnWorker({ SEND_CONCURRENCY: '4' }), spawnWorker({ SEND_CONCURRENCY: '4' })]);
    const c = await start(300);
    await waitFor(async () => (await status(c.campaignId)) === 'SENT', 50_000, 'campaign SENT');
    expect(sink.received).toHaveLength(300);
    expect(uniqueRcpts()).toBe(300);
    const claimers = await getDb().message.groupBy({ by: ['claimedBy'], where: { campaignId: c.campaignId }, _count: true });
    expect(claimers.length).toBe(2); // both processes did real work
    // Both registered as live senders: each takes half of a domain's session limit.
    const redis = createRedis('producer', undefined, { enableOfflineQueue: true });
    const senders = await redis.zrange(`${process.env.QUEUE_PREFIX}:send:senders`, '0', '-1');
    for (const w of [a, b]) expect(senders.some((id) => id.startsWith(`${w.child.pid}:`))).toBe(true);
    redis.disconnect();
    expect(a.output.join('') + b.output.join('')).not.toMatch(/failed/);
  });

  it('SIGKILL mid-campaign, then restart: no duplicates, no silent loss, unknown fates listed as AMBIGUOUS', async () => {
    const first = await spawnWorker({ SEND_CONCURRENCY: '4' });
    const c = await start(240);
    await waitFor(() => sink.received.length >= 40, 30_000, 'first deliveries');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    await spawnWorker({ SEND_CONCURRENCY: '4' });
    // The dead worker's claims expire (lease) and become AMBIGUOUS; its job is re-run by the new worker.
    await waitFor(async () => {
      await sweepExpiredClaims(3);
      return (await status(c.campaignId)) === 'SENT';
    }, 50_000, 'campaign SENT after restart');
    const msgs = await getDb().message.findMany({ where: { campaignId: c.campaignId } });
    const got = sink.received.map((r) => r.rcptTo);
    expect(new Set(got).size).toBe(got.length); // nobody twice
    expect(msgs).toHaveLength(240);
    for (const m of msgs) expect(['SENT', 'AMBIGUOUS']).toContain(m.status); // nothing silently dropped
    const sent = msgs.filter((m) => m.status === 'SENT');
    const ambiguous = msgs.filter((m) => m.status === 'AMBIGUOUS');
    for (const m of sent) expect(got).toContain(m.email);
    const received = new Set(got);
    // Every recipient the sink did not get is listed as AMBIGUOUS, never quietly SENT or lost.
    for (const m of msgs) if (!received.has(m.email)) expect(m.status).toBe('AMBIGUOUS');
    const listed = await listAmbiguousMessages(c.ctx, c.campaignId, { take: 1000 });
    expect(listed.length).toBe(ambiguous.length);
    expect((await getCampaignProgress(c.ctx, c.campaignId)).ambiguous).toBe(listed.length);
  });
});
