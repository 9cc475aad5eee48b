'use client';

import { useActionState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_NAMES } from '@rundbrief/core/i18n/locales';
import { starterLanguages } from '@/lib/starters';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createCampaignAction } from './actions';

export function NewCampaignForm({ templates, templateId }: { templates: { id: string; name: string }[]; templateId: string }) {
  const t = useTranslations('campaigns.create');
  const [state, action, pending] = useActionState(createCampaignAction, idle);
  // "" is the newsletter starter in the user's language; the other languages' follow.
  const otherLanguages = starterLanguages(useLocale()).slice(1);
  return (
    <form action={action} className="toolbar" style={{ alignItems: 'flex-end' }} noValidate>
      <FormField label={t('name')} name="name" placeholder={t('namePlaceholder')} required errors={state.ok ? undefined : state.fieldErrors.name} />
      <FormField label={t('content')} name="templateId">
        {({ id }) => (
          <select id={id} name="templateId" defaultValue={templateId}>
            <option value="">{t('starter')}</option>
            {otherLanguages.map((l) => <option key={l} value={`starter:${l}`}>{t('starterIn', { language: LOCALE_NAMES[l] })}</option>)}
            {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
        )}
      </FormField>
      <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? t('pending') : t('submit')}</button></div>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
    </form>
  );
}
