'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { createTemplateAction } from './actions';

type StarterGroup = { language: string; starters: { key: string; name: string }[] };

/** `starterGroups`: one per language, the user's UI language first (its newsletter is the default). */
export function CreateTemplateForm({ starterGroups }: { starterGroups: StarterGroup[] }) {
  const t = useTranslations('templates.create');
  const [state, action, pending] = useActionState(createTemplateAction, idle);
  return (
    <form action={action} className="toolbar" style={{ alignItems: 'flex-end' }} noValidate>
      <FormField label={t('name')} name="name" placeholder={t('namePlaceholder')} />
      <FormField label={t('startFrom')} name="starter">
        {({ id }) => (
          <select id={id} name="starter" defaultValue="newsletter">
            {starterGroups.map((g) => (
              <optgroup key={g.language} label={g.language}>
                {g.starters.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
              </optgroup>
            ))}
          </select>
        )}
      </FormField>
      <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? t('pending') : t('submit')}</button></div>
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
    </form>
  );
}
