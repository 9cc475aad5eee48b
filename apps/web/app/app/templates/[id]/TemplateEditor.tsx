'use client';

import { useState, useTransition } from 'react';
import { MjmlEditor } from '../MjmlEditor';
import { previewAction, saveTemplateAction } from '../actions';

export function TemplateEditor(props: { templateId: string; name: string; mjml: string; version: number }) {
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
      setMessage({ ok: true, text: `Saved as version ${r.data.version}.` });
    } else setMessage({ ok: false, text: r.error });
  });

  return (
    <div className="stack">
      <div className="toolbar">
        <div className="field" style={{ margin: 0 }}>
          <label className="label" htmlFor="tpl-name">Name</label>
          <input id="tpl-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </div>
        <div className="spacer" />
        {message && <span role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'error'}>{message.text}</span>}
        <button type="button" className="btn btn-primary" onClick={save} disabled={saving}>{saving ? 'Saving…' : dirty ? 'Save version' : 'Save'}</button>
      </div>
      <p className="muted">
        Merge tags: <code>{'{{ firstName | "there" }}'}</code> <code>{'{{ lastName }}'}</code> <code>{'{{ email }}'}</code>, custom fields like{' '}
        <code>{'{{ company | "your team" }}'}</code>, and <code>{'{{ unsubscribe_url }}'}</code> <code>{'{{ preferences_url }}'}</code> <code>{'{{ imprint }}'}</code>.
      </p>
      <MjmlEditor value={mjml} onChange={setMjml} preview={previewAction} />
    </div>
  );
}
