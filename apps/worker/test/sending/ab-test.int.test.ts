// A/B tests end to end through a real worker process, Redis, Postgres and the SMTP sink:
// the test share goes out split among the variants, the rest waits (HELD); opens recorded
// through the tracking functions pick the winner (bot opens left out), the winner job sends
// it to the rest, and every recipient gets exactly one mail. Also: a winner picked by hand
// (the later automatic job changes nothing), a foreign variant refused, and the tie rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { closeQueues, openPixelUrl } from '@rundbrief/core';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { updateCampaign } from '@rundbrief/core/authoring/campaigns';
import { sendTestCampaign } from '@rundbrief/core/authoring/test-send';
import { chooseAbWinner, scheduleAbWinner } from '@rundbrief/core/campaigns/ab-send';
import { getAbReport } from '@rundbrief/core/reports/ab-report';
import { closeTrackingRedis, recordOpen, trackingBufferKey, trackingRedis } from '@rundbrief/core/tracking/record';
import { flushTrackingEvents } from '@rundbrief/core/tracking/flush';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

const HUMAN = { method: 'GET', ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', ip: '198.51.100.20' };
const APPLE_PROXY = { method: 'GET', ua: 'Mozilla/5.0', ip: '17.58.101.12' };
const tokenOf = (url: string) => url.split('/').pop()!;

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;

beforeAll(async () => {
  await truncateAll();
  await trackingRedis().del(trackingBufferKey());
  sink = await startSink();
  worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, SEND_BATCH_SIZE: '10' });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeTrackingRedis();
  await closeQueues();
});

const subjectsOf = async (addrs: string[]) => {
  const out = new Map<string, string[]>();
  for (const a of addrs) out.set(a, await Promise.all(sink.received.filter((r) => r.rcptTo === a).map(async (r) => (await simpleParser(r.raw)).subject ?? '')));
  return out;
};

async function abCampaign(tag: string, n: number, variants: string[], testPercent: number, metric: 'OPEN' | 'CLICK' = 'OPEN') {
  const recipients = Array.from({ length: n }, (_, i) => `${tag}${i}@d${i % 5}.example`);
  const seed = await seedSending({ recipients });
  const ctx = { tenantId: seed.tenant.id };
  await updateCampaign(ctx, seed.campaign.id, {
    abTest: { differs: ['subject'], testPercent, metric, waitMinutes: 60, variants: variants.map((subject) => ({ subject })) },
  });
  await requestCampaignSend(ctx, { campaignId: seed.campaign.id }, { assertSendable });
  return { seed, ctx, recipients, campaignId: seed.campaign.id };
}

const messagesOf = (campaignId: string) => getDb().message.findMany({ where: { campaignId } });
const variantsOf = (campaignId: string) => getDb().campaignVariant.findMany({ where: { campaignId }, orderBy: { label: 'asc' } });

describe('A/B test: automatic winner by bot-filtered open rate', () => {
  it('sends the test share split evenly, holds the rest, sends the winner to the rest, one mail per recipient', async () => {
    const { campaignId, recipients, seed } = await abCampaign('auto', 40, ['Subject A', 'Subject B', 'Subject C'], 30);
    // test = round(40 * 30 %) = 12: 4 per variant; 28 held
    await waitFor(async () => (await getDb().message.count({ where: { campaignId, status: 'SENT' } })) === 12, 45_000, 'test share sent');
    let msgs = await messagesOf(campaignId);
    expect(msgs.filter((m) => m.status === 'HELD')).toHaveLength(28);
    expect(msgs.filter((m) => m.status === 'HELD' && m.variantId)).toHaveLength(0);
    const variants = await variantsOf(campaignId);
    const [A, B, C] = variants as [typeof variants[0], typeof variants[0], typeof variants[0]];
    const of = (v: { id: string }) => msgs.filter((m) => m.variantId === v.id);
    expect([of(A).length, of(B).length, of(C).length]).toEqual([4, 4, 4]);
    // each variant compiled once at start and frozen
    for (const v of variants) expect(v.compiled).not.toBeNull();
    // what the test recipients received is their variant's subject
    const firstRound = await subjectsOf(recipients);
    for (const m of msgs.filter((x) => x.status === 'SENT')) {
      const label = variants.find((v) => v.id === m.variantId)!.label;
      expect(firstRound.get(m.email)).toEqual([`Subject ${label}`]);
    }
    expect(sink.received.filter((r) => r.rcptTo.startsWith('auto'))).toHaveLength(12);

    // Opens: B 2 of 4 humans; A 1 of 4; C 4 of 4 but all by Apple's privacy proxy (machine).
    for (const m of of(B).slice(0, 2)) await recordOpen(tokenOf(openPixelUrl(m.id)), HUMAN);
    for (const m of of(A).slice(0, 1)) await recordOpen(tokenOf(openPixelUrl(m.id)), HUMAN);
    for (const m of of(C)) await recordOpen(tokenOf(openPixelUrl(m.id)), APPLE_PROXY);
    await flushTrackingEvents();

    // The wait is over: the real winner job (delayed job of the start is an hour away; this
    // one is due now) runs in the worker.
    await scheduleAbWinner(seed.tenant.id, campaignId, new Date());
    await waitFor(async () => (await getDb().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === 'SENT', 45_000, 'campaign SENT');

    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(c.abWinnerVariantId).toBe(B.id);
    expect(c.abWinnerChosenBy).toBe('AUTO');
    msgs = await messagesOf(campaignId);
    expect(msgs.every((m) => m.status === 'SENT')).toBe(true);
    expect(msgs.filter((m) => m.variantId === B.id)).toHaveLength(4 + 28);
    // every recipient exactly one mail; the rest got B, test recipients of A and C kept theirs
    const all = await subjectsOf(recipients);
    for (const m of msgs) {
      expect(all.get(m.email)).toHaveLength(1);
      expect(all.get(m.email)![0]).toBe(`Subject ${variants.find((v) => v.id === m.variantId)!.label}`);
    }
    expect(sink.received.filter((r) => r.rcptTo.startsWith('auto'))).toHaveLength(40);

    const report = (await getAbReport({ tenantId: seed.tenant.id }, campaignId))!;
    expect(report.winner).toMatchObject({ label: 'B', by: 'AUTO' });
    const row = (l: string) => report.variants.find((v) => v.label === l)!;
    expect(row('A')).toMatchObject({ sent: 4, opens: 1, machineOpens: 0 });
    expect(row('B')).toMatchObject({ sent: 32, opens: 2, winner: true });
    expect(row('C')).toMatchObject({ sent: 4, opens: 0, machineOpens: 4 });

    // One Message row per recipient and campaign: the unique index refuses a second one.
    await expect(getDb().message.create({ data: { tenantId: seed.tenant.id, campaignId, subscriberId: msgs[0]!.subscriberId, email: msgs[0]!.email } }))
      .rejects.toMatchObject({ code: 'P2002' });
  });
});

describe('A/B test: winner picked by hand, foreign variants, ties', () => {
  it('the marketer picks the winner before the wait ends; the automatic job later changes nothing', async () => {
    const { campaignId, recipients, ctx } = await abCampaign('hand', 20, ['Hand A', 'Hand B'], 20);
    await waitFor(async () => (await getDb().message.count({ where: { campaignId, status: 'SENT' } })) === 4, 45_000, 'test share sent');
    const [A, B] = await variantsOf(campaignId);
    // A variant of another campaign (of another tenant) is no variant of this one: 404, nothing moves.
    const other = await abCampaign('other', 4, ['Other A', 'Other B'], 50);
    const [foreign] = await variantsOf(other.campaignId);
    await expect(chooseAbWinner(ctx, campaignId, { by: 'MANUAL', variantId: foreign!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // and another tenant cannot pick on this campaign at all
    await expect(chooseAbWinner(other.ctx, campaignId, { by: 'MANUAL', variantId: B!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().message.count({ where: { campaignId, status: 'HELD' } })).toBe(16);
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: campaignId } })).abWinnerVariantId).toBeNull();

    const r = await chooseAbWinner(ctx, campaignId, { by: 'MANUAL', variantId: B!.id });
    expect(r).toMatchObject({ chosen: true, label: 'B', released: 16 });
    await expect(chooseAbWinner(ctx, campaignId, { by: 'MANUAL', variantId: A!.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await waitFor(async () => (await getDb().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === 'SENT', 45_000, 'campaign SENT');
    // the automatic pick arrives after: no second choice, no second mail
    expect(await chooseAbWinner(ctx, campaignId, { by: 'AUTO' })).toMatchObject({ chosen: false });
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(c).toMatchObject({ abWinnerVariantId: B!.id, abWinnerChosenBy: 'MANUAL' });
    const all = await subjectsOf(recipients);
    for (const a of recipients) expect(all.get(a)).toHaveLength(1);
    expect([...all.values()].filter((s) => s[0] === 'Hand B')).toHaveLength(2 + 16);
  });

  it('a tie goes to the earlier variant', async () => {
    const { campaignId, ctx } = await abCampaign('tie', 10, ['Tie A', 'Tie B'], 40);
    await waitFor(async () => (await getDb().message.count({ where: { campaignId, status: 'SENT' } })) === 4, 45_000, 'test share sent');
    const [A, B] = await variantsOf(campaignId);
    const msgs = await messagesOf(campaignId);
    // one human open each on 2 delivered each: 50 % vs 50 %
    for (const v of [B!, A!]) await recordOpen(tokenOf(openPixelUrl(msgs.find((m) => m.variantId === v.id)!.id)), HUMAN);
    await flushTrackingEvents();
    expect(await chooseAbWinner(ctx, campaignId, { by: 'AUTO' })).toMatchObject({ chosen: true, label: 'A', released: 6 });
    await waitFor(async () => (await getDb().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === 'SENT', 45_000, 'campaign SENT');
  });
});

describe('A/B test: test sends', () => {
  it('a test send of an A/B draft sends each variant, marked with its label', async () => {
    const seed = await seedSending({ recipients: ['nobody-yet@d0.example'] });
    const ctx = { tenantId: seed.tenant.id };
    await updateCampaign(ctx, seed.campaign.id, { abTest: { differs: ['subject'], testPercent: 20, metric: 'OPEN', waitMinutes: 60, variants: [{ subject: 'Try one' }, { subject: 'Try two' }] } });
    await sendTestCampaign(ctx, seed.campaign.id, { recipients: ['tester@qa.example'] });
    await waitFor(() => sink.received.filter((r) => r.rcptTo === 'tester@qa.example').length === 2, 30_000, 'two test mails');
    const subjects = (await subjectsOf(['tester@qa.example'])).get('tester@qa.example')!.sort();
    expect(subjects).toEqual(['[TEST] [Variant A] Try one', '[TEST] [Variant B] Try two']);
  });
});
