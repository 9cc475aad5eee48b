'use client';

import { useActionState, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { FormField } from '@/components/FormField';
import { idle, type ActionResult } from '@/lib/action-result';
import { saveProxiesAction, saveReporterAction } from './actions';

const areaStyle = { minHeight: 88, fontFamily: 'var(--font-mono, monospace)' };

function Outcome({ state, saved }: { state: ActionResult<unknown>; saved: string }) {
  if (state.ok && state.data !== undefined) return <div role="status" className="muted">{saved}</div>;
  if (!state.ok && state.error) return <div role="alert" className="error">{state.fieldErrors._?.[0] ?? state.error}</div>;
  return null;
}

/** Adds a reporter; a name that exists already replaces that reporter. */
export function ReporterForm() {
  const t = useTranslations('admin');
  const [state, action, pending] = useActionState(saveReporterAction, idle as ActionResult<unknown>);
  // Controlled, so a refused entry stays in the form to be corrected (React resets uncontrolled fields after every action).
  const [fields, setFields] = useState({ name: '', ips: '', dkimDomains: '' });
  useEffect(() => {
    if (state.ok && state.data !== undefined) setFields({ name: '', ips: '', dkimDomains: '' });
  }, [state]);
  const bind = (name: keyof typeof fields) => ({ value: fields[name], onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value })) });
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" aria-label={t('feedback.reporterForm')}>
      <FormField label={t('feedback.name')} name="name" className="input" required maxLength={100} placeholder="Microsoft JMRP" errors={errors.name} hint={t('feedback.nameHint')} {...bind('name')} />
      <FormField label={t('feedback.sources')} name="ips" errors={errors.ips ?? Object.entries(errors).filter(([k]) => k.startsWith('ips.')).flatMap(([, v]) => v)}
        hint={t('feedback.sourcesHint')}>
        {({ id, describedBy, invalid }) => <textarea id={id} name="ips" className="input" style={areaStyle} {...bind('ips')} aria-describedby={describedBy} aria-invalid={invalid || undefined} placeholder={'192.0.2.0/24\n2001:db8::/48'} />}
      </FormField>
      <FormField label={t('feedback.dkimDomains')} name="dkimDomains" errors={Object.entries(errors).filter(([k]) => k.startsWith('dkimDomains')).flatMap(([, v]) => v)}
        hint={t('feedback.dkimHint')}>
        {({ id, describedBy, invalid }) => <textarea id={id} name="dkimDomains" className="input" style={areaStyle} {...bind('dkimDomains')} aria-describedby={describedBy} aria-invalid={invalid || undefined} placeholder="fbl.provider.example" />}
      </FormField>
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? t('saving') : t('feedback.saveReporter')}</button>
        <Outcome state={state} saved={t('feedback.reporterSaved')} />
      </div>
    </form>
  );
}

export function ProxiesForm({ proxies }: { proxies: string[] }) {
  const t = useTranslations('admin');
  const [state, action, pending] = useActionState(saveProxiesAction, idle as ActionResult<unknown>);
  const [value, setValue] = useState(proxies.join('\n'));
  const errors = state.ok ? [] : Object.entries(state.fieldErrors).filter(([k]) => k.startsWith('trustedProxies')).flatMap(([, v]) => v);
  return (
    <form action={action} className="stack" aria-label={t('feedback.proxies')}>
      <FormField label={t('feedback.proxies')} name="trustedProxies" errors={errors}
        hint={t('feedback.proxiesHint')}>
        {({ id, describedBy, invalid }) => <textarea id={id} name="trustedProxies" className="input" style={areaStyle} value={value} onChange={(e) => setValue(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} placeholder="10.0.0.0/24" />}
      </FormField>
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? t('saving') : t('feedback.saveProxies')}</button>
        <Outcome state={state} saved={t('feedback.proxiesSaved')} />
      </div>
    </form>
  );
}
