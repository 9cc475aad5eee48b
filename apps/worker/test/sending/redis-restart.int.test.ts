// Redis killed (SIGKILL) and restarted in the middle of a campaign. This file runs its own
// redis-server (append-only file, fsync always, as production should) so the shared one is
// never touched. The exactly-once guarantee lives in Postgres (conditional claims), so a
// lost job lock or a re-run job can't duplicate a mail, and sending work that needs Redis
// during the outage is postponed, not lost: every recipient gets the campaign exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues } from '@rundbrief/core';
import { redispatchAfterQueueLoss, redispatchStalledCampaigns, requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { acceptsConnections, freePort } from '../ports.ts';
import { messageStatuses, seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

const recipients = Array.from({ length: 60 }, (_, i) => `kunde${i}@d${i % 6}.example`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rb-redis-'));
let port = 0;
let redis: ChildProcess | undefined;

async function startRedis(opts: { wipe?: boolean } = {}): Promise<ChildProcess> {
  if (opts.wipe) for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
  await waitFor(() => acceptsConnections(port), 10_000, 'redis-server up');
  return child;
}

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;
let seed: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis();
  // This process's queue producer and the worker both use the private Redis.
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  await truncateAll();
  sink = await startSink({ delayMs: 60 });
  seed = await seedSending({ recipients });
  worker = await startWorker({
    REDIS_URL: `redis://127.0.0.1:${port}`,
    SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
    SEND_RETRY_BASE_SECONDS: '1',
    SEND_RETRY_DEADLINE_SECONDS: '120',
    SEND_BATCH_SIZE: '10',
    SEND_CONCURRENCY: '2',
    WORKER_SEND_CONCURRENCY: '1',
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeQueues();
  redis?.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Redis restart mid-campaign', () => {
  it('every recipient gets the campaign exactly once, nothing is lost or left unknown', async () => {
    await requestCampaignSend({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id }, { assertSendable });
    await waitFor(() => sink.received.length >= 12, 30_000, 'first mails');
    redis!.kill('SIGKILL');
    await new Promise((r) => redis!.once('exit', r));
    const during = sink.received.length;
    await new Promise((r) => setTimeout(r, 2000));
    redis = await startRedis();
    await waitFor(async () => (await getDb().campaign.findUnique({ where: { id: seed.campaign.id } }))?.status === 'SENT', 120_000, 'campaign SENT');
    expect(during).toBeLessThan(recipients.length);
    for (const a of recipients) expect(sink.received.filter((r) => r.rcptTo === a)).toHaveLength(1);
    expect(sink.received).toHaveLength(recipients.length);
    expect(await messageStatuses(seed.campaign.id)).toEqual({ SENT: recipients.length });
  }, 180_000);

  it('a Redis that comes back empty (jobs lost): the stall watch re-dispatches and still nobody gets it twice', async () => {
    const again = await seedSending({ recipients: recipients.map((r) => r.replace('kunde', 'wieder')) });
    const mine = () => sink.received.filter((r) => r.rcptTo.startsWith('wieder'));
    await requestCampaignSend({ tenantId: again.tenant.id }, { campaignId: again.campaign.id }, { assertSendable });
    await waitFor(() => mine().length >= 12, 30_000, 'first mails');
    redis!.kill('SIGKILL');
    await new Promise((r) => redis!.once('exit', r));
    redis = await startRedis({ wipe: true });
    // What the scheduled stall watch does (every minute in production), with a short stall window.
    await waitFor(async () => {
      await redispatchStalledCampaigns(2);
      return (await getDb().campaign.findUnique({ where: { id: again.campaign.id } }))?.status === 'SENT';
    }, 120_000, 'campaign SENT after re-dispatch');
    for (const a of recipients.map((r) => r.replace('kunde', 'wieder'))) expect(mine().filter((r) => r.rcptTo === a)).toHaveLength(1);
    expect(await messageStatuses(again.campaign.id)).toEqual({ SENT: recipients.length });
  }, 180_000);

  it('the recovery after an empty Redis (the redis-recovery job of the worker) re-dispatches at once, without the stall window', async () => {
    const third = await seedSending({ recipients: recipients.map((r) => r.replace('kunde', 'dritte')) });
    const mine = () => sink.received.filter((r) => r.rcptTo.startsWith('dritte'));
    await requestCampaignSend({ tenantId: third.tenant.id }, { campaignId: third.campaign.id }, { assertSendable });
    await waitFor(() => mine().length >= 12, 30_000, 'first mails');
    redis!.kill('SIGKILL');
    await new Promise((r) => redis!.once('exit', r));
    redis = await startRedis({ wipe: true });
    // outcomes were just recorded: the stall watch leaves the campaign alone for its window
    expect((await redispatchStalledCampaigns()).map((r) => r.campaignId)).not.toContain(third.campaign.id);
    // This process's queue connection reconnects on its own schedule (no offline queue): the
    // worker runs this job only after its own `ready`, so the test waits for its producer too.
    // Re-running after a half-done try is safe: the jobs have fixed ids.
    const again = await waitFor(async () => {
      try { return await redispatchAfterQueueLoss(); } catch (err) {
        if (/writeable|ECONNREFUSED|Connection is closed/i.test(String(err))) return null;
        throw err;
      }
    }, 15_000, 'the producer reconnected to the restarted Redis');
    expect(again.map((r) => r.campaignId)).toContain(third.campaign.id);
    expect(again.find((r) => r.campaignId === third.campaign.id)!.batches).toBeGreaterThan(0);
    await waitFor(async () => (await getDb().campaign.findUnique({ where: { id: third.campaign.id } }))?.status === 'SENT', 120_000, 'campaign SENT after the recovery');
    for (const a of recipients.map((r) => r.replace('kunde', 'dritte'))) expect(mine().filter((r) => r.rcptTo === a)).toHaveLength(1);
    expect(await messageStatuses(third.campaign.id)).toEqual({ SENT: recipients.length });
  }, 180_000);
});
