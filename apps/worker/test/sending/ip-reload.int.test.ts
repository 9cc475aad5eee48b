// The pool follows the operator without a restart: an IP added (and the others disabled)
// just after a campaign went out carries the next campaign from its first mail, although the
// worker's IP list is cached for 10 s (it is re-read when a campaign starts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues } from '@rundbrief/core';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc | undefined;

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

const sent = async (campaignId: string) => (await getDb().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status === 'SENT';

describe('sending IP changes', () => {
  it('a campaign started right after an IP was added and the others disabled leaves only from the new IP', async () => {
    const first = await seedSending({ recipients: Array.from({ length: 6 }, (_, i) => `a${i}@d${i % 3}.example`) });
    worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, SEND_BATCH_SIZE: '50', SEND_CONCURRENCY: '4' });
    await requestCampaignSend({ tenantId: first.tenant.id }, { campaignId: first.campaign.id }, { assertSendable });
    await waitFor(() => sent(first.campaign.id), 30_000, 'first campaign SENT');
    expect(new Set(sink.received.map((r) => r.remoteIp))).toEqual(new Set(['127.0.0.2', '127.0.0.3']));

    await getDb().sendingIp.updateMany({ data: { status: 'DISABLED' } });
    await getDb().sendingIp.create({ data: { address: '127.0.0.4', heloName: 'mta3.rundbrief.test' } });
    const second = await seedSending({ recipients: Array.from({ length: 6 }, (_, i) => `b${i}@d${i % 3}.example`) });
    await getDb().sendingIp.updateMany({ where: { address: { not: '127.0.0.4' } }, data: { status: 'DISABLED' } }); // seedSending re-activates its two
    await requestCampaignSend({ tenantId: second.tenant.id }, { campaignId: second.campaign.id }, { assertSendable });
    await waitFor(() => sent(second.campaign.id), 30_000, 'second campaign SENT');
    const secondMail = sink.received.filter((r) => r.rcptTo.startsWith('b'));
    expect(secondMail).toHaveLength(6);
    expect(new Set(secondMail.map((r) => r.remoteIp))).toEqual(new Set(['127.0.0.4']));
    expect(new Set(secondMail.map((r) => r.helo))).toEqual(new Set(['mta3.rundbrief.test']));
  });
});
