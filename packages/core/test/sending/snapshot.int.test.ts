import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { countAudience, type Segment } from '../../src/campaigns/audience.ts';
import { sha256 } from '../../src/crypto.ts';
import { eraseSubscriber } from '../../src/audience/gdpr.ts';
import { snapshotAudience } from '../../src/sending/snapshot.ts';
import { refreshMessageStatistics } from '../../src/sending/start.ts';

beforeEach(truncateAll);
afterAll(async () => {
  await getDb().$disconnect();
});

const NOW = new Date('2026-11-23T10:00:00Z');
const OLD = new Date('2025-01-01T00:00:00Z');

async function setup() {
  const { a, b } = await seedTwoTenants();
  const db = tenantDb(a.id);
  const news = await db.list.create({ data: { tenantId: a.id, name: 'News' } });
  const offers = await db.list.create({ data: { tenantId: a.id, name: 'Offers' } });
  const other = await db.list.create({ data: { tenantId: a.id, name: 'Other' } });
  const mk = async (email: string, subs: { list: string; status?: 'CONFIRMED' | 'PENDING' | 'UNSUBSCRIBED'; confirmedAt?: Date }[], opts: { status?: 'ACTIVE' | 'BOUNCED'; createdAt?: Date; lastActivityAt?: Date | null; city?: string } = {}) => {
    const s = await db.subscriber.create({ data: {
      tenantId: a.id, email, status: opts.status ?? 'ACTIVE', createdAt: opts.createdAt ?? NOW, lastActivityAt: opts.lastActivityAt ?? null,
      attributes: opts.city ? { city: opts.city } : {},
    } });
    for (const sub of subs) {
      await db.subscription.create({ data: {
        tenantId: a.id, listId: sub.list, subscriberId: s.id, source: 'IMPORT', status: sub.status ?? 'CONFIRMED',
        confirmedAt: sub.confirmedAt ?? opts.createdAt ?? NOW, createdAt: opts.createdAt ?? NOW,
      } });
    }
    return s;
  };
  return { a, b, db, news, offers, other, mk };
}

const campaign = (tenantId: string, reengagement = false) =>
  getDb().campaign.create({ data: { tenantId, name: reengagement ? 'Wir vermissen dich' : 'November', subject: 'x', mjml: '<mjml/>', reengagement } });

async function snapshot(input: { tenantId: string; campaignId: string; listIds: string[]; segment?: unknown; reengagement?: boolean }) {
  const { tenantId, ...rest } = input;
  const r = await getDb().$transaction((tx) => snapshotAudience({ tenantId }, tx, { segment: null, reengagement: false, now: NOW, ...rest }));
  const rows = await getDb().message.findMany({ where: { campaignId: input.campaignId }, orderBy: { id: 'asc' } });
  return { ...r, rows };
}

describe('audience snapshot', () => {
  it('one message per subscriber of the lists, only those the rules allow, the same number the editor shows', async () => {
    const { a, b, news, offers, other, mk } = await setup();
    const both = await mk('both@example.com', [{ list: news.id }, { list: offers.id }]);
    const one = await mk('one@example.com', [{ list: offers.id }]);
    // only through a recent confirmation in one of the campaign's lists (joined long ago, never active)
    const reconfirmed = await mk('reconfirmed@example.com', [{ list: news.id, confirmedAt: OLD }, { list: offers.id, confirmedAt: new Date('2026-10-01T00:00:00Z') }], { createdAt: OLD });
    await mk('pending@example.com', [{ list: news.id, status: 'PENDING' }, { list: other.id }]);
    await mk('left@example.com', [{ list: news.id, status: 'UNSUBSCRIBED' }]);
    await mk('bounced@example.com', [{ list: news.id }], { status: 'BOUNCED' });
    await mk('elsewhere@example.com', [{ list: other.id }]);
    // suppressed after erasure: only the hash is left, and it still keeps the address out
    await mk('erased@example.com', [{ list: news.id }]);
    await getDb().suppression.create({ data: { tenantId: a.id, email: null, emailHash: sha256('erased@example.com'), reason: 'ERASED' } });
    // another tenant's suppression of an address does not touch this tenant's audience
    await getDb().suppression.create({ data: { tenantId: b.id, email: 'one@example.com', emailHash: sha256('one@example.com'), reason: 'UNSUBSCRIBE' } });
    await mk('someone@trap.example', [{ list: news.id }]);
    await mk('honeypot@example.com', [{ list: news.id }]);
    await getDb().blockedAddress.createMany({ data: [{ value: 'trap.example', kind: 'SPAM_TRAP' }, { value: 'honeypot@example.com', kind: 'HONEYPOT' }] });
    // inactive for 6 months, and never active at all since joining long ago: both sunset-excluded
    await mk('sleepy@example.com', [{ list: news.id }], { createdAt: OLD, lastActivityAt: OLD });
    await mk('silent@example.com', [{ list: news.id }], { createdAt: OLD, lastActivityAt: null });

    const listIds = [news.id, offers.id];
    const c = await campaign(a.id);
    const snap = await snapshot({ tenantId: a.id, campaignId: c.id, listIds });
    expect(snap.rows.map((m) => m.email).sort()).toEqual(['both@example.com', 'one@example.com', 'reconfirmed@example.com']);
    expect(snap.rows.filter((m) => m.subscriberId === both.id)).toHaveLength(1);
    expect(snap).toMatchObject({ recipientCount: 3, sunsetExcluded: 2 });
    expect(await countAudience({ tenantId: a.id }, { listIds, now: NOW })).toEqual({ recipients: 3, sunsetExcluded: 2 });
    // queued, in this tenant, and ids in subscriber order (the indexes grow at their right edge)
    expect(snap.rows.every((m) => m.status === 'QUEUED' && m.tenantId === a.id)).toBe(true);
    expect(snap.rows.map((m) => m.subscriberId)).toEqual([both.id, one.id, reconfirmed.id].sort());

    // the segment narrows count and snapshot alike
    await getDb().subscriber.update({ where: { id: one.id }, data: { attributes: { city: 'Köln' } } });
    const segment: Segment = { match: 'all', rules: [{ kind: 'field', field: 'city', op: 'eq', value: 'köln' }] };
    const c2 = await campaign(a.id);
    expect((await snapshot({ tenantId: a.id, campaignId: c2.id, listIds, segment })).rows.map((m) => m.email)).toEqual(['one@example.com']);
    expect(await countAudience({ tenantId: a.id }, { listIds, now: NOW, segment })).toEqual({ recipients: 1, sunsetExcluded: 0 });

    // another tenant's list ids reach nobody
    const c3 = await campaign(b.id);
    expect((await snapshot({ tenantId: b.id, campaignId: c3.id, listIds })).recipientCount).toBe(0);
  });

  it('a re-engagement campaign takes exactly the sunset-excluded, and nobody twice', async () => {
    const { a, news, mk } = await setup();
    await mk('active@example.com', [{ list: news.id }], { createdAt: OLD, lastActivityAt: new Date('2026-11-01T00:00:00Z') });
    await mk('sleepy@example.com', [{ list: news.id }], { createdAt: OLD, lastActivityAt: OLD });
    await mk('silent@example.com', [{ list: news.id }], { createdAt: OLD });
    const listIds = [news.id];

    expect(await countAudience({ tenantId: a.id }, { listIds, now: NOW, reengagement: true })).toEqual({ recipients: 2, sunsetExcluded: 0 });
    const first = await campaign(a.id, true);
    const snap = await snapshot({ tenantId: a.id, campaignId: first.id, listIds, reengagement: true });
    expect(snap.rows.map((m) => m.email).sort()).toEqual(['silent@example.com', 'sleepy@example.com']);
    expect(snap).toMatchObject({ recipientCount: 2, sunsetExcluded: 0 });

    // someone new falls asleep; a second re-engagement campaign reaches only them
    await mk('dozing@example.com', [{ list: news.id }], { createdAt: OLD, lastActivityAt: OLD });
    expect(await countAudience({ tenantId: a.id }, { listIds, now: NOW, reengagement: true })).toEqual({ recipients: 1, sunsetExcluded: 0 });
    const second = await campaign(a.id, true);
    expect((await snapshot({ tenantId: a.id, campaignId: second.id, listIds, reengagement: true })).rows.map((m) => m.email)).toEqual(['dozing@example.com']);
    // a normal campaign still leaves all three out
    const normal = await campaign(a.id);
    expect(await snapshot({ tenantId: a.id, campaignId: normal.id, listIds })).toMatchObject({ recipientCount: 1, sunsetExcluded: 3 });
  });

  it('erasure waits for a running snapshot, then removes the messages it made for that subscriber', async () => {
    const { a, news, mk } = await setup();
    const keep = await mk('keep@example.com', [{ list: news.id }]);
    const gone = await mk('gone@example.com', [{ list: news.id }]);
    const c = await campaign(a.id);
    let erased: Promise<void> | null = null;
    let erasedEarly = false;
    await getDb().$transaction(async (tx) => {
      await snapshotAudience({ tenantId: a.id }, tx, { campaignId: c.id, listIds: [news.id], segment: null, reengagement: false, now: NOW });
      // the snapshot has not committed: the erasure must wait for it rather than miss its rows
      erased = eraseSubscriber({ tenantId: a.id }, gone.id).then(() => { erasedEarly = true; });
      await new Promise((r) => setTimeout(r, 500));
      expect(erasedEarly).toBe(false);
    });
    await erased;
    const rows = await getDb().message.findMany({ where: { campaignId: c.id } });
    expect(rows.map((m) => m.subscriberId)).toEqual([keep.id]);
    // and a later snapshot no longer sees the address (suppressed by hash)
    const later = await campaign(a.id);
    expect((await snapshot({ tenantId: a.id, campaignId: later.id, listIds: [news.id] })).rows.map((m) => m.email)).toEqual(['keep@example.com']);
  });

  it('a snapshot that is a large part of the table refreshes its statistics; a small one does not', async () => {
    const { a, news, mk } = await setup();
    for (let i = 0; i < 40; i++) await mk(`r${i}@example.com`, [{ list: news.id }]);
    const reltuples = async () => (await getDb().$queryRaw<{ n: number }[]>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = '"Message"'::regclass`)[0]!.n;
    const first = await snapshot({ tenantId: a.id, campaignId: (await campaign(a.id)).id, listIds: [news.id] });
    await refreshMessageStatistics(first.recipientCount);
    // the planner now knows the rows (so claims and records are planned for 40, not for an empty table)
    expect(await reltuples()).toBe(40);
    // 40 more on 40 is as large again: refreshed
    const second = await snapshot({ tenantId: a.id, campaignId: (await campaign(a.id)).id, listIds: [news.id] });
    await refreshMessageStatistics(second.recipientCount);
    expect(await reltuples()).toBe(80);
    // 3 more on 80 is under a tenth: left to autovacuum
    const third = await campaign(a.id);
    await getDb().$executeRaw`INSERT INTO "Message" (id, "tenantId", "campaignId", "subscriberId", email, status, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), "tenantId", ${third.id}::uuid, "subscriberId", email, 'QUEUED', now(), now() FROM "Message" WHERE "campaignId" = ${first.rows[0]!.campaignId}::uuid LIMIT 3`;
    expect(await getDb().message.count()).toBe(83);
    await refreshMessageStatistics(3);
    expect(await reltuples()).toBe(80);
  });
  it('message ids follow the subscriber order but are not guessable from a neighbour (44 random low bits)', async () => {
    const { a, news, mk } = await setup();
    for (let i = 0; i < 30; i++) await mk(`g${i}@example.com`, [{ list: news.id }]);
    const { rows } = await snapshot({ tenantId: a.id, campaignId: (await campaign(a.id)).id, listIds: [news.id] });
    const bySubscriber = [...rows].sort((x, y) => x.subscriberId.localeCompare(y.subscriberId));
    // id order = insert order = subscriber order: the index keeps growing at its right edge
    expect(rows.map((r) => r.subscriberId)).toEqual(bySubscriber.map((r) => r.subscriberId));
    const hex = rows.map((r) => r.id.replace(/-/g, ''));
    for (const h of hex) expect(h[12]).toBe('7');
    // the low 44 bits differ between every pair of neighbours (they used to count up by one)
    const low = hex.map((h) => h.slice(21));
    expect(new Set(low).size).toBe(rows.length);
    for (let i = 1; i < hex.length; i++) expect(BigInt(`0x${hex[i]}`) - BigInt(`0x${hex[i - 1]}`)).not.toBe(1n);
  });
});
