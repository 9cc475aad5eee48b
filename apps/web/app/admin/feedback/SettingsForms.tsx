'use client';

import { useActionState, useEffect, useState } from 'react';
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
  const [state, action, pending] = useActionState(saveReporterAction, idle as ActionResult<unknown>);
  // Controlled, so a refused entry stays in the form to be corrected (React resets uncontrolled fields after every action).
  const [fields, setFields] = useState({ name: '', ips: '', dkimDomains: '' });
  useEffect(() => {
    if (state.ok && state.data !== undefined) setFields({ name: '', ips: '', dkimDomains: '' });
  }, [state]);
  const bind = (name: keyof typeof fields) => ({ value: fields[name], onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value })) });
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" aria-label="Add or replace a feedback-loop reporter">
      <FormField label="Name" name="name" className="input" required maxLength={100} placeholder="Microsoft JMRP" errors={errors.name} hint="A reporter with the same name is replaced." {...bind('name')} />
      <FormField label="Source addresses" name="ips" errors={errors.ips ?? Object.entries(errors).filter(([k]) => k.startsWith('ips.')).flatMap(([, v]) => v)}
        hint="IPv4/IPv6 addresses or CIDR ranges the reporter's mail comes from, one per line (at most /8 for IPv4, /24 for IPv6).">
        {({ id, describedBy, invalid }) => <textarea id={id} name="ips" className="input" style={areaStyle} {...bind('ips')} aria-describedby={describedBy} aria-invalid={invalid || undefined} placeholder={'192.0.2.0/24\n2001:db8::/48'} />}
      </FormField>
      <FormField label="DKIM domains" name="dkimDomains" errors={Object.entries(errors).filter(([k]) => k.startsWith('dkimDomains')).flatMap(([, v]) => v)}
        hint="Mail with a valid DKIM signature whose d= is one of these domains (or a subdomain) is accepted from any address.">
        {({ id, describedBy, invalid }) => <textarea id={id} name="dkimDomains" className="input" style={areaStyle} {...bind('dkimDomains')} aria-describedby={describedBy} aria-invalid={invalid || undefined} placeholder="fbl.provider.example" />}
      </FormField>
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save reporter'}</button>
        <Outcome state={state} saved="Reporter saved." />
      </div>
    </form>
  );
}

export function ProxiesForm({ proxies }: { proxies: string[] }) {
  const [state, action, pending] = useActionState(saveProxiesAction, idle as ActionResult<unknown>);
  const [value, setValue] = useState(proxies.join('\n'));
  const errors = state.ok ? [] : Object.entries(state.fieldErrors).filter(([k]) => k.startsWith('trustedProxies')).flatMap(([, v]) => v);
  return (
    <form action={action} className="stack" aria-label="Trusted proxies">
      <FormField label="Trusted proxies" name="trustedProxies" errors={errors}
        hint="Addresses or CIDR ranges of the reverse proxies in front of the web app, one per line. Only their X-Forwarded-For is believed; leave empty when clients connect directly.">
        {({ id, describedBy, invalid }) => <textarea id={id} name="trustedProxies" className="input" style={areaStyle} value={value} onChange={(e) => setValue(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} placeholder="10.0.0.0/24" />}
      </FormField>
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save proxies'}</button>
        <Outcome state={state} saved="Trusted proxies saved." />
      </div>
    </form>
  );
}
