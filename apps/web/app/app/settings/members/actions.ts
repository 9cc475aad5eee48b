'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { changeRole, inviteMember, removeMember, revokeInvitation, roleSchema, transferOwnership, type TenantCtx } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { ok, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError } from '@/lib/account-security';

const id = async (value: string) => z.uuid({ error: (await getTranslations('settings.members'))('unknownMember') }).parse(value);

async function run<T>(fn: (ctx: TenantCtx) => Promise<T>): Promise<ActionResult<T>> {
  try {
    // The use cases re-check the role (ADMIN / OWNER) themselves; VIEWER+ only gets us the tenant.
    const data = await fn(await requireCtx());
    revalidatePath('/app/settings/members');
    return ok(data);
  } catch (err) {
    return accountsActionError(err);
  }
}

export async function inviteAction(_: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  return run(async (ctx) => {
    const r = await inviteMember(ctx, { email: String(form.get('email') ?? ''), role: roleSchema.parse(form.get('role')) });
    return { email: String(form.get('email')), expiresAt: r.expiresAt.toISOString() };
  });
}

export async function changeRoleAction(membershipId: string, role: string) {
  try { expectArgs({  }, { membershipId, role }); } catch (err) { return actionError(err); }
  return run(async (ctx) => changeRole(ctx, { membershipId: await id(membershipId), role: roleSchema.parse(role) }));
}

export async function removeMemberAction(membershipId: string) {
  try { expectArgs({  }, { membershipId }); } catch (err) { return actionError(err); }
  return run(async (ctx) => removeMember(ctx, { membershipId: await id(membershipId) }));
}

export async function transferOwnershipAction(membershipId: string) {
  try { expectArgs({  }, { membershipId }); } catch (err) { return actionError(err); }
  return run(async (ctx) => transferOwnership(ctx, { membershipId: await id(membershipId) }));
}

export async function revokeInvitationAction(invitationId: string) {
  try { expectArgs({  }, { invitationId }); } catch (err) { return actionError(err); }
  return run(async (ctx) => revokeInvitation(ctx, { invitationId: await id(invitationId) }));
}
