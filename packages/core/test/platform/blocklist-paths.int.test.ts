// One platform blocklist rule on every path (deliverability/blocklist-match.ts): a domain
// entry example.org blocks a@mail.example.org at a form sign-up, an API sign-up, a
// subscriber added by hand, a CSV import (refused per row, with the entry named) and the
// campaign snapshot (left out, and the editor's count agrees); look-alikes are not blocked.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { closeQueues, createImport, createList, runImport, startImport, subscribe } from '../../src/index.ts';
import { addSubscriberByHand } from '../../src/audience/add-by-hand.ts';
import { countAudience } from '../../src/campaigns/audience.ts';
import { snapshotAudience } from '../../src/sending/snapshot.ts';
import { freshTenants } from '../audience/helpers.ts';

const db = getDb();
let tenantId: string;
let listId: string;
const ctx = () => ({ tenantId });

beforeAll(async () => { process.env.IMPORT_DIR = await mkdtemp(join(tmpdir(), 'rb-import-')); });
beforeEach(async () => {
  const { a } = await freshTenants();
  tenantId = a.id;
  listId = (await createList(ctx(), { name: 'News', optInMode: 'SINGLE' })).id;
  await db.blockedAddress.create({ data: { value: 'example.org', kind: 'FORM_SPAM_DOMAIN' } });
  await db.blockedAddress.create({ data: { value: 'trap@example.net', kind: 'SPAM_TRAP' } });
});
afterAll(closeQueues);

describe('platform blocklist on every path', () => {
  it('form and API sign-ups and a subscriber added by hand are refused for a subdomain of a blocked domain', async () => {
    for (const source of ['FORM', 'API'] as const) {
      await expect(subscribe(ctx(), { listId, email: 'a@mail.example.org', source })).rejects.toThrow('cannot be subscribed');
    }
    await expect(addSubscriberByHand(ctx(), listId, { email: 'a@mail.example.org', firstName: '', lastName: '' })).rejects.toThrow('cannot be subscribed');
    await expect(subscribe(ctx(), { listId, email: 'a@deep.mail.example.org', source: 'FORM' })).rejects.toThrow('cannot be subscribed');
    await expect(subscribe(ctx(), { listId, email: 'trap@example.net', source: 'API' })).rejects.toThrow('cannot be subscribed');
    // look-alikes are someone else's domains
    expect((await subscribe(ctx(), { listId, email: 'a@notexample.org', source: 'FORM' })).status).toBeDefined();
    expect((await subscribe(ctx(), { listId, email: 'a@example.org.other.test', source: 'API' })).status).toBeDefined();
    expect((await subscribe(ctx(), { listId, email: 'other@example.net', source: 'API' })).status).toBeDefined();
    expect((await db.subscriber.findMany({ orderBy: { email: 'asc' } })).map((s) => s.email)).toEqual(['a@example.org.other.test', 'a@notexample.org', 'other@example.net']);
  });

  it('a CSV import refuses the rows per row and names the entry; the others are imported', async () => {
    const csv = 'email\na@mail.example.org\nb@example.org\nok@notexample.org\ntrap@example.net\nok@example.net\n';
    const created = await createImport(ctx(), { listId, fileName: 'p.csv', body: Readable.from([Buffer.from(csv)]) });
    await startImport(ctx(), created.import.id, { mapping: { email: 'email', fields: {} }, attestation: 'Bought at the shop and ticked the box (2026).' });
    expect(await runImport(ctx(), created.import.id)).toMatchObject({ importedRows: 2, refusedRows: 3 });
    const report = readFileSync((await db.import.findUniqueOrThrow({ where: { id: created.import.id } })).reportPath!, 'utf8').trim().split('\n');
    // (each row ends with how the file was read: encoding, separator, decimal mark)
    expect(report.slice(1)).toEqual([
      '2,a@mail.example.org,blocked,platform blocklist: example.org (form spam domain),utf-8,comma,point',
      '3,b@example.org,blocked,platform blocklist: example.org (form spam domain),utf-8,comma,point',
      '5,trap@example.net,blocked,platform blocklist: trap@example.net (spam trap),utf-8,comma,point',
    ]);
    expect((await db.subscriber.findMany({ orderBy: { email: 'asc' } })).map((s) => s.email)).toEqual(['ok@example.net', 'ok@notexample.org']);
  });

  it('the campaign snapshot leaves out subscribers on a blocked domain, its subdomains and blocked addresses; the count agrees', async () => {
    // Subscribed before the entries existed (or imported around them): the snapshot still applies them.
    await db.blockedAddress.deleteMany();
    for (const email of ['a@mail.example.org', 'b@example.org', 'c@x.y.example.org', 'trap@example.net', 'ok@example.net', 'ok@notexample.org', 'ok@example.org.other.test']) {
      const s = await db.subscriber.create({ data: { tenantId, email } });
      await db.subscription.create({ data: { tenantId, listId, subscriberId: s.id, source: 'IMPORT', status: 'CONFIRMED', confirmedAt: new Date() } });
    }
    await db.blockedAddress.create({ data: { value: 'example.org', kind: 'FORM_SPAM_DOMAIN' } });
    await db.blockedAddress.create({ data: { value: 'trap@example.net', kind: 'SPAM_TRAP' } });
    const expected = ['ok@example.net', 'ok@example.org.other.test', 'ok@notexample.org'];
    expect(await countAudience(ctx(), { listIds: [listId] })).toEqual({ recipients: expected.length, sunsetExcluded: 0 });
    const c = await db.campaign.create({ data: { tenantId, name: 'N', subject: 'x', mjml: '<mjml/>' } });
    const snap = await db.$transaction((tx) => snapshotAudience(ctx(), tx, { campaignId: c.id, listIds: [listId], segment: null, reengagement: false }));
    expect(snap.recipientCount).toBe(expected.length);
    expect((await db.message.findMany({ where: { campaignId: c.id }, orderBy: { email: 'asc' } })).map((m) => m.email)).toEqual(expected);
  });
});
