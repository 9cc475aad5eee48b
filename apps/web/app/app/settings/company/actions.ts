'use server';

import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { updateCompanySettings } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { ok, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError } from '@/lib/account-security';

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export async function saveCompanyAction(_: unknown, form: FormData) {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const ctx = await requireCtx('ADMIN');
    await updateCompanySettings(ctx, {
      legalName: text(form, 'legalName'),
      postalAddress: text(form, 'postalAddress'),
      imprint: text(form, 'imprint'),
      abuseContact: text(form, 'abuseContact'),
      defaultSenderName: text(form, 'defaultSenderName'),
    });
    revalidatePath('/app/settings/company');
    return ok((await getTranslations('settings.company'))('saved'));
  } catch (err) {
    return accountsActionError(err);
  }
}
