'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { saveCompanyAction } from './actions';

type Company = { legalName: string | null; postalAddress: string | null; imprint: string | null; abuseContact: string | null; defaultSenderName: string | null };

export function CompanyForm({ company }: { company: Company }) {
  const t = useTranslations('settings.company');
  const [state, action, pending] = useActionState(saveCompanyAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  const area = (name: 'postalAddress' | 'imprint', label: string, hint: string, placeholder: string) => (
    <FormField label={label} name={name} hint={hint} errors={errors[name]}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} name={name} defaultValue={company[name] ?? ''} placeholder={placeholder}
          maxLength={name === 'imprint' ? 4000 : 500} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
      )}
    </FormField>
  );
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label={t('legalName')} name="legalName" required maxLength={200} autoComplete="organization" defaultValue={company.legalName ?? ''}
        hint={t('legalNameHint')} errors={errors.legalName} />
      {area('postalAddress', t('postalAddress'), t('postalAddressHint'), t('postalAddressPlaceholder'))}
      {area('imprint', t('imprint'), t('imprintHint'), t('imprintPlaceholder'))}
      <FormField label={t('abuseContact')} name="abuseContact" type="email" maxLength={254} autoComplete="email" defaultValue={company.abuseContact ?? ''}
        hint={t('abuseContactHint')} errors={errors.abuseContact} />
      <FormField label={t('defaultSenderName')} name="defaultSenderName" maxLength={100} defaultValue={company.defaultSenderName ?? ''}
        hint={t('defaultSenderNameHint', { tag: '{{ sender_name }}' })} errors={errors.defaultSenderName} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('saving') : t('save')}</button></div>
    </form>
  );
}
