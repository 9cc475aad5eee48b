// The tenant's daily send limit through a real worker process, Redis and the SMTP sink:
// what is over the day's budget waits (DEFERRED, no attempt, reason shown) for the next UTC
// day and then goes out, each recipient once. "The next day" is simulated the way it looks
// to the send step: today's counter is gone and the waiting messages are due.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, coreEnv, getQueue, QUEUES } from '@rundbrief/core';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable, checkCampaign } from '@rundbrief/core/authoring/sendable';
import { getCampaignProgress } from '@rundbrief/core/sending/control';
import { tenantDayKey, utcDay } from '@rundbrief/core/sending/limits';
import { platformRedis } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { messageStatuses, seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(async () => {
  await truncateAll();
  sink = await startSink();
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await sink.close();
  await closeQueues();
});

describe('daily send limit', () => {
  it('limit 5, campaign of 8: 5 go out today, 3 wait for the next day with the reason, then go out; nobody twice', async () => {
    const recipients = Array.from({ length: 8 }, (_, i) => `r${i}@d${i % 3}.example`);
    const seed = await seedSending({ recipients });
    await getDb().tenant.update({ where: { id: seed.tenant.id }, data: { dailySendLimit: 5 } });
    const redis = await platformRedis();
    const dayKey = tenantDayKey(`${coreEnv().QUEUE_PREFIX}:send`, seed.tenant.id, utcDay().day);
    await redis.del(dayKey);

    // The checklist warns before the start: 8 recipients, 5 left today.
    const check = await checkCampaign({ tenantId: seed.tenant.id }, seed.campaign.id);
    expect(check.items.find((i) => i.id === 'daily-limit')).toMatchObject({ ok: false, severity: 'warn' });
    expect(check.sendable).toBe(true);

    worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, SEND_BATCH_SIZE: '50', SEND_CONCURRENCY: '4' });
    await requestCampaignSend({ tenantId: seed.tenant.id }, { campaignId: seed.campaign.id }, { assertSendable });
    await waitFor(async () => (await messageStatuses(seed.campaign.id)).DEFERRED === 3, 30_000, 'the rest deferred');
    await sleep(1000); // anything over the limit would have gone out by now
    expect(sink.received).toHaveLength(5);
    expect(await messageStatuses(seed.campaign.id)).toEqual({ SENT: 5, DEFERRED: 3 });
    const { endsAt } = utcDay();
    const waiting = await getDb().message.findMany({ where: { campaignId: seed.campaign.id, status: 'DEFERRED' } });
    for (const m of waiting) {
      expect(m.attempts).toBe(0);
      expect(m.bounceCategory).toBeNull();
      expect(m.nextAttemptAt).toEqual(endsAt);
      expect(m.smtpReply).toMatch(/^Daily send limit reached; continues at /);
    }
    const campaign = await getDb().campaign.findUniqueOrThrow({ where: { id: seed.campaign.id } });
    expect(campaign.status).toBe('SENDING');
    expect(campaign.dailyLimitUntil).toEqual(endsAt);
    const progress = await getCampaignProgress({ tenantId: seed.tenant.id }, seed.campaign.id);
    expect(progress.dailyLimit).toBe(`Daily limit reached, continues at ${endsAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.`);
    expect(progress.deferred).toBe(3);
    // The continuation is a delayed job due at midnight UTC.
    const delayed = (await getQueue(QUEUES.send).getDelayed()).filter((j) => j.data.campaignId === seed.campaign.id);
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.timestamp + delayed[0]!.delay).toBeGreaterThanOrEqual(endsAt.getTime());

    // The next day: a fresh counter, the messages are due, the delayed job runs.
    await redis.del(dayKey);
    await getDb().message.updateMany({ where: { campaignId: seed.campaign.id, status: 'DEFERRED' }, data: { nextAttemptAt: new Date() } });
    await delayed[0]!.promote();
    await waitFor(async () => (await getDb().campaign.findUniqueOrThrow({ where: { id: seed.campaign.id } })).status === 'SENT', 30_000, 'campaign SENT');
    expect(sink.received).toHaveLength(8);
    expect(new Set(sink.received.map((r) => r.rcptTo))).toEqual(new Set(recipients));
    expect(await messageStatuses(seed.campaign.id)).toEqual({ SENT: 8 });
    expect(Number(await redis.get(dayKey))).toBe(3);
    expect((await getCampaignProgress({ tenantId: seed.tenant.id }, seed.campaign.id)).dailyLimit).toBeNull();
  });
});
