'use client';

// One of a list's own mails (double opt-in confirmation, welcome): subject and MJML with the
// campaign editor's live preview. Saving checks it on the server; problems show on the field.
import { useActionState, useMemo, useState } from 'react';
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

const TAGS: Record<Kind, string> = {
  confirmation: '{{ confirm_url }} (required, as a link), {{ imprint }} (required), {{ confirm_until }} (the link\'s expiry date), {{ list_name }}, {{ sender_name }}, {{ firstName }}, {{ lastName }}, {{ email }}',
  welcome: '{{ unsubscribe_url }} (required, as a link), {{ imprint }} (required), {{ preferences_url }}, {{ list_name }}, {{ sender_name }}, {{ firstName }}, {{ lastName }}, {{ email }}',
};

export function ListMailForm({ listId, kind, subject: storedSubject, mjml: storedMjml, enabled, defaults }: Props) {
  const [state, action, pending] = useActionState(saveListMailAction.bind(null, listId, kind), idle);
  const [mjml, setMjml] = useState(storedMjml ?? defaults.mjml);
  const [subject, setSubject] = useState(storedSubject ?? '');
  const preview = useMemo(() => previewListMailAction.bind(null, listId, kind), [listId, kind]);
  const errors = state.ok ? {} : state.fieldErrors;
  const mjmlErrors = errors[`${kind}Mjml`] ?? [];
  const title = kind === 'confirmation' ? 'Confirmation mail (double opt-in)' : 'Welcome mail';
  return (
    <form action={action} className="stack card" aria-label={title} data-testid={`${kind}-mail-form`}>
      <h2 className="card-title">{title}</h2>
      <p className="muted">
        {kind === 'confirmation'
          ? 'Sent when someone signs up; the subscription counts only after the link in it is clicked.'
          : 'Sent once when a subscription is confirmed. On a list that confirms at once it replaces the short notice mail.'}
      </p>
      {state.ok && <div className="alert alert-success" role="status">Saved.</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {kind === 'welcome' && (
        <label className="checkbox"><input type="checkbox" name="enabled" defaultChecked={enabled} /> Send a welcome mail</label>
      )}
      <FormField label="Subject" name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} placeholder={defaults.subject} errors={errors[`${kind}Subject`]} />
      <input type="hidden" name="mjml" value={mjml} />
      <div className="hint">Merge tags: {TAGS[kind]}</div>
      <MjmlEditor value={mjml} onChange={setMjml} preview={preview} context={{ subject }} />
      {mjmlErrors.length > 0 && (
        <ul className="alert alert-error" role="alert" data-testid={`${kind}-mjml-errors`}>
          {mjmlErrors.map((m, i) => <li key={i}>{m}</li>)}
        </ul>
      )}
      <div className="toolbar">
        <button className="btn btn-primary" disabled={pending}>{pending ? 'Saving…' : `Save ${kind} mail`}</button>
        <button type="button" className="btn" onClick={() => setMjml(defaults.mjml)}>Use the built-in template</button>
      </div>
    </form>
  );
}
