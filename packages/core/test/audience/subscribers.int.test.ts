// Subscriber listing: keyset pages, address/name search, filters, export, and tenancy.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { closeQueues, createList, exportSubscribersCsv, getSubscriber, listSubscribers, updateSubscriber } from '../../src/index.ts';
import { freshTenants } from './helpers.ts';

const db = getDb();
let tenantId: string;
let other: string;
let listId: string;

beforeEach(async () => {
  const { a, b } = await freshTenants();
  tenantId = a.id;
  other = b.id;
  listId = (await createList({ tenantId }, { name: 'L' })).id;
  const base = Date.now() - 1_000_000;
  for (let i = 0; i < 25; i++) {
    const s = await db.subscriber.create({
      data: {
        tenantId, email: `p${String(i).padStart(2, '0')}@example.com`, firstName: i % 2 ? 'Anna' : 'Ben', lastName: 'Klein',
        attributes: { plan: i < 5 ? 'pro' : 'free' }, createdAt: new Date(base + i * 1000),
        lastActivityAt: i < 3 ? new Date() : null, status: i === 24 ? 'BOUNCED' : 'ACTIVE',
      },
    });
    if (i % 5 === 0) await db.subscription.create({ data: { tenantId, listId, subscriberId: s.id, status: 'CONFIRMED', source: 'ADMIN' } });
  }
  await db.subscriber.create({ data: { tenantId: other, email: 'p01@example.com', firstName: 'Other' } });
});
afterAll(closeQueues);

describe('listSubscribers', () => {
  it('pages newest first with a keyset cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listSubscribers>> = await listSubscribers({ tenantId }, { cursor, limit: 10 });
      seen.push(...page.items.map((s) => s.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(seen[0]).toBe('p24@example.com');
    expect(new Set(seen).size).toBe(25);
  });

  it('searches by address prefix (ordered by address) and by name', async () => {
    const r = await listSubscribers({ tenantId }, { filter: { q: 'P1' }, limit: 5 });
    expect(r.items.map((s) => s.email)).toEqual(['p19@example.com', 'p18@example.com', 'p17@example.com', 'p16@example.com', 'p15@example.com']);
    const a = await listSubscribers({ tenantId }, { filter: { q: 'p1' } });
    expect(a.items).toHaveLength(10);
    for (const d of ['c', 'a', 'b']) await db.subscriber.create({ data: { tenantId, email: `zed@${d}.example` } });
    const byAddress = await listSubscribers({ tenantId }, { filter: { q: 'Zed@' }, limit: 2 });
    expect(byAddress.items.map((s) => s.email)).toEqual(['zed@a.example', 'zed@b.example']);
    const more = await listSubscribers({ tenantId }, { filter: { q: 'zed@' }, limit: 2, cursor: byAddress.nextCursor });
    expect(more.items.map((s) => s.email)).toEqual(['zed@c.example']);
    expect(more.nextCursor).toBeNull();
    // "@domain": the start of the domain, in address order, paged
    const byDomain = await listSubscribers({ tenantId }, { filter: { q: '@B.ex' }, limit: 1 });
    expect(byDomain.items.map((s) => s.email)).toEqual(['zed@b.example']);
    expect(byDomain.nextCursor).toBeNull();
    expect((await listSubscribers({ tenantId }, { filter: { q: '@example.com' }, limit: 30 })).items).toHaveLength(25);
    expect((await listSubscribers({ tenantId }, { filter: { q: '@xample' } })).items).toHaveLength(0);
    expect((await listSubscribers({ tenantId }, { filter: { q: 'anna' } })).items).toHaveLength(12);
    expect((await listSubscribers({ tenantId }, { filter: { q: 'Ben Klein' } })).items).toHaveLength(13);
    expect((await listSubscribers({ tenantId }, { filter: { q: '100%_' } })).items).toHaveLength(0);
  });

  it('filters by status, list, field value and activity', async () => {
    expect((await listSubscribers({ tenantId }, { filter: { status: 'BOUNCED' } })).items.map((s) => s.email)).toEqual(['p24@example.com']);
    expect((await listSubscribers({ tenantId }, { filter: { listId, listStatus: 'CONFIRMED' } })).items).toHaveLength(5);
    expect((await listSubscribers({ tenantId }, { filter: { field: 'plan', fieldValue: 'pro' } })).items).toHaveLength(5);
    expect((await listSubscribers({ tenantId }, { filter: { activeDays: 30 } })).items).toHaveLength(3);
    expect((await listSubscribers({ tenantId }, { filter: { activeDays: -30 } })).items).toHaveLength(22);
  });

  it('exports the filtered subscribers as CSV', async () => {
    let csv = '';
    for await (const chunk of exportSubscribersCsv({ tenantId }, { listId })) csv += chunk;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('email,first_name,last_name,status,created_at,last_activity_at');
    expect(lines).toHaveLength(6);
    expect(csv).not.toContain('Other');
  });

  it("never shows or changes another tenant's subscribers", async () => {
    const theirs = await db.subscriber.findFirstOrThrow({ where: { tenantId: other } });
    expect((await listSubscribers({ tenantId }, { filter: { q: 'Other' } })).items).toHaveLength(0);
    await expect(getSubscriber({ tenantId }, theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateSubscriber({ tenantId }, theirs.id, { firstName: 'X' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getSubscriber({ tenantId }, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: theirs.id } })).firstName).toBe('Other');
  });
});
