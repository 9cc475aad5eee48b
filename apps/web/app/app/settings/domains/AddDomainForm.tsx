'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { addDomainAction } from './actions';

export function AddDomainForm() {
  const t = useTranslations('settings.domains');
  const [state, action, pending] = useActionState(addDomainAction, idle);
  return (
    <form action={action} className="stack" noValidate>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {state.ok && <div className="alert alert-success" role="status">{t('added', { domain: state.data.domain })}</div>}
      <FormField label={t('domain')} name="domain" placeholder={t('domainPlaceholder')} required
        hint={t('domainHint')} errors={state.ok ? undefined : state.fieldErrors.domain} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('adding') : t('add')}</button></div>
    </form>
  );
}
