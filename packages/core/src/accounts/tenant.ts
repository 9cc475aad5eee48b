// Deleting a tenant: OWNER only, confirmed by typing the account name (slug). Every
// tenant-owned row goes with it (ON DELETE CASCADE); the audit entry is kept without a
// tenant so the platform still knows who deleted what.
import { getDb } from '@rundbrief/db';
import type { TenantCtx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { requireRole } from './access.ts';
import { recordAudit } from './audit.ts';
import { coreText } from '../texts.ts';

export async function deleteTenant(ctx: TenantCtx, input: { confirmSlug: string }) {
  const me = await requireRole(ctx, 'OWNER');
  const tenant = await getDb().tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { slug: true, name: true } });
  if (input.confirmSlug.trim().toLowerCase() !== tenant.slug) {
    throw new DomainError('VALIDATION', `Type the account name "${tenant.slug}" to confirm.`, { fieldErrors: { confirmSlug: [`Type "${tenant.slug}" to confirm.`] }, fieldTexts: { confirmSlug: [coreText('accounts.typeSlugShort', { slug: tenant.slug })] } }).withText('accounts.typeSlug', { slug: tenant.slug });
  }
  await getDb().tenant.delete({ where: { id: ctx.tenantId } });
  await recordAudit(null, { userId: me.userId, actor: me.email, ip: ctx.ip, action: 'tenant.deleted', target: tenant.slug, details: { tenantId: ctx.tenantId, name: tenant.name } });
}
