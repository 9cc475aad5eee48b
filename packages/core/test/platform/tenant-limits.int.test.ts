// Operators set a tenant's send rate and daily limit without SQL, within sane ranges; a
// tenant user cannot raise its own limits; the change is in the tenant's audit log.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { setTenantSendLimits } from '../../src/platform/tenant-limits.ts';
import type { OperatorActor } from '../../src/platform/operator.ts';
import { failure, seedOperatorAndOwner, zodMessages } from './operators.ts';

let op: OperatorActor;
let owner: OperatorActor;
let tenantId: string;
const limits = async () => getDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { sendRatePerMinute: true, dailySendLimit: true } });

beforeEach(async () => {
  ({ op, owner, tenantId } = await seedOperatorAndOwner());
});
afterAll(() => getDb().$disconnect());

describe('tenant send limits', () => {
  it('an operator sets rate and daily limit (empty: none); the tenant’s audit log has each change', async () => {
    await setTenantSendLimits(op, tenantId, { sendRatePerMinute: '120', dailySendLimit: '5000' });
    expect(await limits()).toEqual({ sendRatePerMinute: 120, dailySendLimit: 5000 });
    await setTenantSendLimits(op, tenantId, { sendRatePerMinute: '600', dailySendLimit: '' });
    expect(await limits()).toEqual({ sendRatePerMinute: 600, dailySendLimit: null });
    const log = await getDb().auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(log.map((l) => [l.tenantId, l.action, l.actor, l.ip])).toEqual([
      [tenantId, 'tenant.send_limits.update', op.email, op.ip],
      [tenantId, 'tenant.send_limits.update', op.email, op.ip],
    ]);
    expect(log[1]!.details).toEqual({ before: { sendRatePerMinute: 120, dailySendLimit: 5000 }, after: { sendRatePerMinute: 600, dailySendLimit: null } });
  });

  it('refuses a tenant user (even the owner), changing nothing', async () => {
    expect(await failure(setTenantSendLimits(owner, tenantId, { sendRatePerMinute: '100000', dailySendLimit: '' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await limits()).toEqual({ sendRatePerMinute: 6000, dailySendLimit: null });
    expect(await getDb().auditLog.count()).toBe(0);
  });

  it('refuses values out of range, saying why; an unknown tenant is NOT_FOUND', async () => {
    const messages = (input: object) => zodMessages(setTenantSendLimits(op, tenantId, input));
    expect(await messages({ sendRatePerMinute: '0', dailySendLimit: '' })).toEqual(['At least 1 message per minute (suspend the tenant to stop its sending).']);
    expect(await messages({ sendRatePerMinute: '100001', dailySendLimit: '' })).toEqual(['At most 100,000 messages per minute.']);
    expect(await messages({ sendRatePerMinute: '60', dailySendLimit: '-5' })).toEqual(['At least 1 message per day (empty: no daily limit).']);
    expect(await messages({ sendRatePerMinute: 'fast', dailySendLimit: '' })).toEqual(['Enter messages per minute as a whole number.']);
    expect(await failure(setTenantSendLimits(op, '00000000-0000-4000-8000-000000000009', { sendRatePerMinute: '60', dailySendLimit: '' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await limits()).toEqual({ sendRatePerMinute: 6000, dailySendLimit: null });
  });
});
