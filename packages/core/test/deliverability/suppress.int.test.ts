import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, sqlTransaction } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { writeSuppressions } from '../../src/deliverability/suppress.ts';
import { sha256 } from '../../src/crypto.ts';
import { seedTenant } from '../feedback/fixtures.ts';

const db = () => getDb();
const rowOf = (tenantId: string, email: string) => db().suppression.findFirst({ where: { tenantId, emailHash: sha256(email) } });

async function subscriber(tenantId: string, email: string, status: 'ACTIVE' | 'UNSUBSCRIBED' | 'BOUNCED' | 'COMPLAINED' = 'ACTIVE') {
  const s = await db().subscriber.create({ data: { tenantId, email, status } });
  const list = await db().list.create({ data: { tenantId, name: `L ${email}`, optInMode: 'SINGLE' } });
  await db().subscription.create({ data: { tenantId, listId: list.id, subscriberId: s.id, status: 'CONFIRMED', source: 'FORM', confirmedAt: new Date() } });
  return s;
}
const statusOf = async (id: string) => {
  const s = await db().subscriber.findUniqueOrThrow({ where: { id }, include: { subscriptions: true } });
  return { status: s.status, subscriptions: s.subscriptions.map((x) => x.status) };
};

describe('suppression writer', () => {
  beforeEach(() => truncateAll());
  afterAll(() => getDb().$disconnect());

  it('adds many rows in one call, once per tenant and address, and counts what it added', async () => {
    const a = await seedTenant('A');
    const b = await seedTenant('B');
    const r = await writeSuppressions('MANUAL', 'csv', [
      { tenantId: a.id, email: 'x@example.org' }, { tenantId: a.id, email: 'x@example.org', note: 'again' },
      { tenantId: a.id, email: 'y@example.org' }, { tenantId: b.id, email: 'x@example.org' },
    ]);
    expect(r).toEqual({ added: 3, upgraded: 0 });
    expect(await db().suppression.count()).toBe(3);
    expect(await writeSuppressions('MANUAL', 'csv', [{ tenantId: a.id, email: 'x@example.org' }])).toEqual({ added: 0, upgraded: 0 });
  });

  it('a stronger reason replaces a weaker one, never the other way round', async () => {
    const t = await seedTenant('A');
    const e = 'p@example.org';
    await writeSuppressions('SOFT_BOUNCE', 'dsn', [{ tenantId: t.id, email: e, note: '3 soft bounces' }]);
    expect(await writeSuppressions('HARD_BOUNCE', 'smtp', [{ tenantId: t.id, email: e, note: '550 unknown' }])).toEqual({ added: 0, upgraded: 1 });
    expect(await rowOf(t.id, e)).toMatchObject({ reason: 'HARD_BOUNCE', source: 'smtp', note: '550 unknown', email: e });
    // An unsubscribe after a hard bounce keeps the hard bounce.
    await writeSuppressions('UNSUBSCRIBE', 'link', [{ tenantId: t.id, email: e }]);
    expect((await rowOf(t.id, e))!.reason).toBe('HARD_BOUNCE');
    // A complaint outranks an unsubscribe; erasure outranks everything and drops the address.
    const u = 'u@example.org';
    await writeSuppressions('UNSUBSCRIBE', 'link', [{ tenantId: t.id, email: u }]);
    await writeSuppressions('COMPLAINT', 'fbl', [{ tenantId: t.id, email: u }]);
    expect((await rowOf(t.id, u))!.reason).toBe('COMPLAINT');
    await writeSuppressions('ERASED', 'gdpr', [{ tenantId: t.id, email: null, emailHash: sha256(u) }]);
    expect(await rowOf(t.id, u)).toMatchObject({ reason: 'ERASED', email: null, note: null });
    await writeSuppressions('COMPLAINT', 'fbl', [{ tenantId: t.id, email: u }]);
    expect(await rowOf(t.id, u)).toMatchObject({ reason: 'ERASED', email: null });
  });

  it('moves the subscriber as the reason implies, in the caller’s transaction', async () => {
    const t = await seedTenant('A');
    const other = await seedTenant('B');
    const bounced = await subscriber(t.id, 'b@example.org');
    const complained = await subscriber(t.id, 'c@example.org', 'BOUNCED');
    const unsubscribed = await subscriber(t.id, 'u@example.org');
    const foreign = await subscriber(other.id, 'f@example.org');
    await sqlTransaction(async (tx) => {
      await writeSuppressions('HARD_BOUNCE', 'dsn', [{ tenantId: t.id, email: 'b@example.org', subscriberId: bounced.id }], { db: tx });
      await writeSuppressions('COMPLAINT', 'fbl', [{ tenantId: t.id, email: 'c@example.org', subscriberId: complained.id }], { db: tx });
    });
    await getDb().$transaction((tx) => writeSuppressions('UNSUBSCRIBE', 'link', [
      { tenantId: t.id, email: 'u@example.org', subscriberId: unsubscribed.id },
      // Another tenant's subscriber id named with this tenant: nothing happens to it.
      { tenantId: t.id, email: 'f@example.org', subscriberId: foreign.id },
    ], { db: tx }));
    expect(await statusOf(bounced.id)).toEqual({ status: 'BOUNCED', subscriptions: ['CONFIRMED'] });
    expect(await statusOf(complained.id)).toEqual({ status: 'COMPLAINED', subscriptions: ['UNSUBSCRIBED'] });
    expect(await statusOf(unsubscribed.id)).toEqual({ status: 'UNSUBSCRIBED', subscriptions: ['UNSUBSCRIBED'] });
    expect(await statusOf(foreign.id)).toEqual({ status: 'ACTIVE', subscriptions: ['CONFIRMED'] });
    // A later unsubscribe does not turn a complaint back into "unsubscribed".
    await writeSuppressions('UNSUBSCRIBE', 'link', [{ tenantId: t.id, email: 'c@example.org', subscriberId: complained.id }]);
    expect((await statusOf(complained.id)).status).toBe('COMPLAINED');
  });

  it('a failing transaction leaves no suppression behind', async () => {
    const t = await seedTenant('A');
    await expect(sqlTransaction(async (tx) => {
      await writeSuppressions('MANUAL', 'ui', [{ tenantId: t.id, email: 'x@example.org' }], { db: tx });
      throw new Error('later step failed');
    })).rejects.toThrow('later step failed');
    expect(await db().suppression.count()).toBe(0);
  });
});
