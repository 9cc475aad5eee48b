// Lifting suppressions (suppress.ts `liftSuppressions`): who may lift which reason, one
// statement for any number of rows, the marketer's audit entry in that statement, no
// webhook events, and the two use cases that lift (removeSuppression, confirmSubscription).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, sqlTransaction, type SuppressionReason } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { liftSuppressions, writeSuppressions } from '../../src/deliverability/suppress.ts';
import { removeSuppression } from '../../src/deliverability/suppression.ts';
import { closeQueues } from '../../src/index.ts';
import { sha256 } from '../../src/crypto.ts';
import { seedTenant } from '../feedback/fixtures.ts';

const db = () => getDb();
const REASONS: SuppressionReason[] = ['HARD_BOUNCE', 'SOFT_BOUNCE', 'COMPLAINT', 'UNSUBSCRIBE', 'MANUAL', 'HONEYPOT', 'ERASED'];
const addr = (r: SuppressionReason) => `${r.toLowerCase()}@example.org`;

/** One suppression per reason for the tenant; returns the entries naming them. */
async function onePerReason(tenantId: string) {
  for (const r of REASONS) {
    await writeSuppressions(r, 'test', [r === 'ERASED' ? { tenantId, email: null, emailHash: sha256(addr(r)) } : { tenantId, email: addr(r) }]);
  }
  return REASONS.map((r) => ({ tenantId, emailHash: sha256(addr(r)) }));
}
const reasonsLeft = async (tenantId: string) =>
  (await db().suppression.findMany({ where: { tenantId }, select: { reason: true } })).map((s) => s.reason).sort();

describe('lifting suppressions', () => {
  beforeEach(() => truncateAll());
  afterAll(async () => { await closeQueues(); await getDb().$disconnect(); });

  it('a marketer lifts any reason but an erasure; a re-confirmation only an unsubscribe; only in the named tenant', async () => {
    const a = await seedTenant('A');
    const b = await seedTenant('B');
    const inA = await onePerReason(a.id);
    await onePerReason(b.id);
    const byMarketer = await liftSuppressions({ kind: 'MARKETER', userId: null, actor: 'm@example.com', reason: 'cleanup' }, inA);
    expect(byMarketer.map((l) => l.reason).sort()).toEqual(['COMPLAINT', 'HARD_BOUNCE', 'HONEYPOT', 'MANUAL', 'SOFT_BOUNCE', 'UNSUBSCRIBE']);
    expect(byMarketer.every((l) => l.tenantId === a.id)).toBe(true);
    expect(await reasonsLeft(a.id)).toEqual(['ERASED']);
    expect(await reasonsLeft(b.id)).toHaveLength(REASONS.length);

    const byConsent = await liftSuppressions({ kind: 'RECONFIRMATION' }, REASONS.map((r) => ({ tenantId: b.id, emailHash: sha256(addr(r)) })));
    expect(byConsent).toEqual([expect.objectContaining({ reason: 'UNSUBSCRIBE', email: addr('UNSUBSCRIBE'), tenantId: b.id })]);
    expect(await reasonsLeft(b.id)).toEqual(['COMPLAINT', 'ERASED', 'HARD_BOUNCE', 'HONEYPOT', 'MANUAL', 'SOFT_BOUNCE']);
    expect(await liftSuppressions({ kind: 'RECONFIRMATION' }, [])).toEqual([]);
  });

  it('a marketer’s lift writes one audit entry per row in its statement; a re-confirmation none; no webhook events; subscribers stay', async () => {
    const t = await seedTenant('A');
    const user = await db().user.create({ data: { email: `m${Date.now()}@example.com`, passwordHash: 'x' } });
    const s = await db().subscriber.create({ data: { tenantId: t.id, email: addr('COMPLAINT'), status: 'COMPLAINED' } });
    await writeSuppressions('COMPLAINT', 'fbl', [{ tenantId: t.id, email: addr('COMPLAINT') }]);
    await writeSuppressions('HARD_BOUNCE', 'dsn', [{ tenantId: t.id, email: addr('HARD_BOUNCE') }]);
    await writeSuppressions('UNSUBSCRIBE', 'link', [{ tenantId: t.id, email: addr('UNSUBSCRIBE') }]);
    const events = await db().webhookEvent.count();

    // Inside a transaction that fails: neither the lift nor its audit entry stays.
    const by = { kind: 'MARKETER' as const, userId: user.id, actor: user.email, reason: 'asked by phone' };
    await expect(sqlTransaction(async (tx) => {
      await liftSuppressions(by, [{ tenantId: t.id, emailHash: sha256(addr('COMPLAINT')) }], { db: tx });
      throw new Error('later step failed');
    })).rejects.toThrow('later step failed');
    expect(await reasonsLeft(t.id)).toEqual(['COMPLAINT', 'HARD_BOUNCE', 'UNSUBSCRIBE']);
    expect(await db().auditLog.count()).toBe(0);

    await liftSuppressions(by, ['COMPLAINT', 'HARD_BOUNCE'].map((r) => ({ tenantId: t.id, emailHash: sha256(addr(r as SuppressionReason)) })));
    const audit = await db().auditLog.findMany({ where: { tenantId: t.id }, orderBy: { target: 'asc' } });
    expect(audit.map((e) => ({ userId: e.userId, actor: e.actor, action: e.action, target: e.target, ip: e.ip, details: e.details }))).toEqual([
      { userId: user.id, actor: user.email, action: 'suppression.remove', target: addr('COMPLAINT'), ip: null, details: { reason: 'asked by phone', was: 'COMPLAINT' } },
      { userId: user.id, actor: user.email, action: 'suppression.remove', target: addr('HARD_BOUNCE'), ip: null, details: { reason: 'asked by phone', was: 'HARD_BOUNCE' } },
    ]);
    await liftSuppressions({ kind: 'RECONFIRMATION' }, [{ tenantId: t.id, emailHash: sha256(addr('UNSUBSCRIBE')) }]);
    expect(await reasonsLeft(t.id)).toEqual([]);
    expect(await db().auditLog.count()).toBe(2);
    expect(await db().webhookEvent.count()).toBe(events);
    // Lifting a suppression does not move the subscriber back.
    expect((await db().subscriber.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('COMPLAINED');
  });

  it('removeSuppression lifts a complaint or hard bounce with an audited reason, never an erasure', async () => {
    const t = await seedTenant('A');
    const inT = await onePerReason(t.id);
    const rows = await db().suppression.findMany({ where: { tenantId: t.id } });
    const idOf = (r: SuppressionReason) => rows.find((x) => x.reason === r)!.id;
    await removeSuppression({ tenantId: t.id, actor: 'owner@example.com' }, { id: idOf('COMPLAINT'), reason: 'complained by mistake' });
    await removeSuppression({ tenantId: t.id, actor: 'owner@example.com' }, { id: idOf('HARD_BOUNCE'), reason: 'mailbox exists again' });
    await expect(removeSuppression({ tenantId: t.id }, { id: idOf('ERASED'), reason: 'mistake' })).rejects.toMatchObject({ code: 'POLICY' });
    expect(await reasonsLeft(t.id)).toEqual(['ERASED', 'HONEYPOT', 'MANUAL', 'SOFT_BOUNCE', 'UNSUBSCRIBE']);
    expect((await db().auditLog.findMany({ where: { action: 'suppression.remove' } })).map((e) => e.details).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))))
      .toEqual([{ reason: 'complained by mistake', was: 'COMPLAINT' }, { reason: 'mailbox exists again', was: 'HARD_BOUNCE' }]);
    // Gone meanwhile (another member removed it first): a 404, no second audit entry.
    await liftSuppressions({ kind: 'MARKETER', userId: null, actor: null, reason: 'first' }, [inT[REASONS.indexOf('MANUAL')]!]);
    expect(await db().auditLog.count()).toBe(3);
    await expect(removeSuppression({ tenantId: t.id }, { id: idOf('MANUAL'), reason: 'second' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db().auditLog.count()).toBe(3);
  });
});
