// Operator limits on a tenant's sending (/admin/tenants): the per-minute rate the send step
// throttles to and the daily cap. The change is recorded in the tenant's own audit log,
// like a suspension, so the tenant can see who changed its limits and when.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { assertPlatformOperator, auditOperator, type OperatorActor } from './operator.ts';
import { zodText } from '../texts.ts';

export const MAX_SEND_RATE_PER_MINUTE = 100_000;
export const MAX_DAILY_SEND_LIMIT = 10_000_000;

export const tenantLimitsInput = z.object({
  sendRatePerMinute: z.coerce.number(zodText('operator.ratePerMinuteNumber', 'Enter messages per minute as a whole number.'))
    .int(zodText('operator.ratePerMinuteNumber', 'Enter messages per minute as a whole number.'))
    .min(1, zodText('operator.rateMin', 'At least 1 message per minute (suspend the tenant to stop its sending).'))
    .max(MAX_SEND_RATE_PER_MINUTE, zodText('operator.rateMax', `At most ${MAX_SEND_RATE_PER_MINUTE.toLocaleString('en')} messages per minute.`, { max: MAX_SEND_RATE_PER_MINUTE })),
  dailySendLimit: z.preprocess(
    (v) => (v === '' || v === null || v === undefined ? null : v),
    z.coerce.number(zodText('operator.dailyNumberOrEmpty', 'Enter messages per day as a whole number, or leave it empty for no daily limit.'))
      .int(zodText('operator.dailyNumber', 'Enter messages per day as a whole number.'))
      .min(1, zodText('operator.dailyMin', 'At least 1 message per day (empty: no daily limit).'))
      .max(MAX_DAILY_SEND_LIMIT, zodText('operator.dailyMax', `At most ${MAX_DAILY_SEND_LIMIT.toLocaleString('en')} messages per day.`, { max: MAX_DAILY_SEND_LIMIT }))
      .nullable(),
  ),
});

export async function setTenantSendLimits(actor: OperatorActor, tenantId: string, input: unknown) {
  await assertPlatformOperator(actor);
  const data = tenantLimitsInput.parse(input);
  if (!z.uuid().safeParse(tenantId).success) throw new DomainError('NOT_FOUND', 'Tenant not found').withText('common.notFound', { what: 'Tenant' });
  const db = getDb();
  const before = await db.tenant.findUnique({ where: { id: tenantId }, select: { sendRatePerMinute: true, dailySendLimit: true } });
  if (!before) throw new DomainError('NOT_FOUND', 'Tenant not found').withText('common.notFound', { what: 'Tenant' });
  await db.tenant.update({ where: { id: tenantId }, data });
  await auditOperator(actor, tenantId, 'tenant.send_limits.update', tenantId, { before, after: data });
  return data;
}
