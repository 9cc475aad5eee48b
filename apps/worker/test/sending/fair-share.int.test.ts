// Fair share between tenants: a campaign started while another tenant's large campaign is
// sending does not wait for it to finish. Batches are prioritised by their index within
// their campaign, so the newcomer's first batches go before the running campaign's later
// ones. One real worker process taking one batch at a time makes the order observable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues } from '@rundbrief/core';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;

beforeAll(async () => {
  await truncateAll();
  sink = await startSink({ delayMs: 15 });
  worker = await startWorker({
    SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`,
    SEND_BATCH_SIZE: '10',
    SEND_CONCURRENCY: '2',
    // one batch at a time: the queue's order is the sending order
    WORKER_SEND_CONCURRENCY: '1',
  });
});

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeQueues();
});

const status = async (id: string) => (await getDb().campaign.findUniqueOrThrow({ where: { id } })).status;
const sentTo = (domain: string) => sink.received.filter((r) => r.rcptTo.endsWith(`@${domain}`)).length;

describe('fair share', () => {
  it("a small campaign of another tenant is sent while a large one is still running, not after it", async () => {
    const big = await seedSending({ recipients: Array.from({ length: 240 }, (_, i) => `a${i}@big.example`), domain: 'news.big.example' });
    const small = await seedSending({ recipients: Array.from({ length: 20 }, (_, i) => `b${i}@small.example`), domain: 'news.small.example' });

    await requestCampaignSend({ tenantId: big.tenant.id }, { campaignId: big.campaign.id }, { assertSendable });
    // The large campaign (24 batches) is under way before the small one (2 batches) starts.
    await waitFor(() => sentTo('big.example') >= 30, 30_000, 'the large campaign sending');
    await requestCampaignSend({ tenantId: small.tenant.id }, { campaignId: small.campaign.id }, { assertSendable });

    await waitFor(async () => (await status(small.campaign.id)) === 'SENT', 30_000, 'small campaign SENT');
    const bigSentWhenSmallDone = sentTo('big.example');
    expect(sentTo('small.example')).toBe(20);
    // First come, first served would have sent all 240 first; here most of it is still to go.
    expect(bigSentWhenSmallDone).toBeLessThanOrEqual(160);
    expect(await status(big.campaign.id)).toBe('SENDING');

    await waitFor(async () => (await status(big.campaign.id)) === 'SENT', 60_000, 'large campaign SENT');
    expect(sentTo('big.example')).toBe(240);
    expect(new Set(sink.received.map((r) => r.rcptTo)).size).toBe(260);
  }, 120_000);
});
