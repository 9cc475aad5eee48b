'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createApiKey, createApiKeySchema, revokeApiKey } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { ok, type ActionResult, expectArgs, actionError } from '@/lib/actions';
import { accountsActionError } from '@/lib/account-security';

export async function createKeyAction(_: unknown, form: FormData): Promise<ActionResult<{ key: string; name: string }>> {
  try { expectArgs({ form }); } catch (err) { return actionError(err); }
  try {
    const ctx = await requireCtx('ADMIN');
    const { name, scopes } = createApiKeySchema.parse({ name: String(form.get('name') ?? ''), scopes: form.getAll('scopes').map(String) });
    const r = await createApiKey(ctx, { name, scopes });
    revalidatePath('/app/settings/api-keys');
    // The full key leaves the server exactly once, in this response.
    return ok({ key: r.key, name });
  } catch (err) {
    return accountsActionError(err);
  }
}

export async function revokeKeyAction(keyId: string) {
  try { expectArgs({  }, { keyId }); } catch (err) { return actionError(err); }
  try {
    const ctx = await requireCtx('ADMIN');
    await revokeApiKey(ctx, { keyId: z.uuid().parse(keyId) });
    revalidatePath('/app/settings/api-keys');
    return ok(undefined);
  } catch (err) {
    return accountsActionError(err);
  }
}
