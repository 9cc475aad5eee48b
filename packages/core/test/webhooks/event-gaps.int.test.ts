// Webhook events of the paths that used to record none or record theirs outside the write's
// transaction: the CSV import (set-based, in the import's transaction), the sign-up
// (hosted form, API, by hand), a marketer's remove-from-list, and the A/B winner (automatic
// and manual). Each event exactly once for a subscribed enabled endpoint, none otherwise,
// and a sign-up or import that fails after its event statement leaves no event.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import {
  addSubscriberByHand, closeFormLimiter, closeQueues, createImport, createList, formToken, removeFromList, runImport, startImport,
  submitSignupForm, subscribe,
} from '../../src/index.ts';
import { chooseAbWinner } from '../../src/campaigns/ab-send.ts';
import { systemCtx } from '../../src/context.ts';
import { seedCampaign, seedTenant } from '../feedback/fixtures.ts';
import { apiCtx, makeEndpoint } from './helpers.ts';

const db = getDb();
const eventsOf = async (tenantId: string, type?: string) =>
  (await db.webhookEvent.findMany({ where: { tenantId, ...(type ? { type } : {}) }, orderBy: { createdAt: 'asc' } }))
    .map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));
const byEmail = (a: { data: Record<string, unknown> }, b: { data: Record<string, unknown> }) => String(a.data.email).localeCompare(String(b.data.email));
const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

beforeAll(async () => { process.env.IMPORT_DIR = await mkdtemp(join(tmpdir(), 'rb-import-wh-')); });
beforeEach(truncateAll);
afterAll(async () => {
  await db.$executeRawUnsafe('DROP FUNCTION IF EXISTS wh_test_fail() CASCADE');
  await closeFormLimiter();
  await closeQueues();
  await db.$disconnect();
});

/** A trigger that fails the statement (and so its transaction): the write after the event. */
async function failing<T>(table: 'Subscription' | 'Import', when: string, fn: () => Promise<T>): Promise<T> {
  await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION wh_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER wh_test_fail BEFORE INSERT OR UPDATE ON "${table}" FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION wh_test_fail()`);
  try {
    return await fn();
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS wh_test_fail ON "${table}"`);
  }
}

async function importCsv(tenantId: string, listId: string, csv: string) {
  const created = await createImport({ tenantId }, { listId, fileName: 'people.csv', body: Readable.from([Buffer.from(csv)]) });
  await startImport({ tenantId }, created.import.id, { mapping: { email: 'email', fields: {} }, attestation: 'Customers who ticked the box at checkout.' });
  return runImport({ tenantId }, created.import.id);
}

describe('CSV import', () => {
  it('records subscriber.created for each new subscriber and subscriber.confirmed for each subscription it confirmed', async () => {
    const t = await seedTenant('Acme');
    const ep = await makeEndpoint(t.id, 'https://hooks.example.com/a', ['subscriber.created', 'subscriber.confirmed']);
    const list = await createList({ tenantId: t.id }, { name: 'Customers' });
    // Known before the import: one without this list (gets a confirmed subscription, no
    // "created"), one already confirmed on it (left alone: no event at all).
    const known = await db.subscriber.create({ data: { tenantId: t.id, email: 'known@example.com' } });
    const member = await db.subscriber.create({ data: { tenantId: t.id, email: 'member@example.com' } });
    await db.subscription.create({ data: { tenantId: t.id, listId: list.id, subscriberId: member.id, status: 'CONFIRMED', source: 'FORM', confirmedAt: new Date() } });

    const out = await importCsv(t.id, list.id, 'email\nnew1@example.com\nKnown@example.com\nnew2@example.com\nmember@example.com\nbroken@@x\n');
    expect(out).toMatchObject({ status: 'DONE', importedRows: 4, refusedRows: 1 });

    const ids = Object.fromEntries((await db.subscriber.findMany({ where: { tenantId: t.id } })).map((s) => [s.email, s.id]));
    const created = (await eventsOf(t.id, 'subscriber.created')).sort(byEmail);
    expect(created).toEqual([
      { type: 'subscriber.created', data: { subscriberId: ids['new1@example.com'], email: 'new1@example.com', listId: list.id, source: 'IMPORT' } },
      { type: 'subscriber.created', data: { subscriberId: ids['new2@example.com'], email: 'new2@example.com', listId: list.id, source: 'IMPORT' } },
    ]);
    const confirmed = (await eventsOf(t.id, 'subscriber.confirmed')).sort(byEmail);
    expect(confirmed.map((e) => e.data.email)).toEqual(['known@example.com', 'new1@example.com', 'new2@example.com']);
    expect(confirmed[0]).toEqual({ type: 'subscriber.confirmed', data: { subscriberId: known.id, email: 'known@example.com', listId: list.id, source: 'IMPORT', confirmedAt: iso } });
    const sub = await db.subscription.findFirstOrThrow({ where: { subscriberId: known.id, listId: list.id } });
    expect(confirmed[0]!.data.confirmedAt).toBe(sub.confirmedAt!.toISOString());
    expect(await db.webhookDelivery.count({ where: { endpointId: ep.endpoint.id } })).toBe(5);

    // Re-imported: nobody is new and every subscription exists: nothing recorded.
    await importCsv(t.id, list.id, 'email\nnew1@example.com\nknown@example.com\n');
    expect(await db.webhookEvent.count({ where: { tenantId: t.id } })).toBe(5);
  });

  it('records nothing when no enabled endpoint subscribes, and nothing when the import fails after its event statement', async () => {
    const t = await seedTenant('Acme');
    await makeEndpoint(t.id, 'https://hooks.example.com/other', ['message.bounced']);
    const off = await makeEndpoint(t.id, 'https://hooks.example.com/off', ['subscriber.created', 'subscriber.confirmed']);
    await db.webhookEndpoint.update({ where: { id: off.endpoint.id }, data: { enabled: false } });
    const list = await createList({ tenantId: t.id }, { name: 'Customers' });
    expect(await importCsv(t.id, list.id, 'email\na@example.com\nb@example.com\n')).toMatchObject({ status: 'DONE', importedRows: 2 });
    expect(await db.webhookEvent.count()).toBe(0);

    await db.webhookEndpoint.update({ where: { id: off.endpoint.id }, data: { enabled: true } });
    // The import's last write (its own row set DONE) fails: merge and events roll back together.
    await expect(failing('Import', `NEW.status = 'DONE'`, () => importCsv(t.id, list.id, 'email\nc@example.com\nd@example.com\n'))).rejects.toThrow(/forced failure/);
    expect(await db.import.findFirst({ where: { tenantId: t.id }, orderBy: { createdAt: 'desc' } })).toMatchObject({ status: 'FAILED', importedRows: 0 });
    expect(await db.subscriber.count({ where: { tenantId: t.id, email: { in: ['c@example.com', 'd@example.com'] } } })).toBe(0);
    expect(await db.webhookEvent.count()).toBe(0);
    expect(await db.webhookDelivery.count()).toBe(0);
  });
});

describe('sign-up and removal', () => {
  async function setup(optInMode: 'DOUBLE' | 'CONFIRMED', events: Parameters<typeof makeEndpoint>[2] = ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed']) {
    const t = await seedTenant('Acme');
    const ep = events?.length ? await makeEndpoint(t.id, 'https://hooks.example.com/a', events) : null;
    const list = await createList({ tenantId: t.id }, { name: 'Weekly' });
    await db.list.update({ where: { id: list.id }, data: { optInMode } });
    return { t, list, ep };
  }

  it('the hosted form on a CONFIRMED-mode list records created and confirmed once; a repeat records nothing', async () => {
    const { t, list, ep } = await setup('CONFIRMED');
    const r = await submitSignupForm({ publicId: list.publicId, email: 'ida@example.com', formToken: formToken(list.publicId, Date.now() - 5_000), ip: '192.0.2.10' });
    expect(r.status).toBe('CONFIRMED');
    expect(await eventsOf(t.id)).toEqual([
      { type: 'subscriber.created', data: { subscriberId: r.subscriberId, email: 'ida@example.com', listId: list.id, source: 'FORM' } },
      { type: 'subscriber.confirmed', data: { subscriberId: r.subscriberId, email: 'ida@example.com', listId: list.id, source: 'FORM', confirmedAt: iso } },
    ]);
    await submitSignupForm({ publicId: list.publicId, email: 'ida@example.com', formToken: formToken(list.publicId, Date.now() - 5_000), ip: '192.0.2.11' });
    expect(await db.webhookEvent.count()).toBe(2);
    expect(await db.webhookDelivery.count({ where: { endpointId: ep!.endpoint.id } })).toBe(2);
  });

  it('an API sign-up records created (and confirmed on a CONFIRMED-mode list); an existing subscriber is not "created" again', async () => {
    const { t, list } = await setup('CONFIRMED');
    const r = await subscribe(apiCtx(t.id), { listId: list.id, email: 'api@example.com', source: 'API' });
    const evs = await eventsOf(t.id);
    expect(evs.map((e) => e.type)).toEqual(['subscriber.created', 'subscriber.confirmed']);
    expect(evs[0]!.data).toEqual({ subscriberId: r.subscriberId, email: 'api@example.com', listId: list.id, source: 'API' });
    const other = await createList({ tenantId: t.id }, { name: 'Other' });
    await subscribe(apiCtx(t.id), { listId: other.id, email: 'api@example.com', source: 'API' });
    expect((await eventsOf(t.id, 'subscriber.created'))).toHaveLength(1);
  });

  it('a marketer adding by hand to a double opt-in list records created only (confirmed comes with the click)', async () => {
    const { t, list } = await setup('DOUBLE');
    const r = await addSubscriberByHand(systemCtx(t.id), list.id, { email: 'hand@example.com' });
    expect(r.status).toBe('PENDING');
    expect(await eventsOf(t.id)).toEqual([{ type: 'subscriber.created', data: { subscriberId: r.subscriberId, email: 'hand@example.com', listId: list.id, source: 'ADMIN' } }]);
  });

  it('a marketer removing from a list records subscriber.unsubscribed once', async () => {
    const { t, list } = await setup('CONFIRMED', ['subscriber.unsubscribed']);
    const r = await subscribe(apiCtx(t.id), { listId: list.id, email: 'gone@example.com', source: 'API' });
    expect(await db.webhookEvent.count()).toBe(0);
    await removeFromList(systemCtx(t.id), { subscriberId: r.subscriberId, listId: list.id });
    await expect(removeFromList(systemCtx(t.id), { subscriberId: r.subscriberId, listId: list.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await eventsOf(t.id)).toEqual([{ type: 'subscriber.unsubscribed', data: {
      subscriberId: r.subscriberId, email: 'gone@example.com', listIds: [list.id], scope: 'list', reason: 'REMOVED', source: 'admin',
    } }]);
  });

  it('records nothing when no endpoint subscribes (form, API, by hand, removal)', async () => {
    const { t, list } = await setup('CONFIRMED', ['message.bounced']);
    const off = await makeEndpoint(t.id, 'https://hooks.example.com/off', ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed']);
    await db.webhookEndpoint.update({ where: { id: off.endpoint.id }, data: { enabled: false } });
    await submitSignupForm({ publicId: list.publicId, email: 'f@example.com', formToken: formToken(list.publicId, Date.now() - 5_000), ip: '192.0.2.12' });
    const r = await subscribe(apiCtx(t.id), { listId: list.id, email: 'a@example.com', source: 'API' });
    await addSubscriberByHand(systemCtx(t.id), list.id, { email: 'h@example.com' });
    await removeFromList(systemCtx(t.id), { subscriberId: r.subscriberId, listId: list.id });
    expect(await db.subscriber.count({ where: { tenantId: t.id } })).toBe(3);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it('a sign-up whose subscription write fails after the "created" event leaves neither subscriber nor event', async () => {
    const { t, list } = await setup('CONFIRMED');
    await expect(failing('Subscription', 'true', () => subscribe(apiCtx(t.id), { listId: list.id, email: 'half@example.com', source: 'API' })))
      .rejects.toThrow(/forced failure/);
    expect(await db.subscriber.count({ where: { tenantId: t.id } })).toBe(0);
    expect(await db.webhookEvent.count()).toBe(0);
    expect(await db.webhookDelivery.count()).toBe(0);
  });
});

describe('A/B winner', () => {
  async function abCampaign(events: Parameters<typeof makeEndpoint>[2] = ['campaign.ab_winner_chosen']) {
    const t = await seedTenant('Acme');
    const ep = events?.length ? await makeEndpoint(t.id, 'https://hooks.example.com/a', events) : null;
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 5 });
    await db.campaign.update({ where: { id: campaign.id }, data: { abDiffers: ['subject'], abMetric: 'OPEN', abTestPercent: 40 } });
    const A = await db.campaignVariant.create({ data: { tenantId: t.id, campaignId: campaign.id, label: 'A', subject: 'Hello A' } });
    const B = await db.campaignVariant.create({ data: { tenantId: t.id, campaignId: campaign.id, label: 'B', subject: 'Hello B' } });
    const [m0, m1, ...rest] = messages;
    await db.message.update({ where: { id: m0!.id }, data: { variantId: A.id } });
    await db.message.update({ where: { id: m1!.id }, data: { variantId: B.id, firstOpenAt: new Date() } });
    await db.message.updateMany({ where: { id: { in: rest.map((m) => m.id) } }, data: { status: 'HELD', sentAt: null } });
    return { t, ep, campaign, A, B };
  }

  it('an automatic choice records campaign.ab_winner_chosen with the figures it used, once', async () => {
    const { t, ep, campaign, B, A } = await abCampaign();
    expect(await chooseAbWinner(systemCtx(t.id), campaign.id, { by: 'AUTO' })).toMatchObject({ chosen: true, variantId: B.id, released: 3 });
    expect(await chooseAbWinner(systemCtx(t.id), campaign.id, { by: 'AUTO' })).toMatchObject({ chosen: false });
    expect(await eventsOf(t.id)).toEqual([{ type: 'campaign.ab_winner_chosen', data: {
      campaignId: campaign.id, name: campaign.name, variantId: B.id, label: 'B', metric: 'OPEN', chosenBy: 'auto', chosenAt: iso, released: 3,
      variants: [
        { variantId: A.id, label: 'A', sent: 1, opens: 0, clicks: 0 },
        { variantId: B.id, label: 'B', sent: 1, opens: 1, clicks: 0 },
      ],
    } }]);
    expect(await db.webhookDelivery.count({ where: { endpointId: ep!.endpoint.id } })).toBe(1);
  });

  it('a manual pick records it with chosenBy "manual"; a second pick is refused and records nothing', async () => {
    const { t, campaign, A, B } = await abCampaign();
    expect(await chooseAbWinner(systemCtx(t.id), campaign.id, { by: 'MANUAL', variantId: A.id })).toMatchObject({ chosen: true, variantId: A.id });
    await expect(chooseAbWinner(systemCtx(t.id), campaign.id, { by: 'MANUAL', variantId: B.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    const evs = await eventsOf(t.id);
    expect(evs).toHaveLength(1);
    expect(evs[0]!.data).toMatchObject({ campaignId: campaign.id, variantId: A.id, label: 'A', metric: 'OPEN', chosenBy: 'manual', released: 3 });
    expect((evs[0]!.data.variants as unknown[])).toHaveLength(2);
  });

  it('records nothing when no endpoint subscribes to it', async () => {
    const { t, campaign, B } = await abCampaign(['campaign.started', 'campaign.finished']);
    expect(await chooseAbWinner(systemCtx(t.id), campaign.id, { by: 'MANUAL', variantId: B.id })).toMatchObject({ chosen: true });
    expect(await db.webhookEvent.count()).toBe(0);
  });
});
