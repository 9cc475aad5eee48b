'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { deleteTenant, DomainError, setRequireTotp, updateNetworkSettings, updatePasswordPolicy } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { fail, ok, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError, requestOrigin } from '@/lib/account-security';
import { coreErrorMessage } from '@/lib/core-errors';

export async function savePolicyAction(_: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const ctx = await requireCtx('ADMIN');
    const maxAge = String(form.get('pwMaxAgeDays') ?? '').trim();
    await updatePasswordPolicy(ctx, {
      policy: {
        pwMinLength: String(form.get('pwMinLength') ?? ''),
        pwMinDigits: String(form.get('pwMinDigits') ?? ''),
        pwMinSymbols: String(form.get('pwMinSymbols') ?? ''),
        pwMaxAgeDays: maxAge === '' || maxAge === '0' ? null : maxAge,
        pwHistoryCount: String(form.get('pwHistoryCount') ?? ''),
      },
    });
    revalidatePath('/app/settings/security');
    return ok((await getTranslations('settings.security'))('policySaved'));
  } catch (err) {
    return accountsActionError(err);
  }
}

export async function requireTotpAction(_: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const ctx = await requireCtx('ADMIN');
    const on = form.get('requireTotp') === 'on';
    await setRequireTotp(ctx, { requireTotp: on });
    revalidatePath('/app/settings/security');
    return ok((await getTranslations('settings.security'))(on ? 'totpRequired' : 'totpOptional'));
  } catch (err) {
    return accountsActionError(err);
  }
}

export type NetworkResult = ActionResult<string> & { lockout?: { currentIp: string | null } };

export async function saveNetworkAction(_: unknown, form: FormData): Promise<NetworkResult> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const ctx = await requireCtx('ADMIN');
    const cidrs = form.getAll('cidr').map(String);
    const comments = form.getAll('comment').map(String);
    const entries = cidrs.map((cidr, i) => ({ cidr, comment: comments[i] ?? '' })).filter((e) => e.cidr.trim() !== '');
    await updateNetworkSettings(ctx, {
      entries,
      currentIp: (await requestOrigin()).currentIp,
      confirmLockout: form.get('confirmLockout') === 'on',
    });
    revalidatePath('/app/settings/security');
    const t = await getTranslations('settings.security');
    return ok(entries.length ? t('allowlistSaved', { count: entries.length }) : t('allowlistCleared'));
  } catch (err) {
    if (err instanceof DomainError && err.code === 'PRECONDITION') {
      const d = err.details as { currentIp: string | null };
      return { ...fail(await coreErrorMessage(err), {}, err.code), lockout: { currentIp: d.currentIp } };
    }
    return accountsActionError(err);
  }
}

export async function deleteTenantAction(_: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const ctx = await requireCtx('OWNER');
    await deleteTenant(ctx, { confirmSlug: String(form.get('confirmSlug') ?? '') });
    return ok((await getTranslations('settings.security'))('deleted'));
  } catch (err) {
    return accountsActionError(err);
  }
}
