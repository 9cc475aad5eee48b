'use client';

// One of a list's own mails (double opt-in confirmation, welcome): subject and MJML with the
// campaign editor's live preview. Saving checks it on the server; problems show on the field.
import { useActionState, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { MjmlEditor } from '../../templates/MjmlEditor';
import { previewListMailAction, saveListMailAction } from '../actions';

type Kind = 'confirmation' | 'welcome';
type Props = {
  listId: string;
  kind: Kind;
  /** Stored values; null: the built-in template. */
  subject: string | null;
  mjml: string | null;
  enabled?: boolean;
  defaults: { subject: string; mjml: string };
};

// Merge tags are code, not words: they go into the translated sentence as values.
const TAG_VALUES = {
  confirmUrl: '{{ confirm_url }}', unsubscribeUrl: '{{ unsubscribe_url }}', imprint: '{{ imprint }}', confirmUntil: '{{ confirm_until }}',
};
const OTHER_TAGS: Record<Kind, string> = {
  confirmation: '{{ list_name }}, {{ sender_name }}, {{ firstName }}, {{ lastName }}, {{ email }}',
  welcome: '{{ preferences_url }}, {{ list_name }}, {{ sender_name }}, {{ firstName }}, {{ lastName }}, {{ email }}',
};

export function ListMailForm({ listId, kind, subject: storedSubject, mjml: storedMjml, enabled, defaults }: Props) {
  const t = useTranslations('lists.mail');
  const [state, action, pending] = useActionState(saveListMailAction.bind(null, listId, kind), idle);
  const [mjml, setMjml] = useState(storedMjml ?? defaults.mjml);
  const [subject, setSubject] = useState(storedSubject ?? '');
  const preview = useMemo(() => previewListMailAction.bind(null, listId, kind), [listId, kind]);
  const errors = state.ok ? {} : state.fieldErrors;
  const mjmlErrors = errors[`${kind}Mjml`] ?? [];
  const title = kind === 'confirmation' ? t('confirmationTitle') : t('welcomeTitle');
  return (
    <form action={action} className="stack card" aria-label={title} data-testid={`${kind}-mail-form`}>
      <h2 className="card-title">{title}</h2>
      <p className="muted">
        {kind === 'confirmation' ? t('confirmationIntro') : t('welcomeIntro')}
      </p>
      {state.ok && <div className="alert alert-success" role="status">{t('saved')}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {kind === 'welcome' && (
        <label className="checkbox"><input type="checkbox" name="enabled" defaultChecked={enabled} /> {t('sendWelcome')}</label>
      )}
      <FormField label={t('subject')} name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} placeholder={defaults.subject} errors={errors[`${kind}Subject`]} />
      <input type="hidden" name="mjml" value={mjml} />
      <div className="hint">{t(kind === 'confirmation' ? 'confirmationTags' : 'welcomeTags', { ...TAG_VALUES, others: OTHER_TAGS[kind] })}</div>
      <MjmlEditor value={mjml} onChange={setMjml} preview={preview} context={{ subject }} />
      {mjmlErrors.length > 0 && (
        <ul className="alert alert-error" role="alert" data-testid={`${kind}-mjml-errors`}>
          {mjmlErrors.map((m, i) => <li key={i}>{m}</li>)}
        </ul>
      )}
      <div className="toolbar">
        <button className="btn btn-primary" disabled={pending}>{pending ? t('saving') : t('save', { kind })}</button>
        <button type="button" className="btn" onClick={() => setMjml(defaults.mjml)}>{t('builtIn')}</button>
      </div>
    </form>
  );
}
