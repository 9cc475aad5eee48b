'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { MjmlEditor } from '../MjmlEditor';
import { previewAction, saveTemplateAction } from '../actions';

export function TemplateEditor(props: { templateId: string; name: string; mjml: string; version: number }) {
  const t = useTranslations('templates.editor');
  const [mjml, setMjml] = useState(props.mjml);
  const [name, setName] = useState(props.name);
  const [version, setVersion] = useState(props.version);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, startSaving] = useTransition();
  // A newer version from the server (a restore, or our own save coming back after the page
  // revalidates) updates the editor in place: no remount, so the "Saved" message stays.
  const [seenVersion, setSeenVersion] = useState(props.version);
  if (props.version !== seenVersion) {
    setSeenVersion(props.version);
    if (props.version > version) {
      setVersion(props.version);
      setMjml(props.mjml);
      setName(props.name);
    }
  }
  const dirty = mjml !== props.mjml || name !== props.name;

  const save = () => startSaving(async () => {
    const r = await saveTemplateAction({ templateId: props.templateId, mjml, name, baseVersion: version });
    if (r.ok) {
      setVersion(r.data.version);
      setMessage({ ok: true, text: t('savedAs', { version: r.data.version }) });
    } else setMessage({ ok: false, text: r.error });
  });

  return (
    <div className="stack">
      <div className="toolbar">
        <div className="field" style={{ margin: 0 }}>
          <label className="label" htmlFor="tpl-name">{t('name')}</label>
          <input id="tpl-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </div>
        <div className="spacer" />
        {message && <span role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'error'}>{message.text}</span>}
        <button type="button" className="btn btn-primary" onClick={save} disabled={saving}>{saving ? t('saving') : dirty ? t('saveVersion') : t('save')}</button>
      </div>
      <p className="muted">
        {t.rich('mergeTags', {
          first: '{{ firstName | "there" }}', last: '{{ lastName }}', email: '{{ email }}', custom: '{{ company | "your team" }}',
          unsubscribe: '{{ unsubscribe_url }}', preferences: '{{ preferences_url }}', imprint: '{{ imprint }}',
          code: (c) => <code>{c}</code>,
        })}
      </p>
      <MjmlEditor value={mjml} onChange={setMjml} preview={previewAction} />
    </div>
  );
}
