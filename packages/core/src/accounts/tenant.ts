// Deleting a tenant: OWNER only, confirmed by typing the account name (slug). Every
// tenant-owned row goes with it (ON DELETE CASCADE); the audit entry is kept without a
// tenant so the platform still knows who deleted what.
import { getDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { requireActorRole, type Actor } from './access.ts';
import { recordAudit } from './audit.ts';

export async function deleteTenant(input: { tenantId: string; actor: Actor; confirmSlug: string }) {
  const me = await requireActorRole(input.tenantId, input.actor, 'OWNER');
  const tenant = await getDb().tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { slug: true, name: true } });
  if (input.confirmSlug.trim().toLowerCase() !== tenant.slug) {
    throw new DomainError('VALIDATION', `Type the account name "${tenant.slug}" to confirm.`, { fieldErrors: { confirmSlug: [`Type "${tenant.slug}" to confirm.`] } });
  }
  await getDb().tenant.delete({ where: { id: input.tenantId } });
  await recordAudit({ tenantId: null, userId: input.actor.userId, actor: me.email, action: 'tenant.deleted', target: tenant.slug, ip: input.actor.ip, details: { tenantId: input.tenantId, name: tenant.name } });
}
