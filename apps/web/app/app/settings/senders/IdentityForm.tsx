'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createIdentityAction } from './actions';

export function IdentityForm({ domains }: { domains: { id: string; domain: string }[] }) {
  const t = useTranslations('settings.senders');
  const [state, action, pending] = useActionState(createIdentityAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" noValidate>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {state.ok && <div className="alert alert-success" role="status">{t('added', { name: state.data.fromName })}</div>}
      <FormField label={t('fromName')} name="fromName" placeholder={t('fromNamePlaceholder')} required errors={errors.fromName} />
      <div className="toolbar" style={{ alignItems: 'flex-end' }}>
        <FormField label={t('address')} name="localPart" placeholder={t('addressPlaceholder')} required errors={errors.localPart}
          hint={t('addressHint')} />
        <FormField label={t('domain')} name="domainId" errors={errors.domainId}>
          {({ id, describedBy }) => (
            <select id={id} name="domainId" aria-describedby={describedBy}>
              {domains.map((d) => <option key={d.id} value={d.id}>@{d.domain}</option>)}
            </select>
          )}
        </FormField>
      </div>
      <FormField label={t('replyTo')} name="replyTo" type="email" placeholder={t('replyToPlaceholder')} errors={errors.replyTo} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? t('adding') : t('add')}</button></div>
    </form>
  );
}
