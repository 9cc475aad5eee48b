'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { changeRole, inviteMember, removeMember, revokeInvitation, roleSchema, transferOwnership } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { ok, type ActionResult } from '@/lib/actions';
import { accountsActionError, actorOf } from '@/lib/account-security';

const id = z.uuid({ error: 'Unknown member' });

async function run<T>(fn: (ctx: { tenantId: string; actor: { userId: string; ip: string } }) => Promise<T>): Promise<ActionResult<T>> {
  try {
    // The use cases re-check the role (ADMIN / OWNER) themselves; VIEWER+ only gets us the tenant.
    const member = await requireMember();
    const data = await fn({ tenantId: member.tenantId, actor: await actorOf(member) });
    revalidatePath('/app/settings/members');
    return ok(data);
  } catch (err) {
    return accountsActionError(err);
  }
}

export async function inviteAction(_: unknown, form: FormData) {
  return run(async (ctx) => {
    const r = await inviteMember({ ...ctx, email: String(form.get('email') ?? ''), role: roleSchema.parse(form.get('role')) });
    return { email: String(form.get('email')), expiresAt: r.expiresAt.toISOString() };
  });
}

export async function changeRoleAction(membershipId: string, role: string) {
  return run((ctx) => changeRole({ ...ctx, membershipId: id.parse(membershipId), role: roleSchema.parse(role) }));
}

export async function removeMemberAction(membershipId: string) {
  return run((ctx) => removeMember({ ...ctx, membershipId: id.parse(membershipId) }));
}

export async function transferOwnershipAction(membershipId: string) {
  return run((ctx) => transferOwnership({ ...ctx, membershipId: id.parse(membershipId) }));
}

export async function revokeInvitationAction(invitationId: string) {
  return run((ctx) => revokeInvitation({ ...ctx, invitationId: id.parse(invitationId) }));
}
