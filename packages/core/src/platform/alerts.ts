// Operator console: the sending IP pool and platform alerts (blocklist listings, blocks
// named in SMTP replies, auto-paused campaigns). Operators see every tenant's alerts.
import { z } from 'zod';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { zodText } from '../texts.ts';
import { assertPlatformOperator, type OperatorActor } from './operator.ts';

export async function listSendingIps(actor: OperatorActor) {
  await assertPlatformOperator(actor);
  return getDb().sendingIp.findMany({ orderBy: { address: 'asc' } });
}

export async function listAlerts(actor: OperatorActor, input: { includeAcknowledged?: boolean; take?: number } = {}) {
  await assertPlatformOperator(actor);
  return getDb().alert.findMany({
    where: input.includeAcknowledged ? {} : { acknowledgedAt: null },
    orderBy: { createdAt: 'desc' },
    take: input.take ?? 100,
    include: { tenant: { select: { name: true } } },
  });
}

export const acknowledgeAlertSchema = z.object({ alertId: z.uuid(zodText('operator.unknownAlert', 'Unknown alert')) });

/** Marks an alert as seen; acknowledging twice keeps the first acknowledgement. */
export async function acknowledgeAlert(actor: OperatorActor, input: { alertId: string }) {
  await assertPlatformOperator(actor);
  const { alertId } = acknowledgeAlertSchema.parse(input);
  const db = getDb();
  const { count } = await db.alert.updateMany({
    where: { id: alertId, acknowledgedAt: null },
    data: { acknowledgedAt: new Date(), acknowledgedBy: actor.userId },
  });
  if (count === 0 && !(await db.alert.findUnique({ where: { id: alertId }, select: { id: true } }))) {
    throw new DomainError('NOT_FOUND', 'Alert not found').withText('common.notFound', { what: 'Alert' });
  }
}
