'use client';

import { useActionState, useEffect } from 'react';
import { signOut } from 'next-auth/react';
import { idle } from '@/lib/action-result';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { FormField } from '@/components/FormField';
import { deleteTenantAction } from './actions';

export function DeleteTenantForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState(deleteTenantAction, idle);
  useEffect(() => {
    if (state.ok) void signOut({ callbackUrl: '/login' });
  }, [state.ok]);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <p>Deletes every list, subscriber, template, campaign, report, sender domain and API key of this account, immediately and for good.</p>
      <FormField label={`Type “${slug}” to confirm`} name="confirmSlug" autoComplete="off" errors={errors.confirmSlug} />
      <div><button className="btn btn-danger" disabled={pending || state.ok}>Delete this account</button></div>
    </form>
  );
}
