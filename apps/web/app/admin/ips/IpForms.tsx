'use client';

import { useActionState, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { FormField } from '@/components/FormField';
import { idle, type ActionResult } from '@/lib/action-result';
import { addIpAction, editIpAction } from './actions';


function Outcome({ state, saved }: { state: ActionResult<unknown>; saved: string }) {
  if (state.ok && state.data !== undefined) return <div role="status" className="muted">{saved}</div>;
  if (!state.ok && state.error) return <div role="alert" className="error">{state.error}</div>;
  return null;
}

type Fields = { address: string; heloName: string; dailyLimit: string };

export function AddIpForm() {
  const t = useTranslations('admin');
  const [state, action, pending] = useActionState(addIpAction, idle as ActionResult<unknown>);
  // Controlled, so a refused entry stays in the form to be corrected.
  const [fields, setFields] = useState<Fields>({ address: '', heloName: '', dailyLimit: '' });
  useEffect(() => {
    if (state.ok && state.data !== undefined) setFields({ address: '', heloName: '', dailyLimit: '' });
  }, [state]);
  const bind = (name: keyof Fields) => ({ value: fields[name], onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value })) });
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="stack" aria-label={t('ips.addLabel')}>
      <FormField label={t('ips.ipAddress')} name="address" className="input mono" required maxLength={64} placeholder="192.0.2.10" errors={errors.address} {...bind('address')} />
      <FormField label={t('ips.helo')} name="heloName" className="input mono" required maxLength={253} placeholder="mta3.mail.example" errors={errors.heloName} hint={t('ips.heloHint')} {...bind('heloName')} />
      <FormField label={t('ips.capLabel')} name="dailyLimit" type="number" min={1} className="input" errors={errors.dailyLimit} hint={t('ips.capHint')} {...bind('dailyLimit')} />
      <div className="toolbar">
        <button className="btn btn-primary" type="submit" disabled={pending}>{pending ? t('adding') : t('ips.add')}</button>
        <Outcome state={state} saved={t('ips.addedNotice')} />
      </div>
    </form>
  );
}

export function EditIpForm({ id, address, heloName, dailyLimit }: { id: string; address: string; heloName: string; dailyLimit: number | null }) {
  const t = useTranslations('admin');
  const [state, action, pending] = useActionState(editIpAction, idle as ActionResult<unknown>);
  const [fields, setFields] = useState({ heloName, dailyLimit: dailyLimit?.toString() ?? '' });
  const bind = (name: keyof typeof fields) => ({ value: fields[name], onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value })) });
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <details>
      <summary>{t('ips.edit')}</summary>
      <form action={action} className="stack" aria-label={t('ips.editLabel', { address })} style={{ marginTop: 8 }}>
        <input type="hidden" name="sendingIpId" value={id} />
        <FormField label={t('ips.helo')} name="heloName" className="input mono" required maxLength={253} errors={errors.heloName} hint={t('ips.heloHint')} {...bind('heloName')} />
        <FormField label={t('ips.capLabel')} name="dailyLimit" type="number" min={1} className="input" errors={errors.dailyLimit} hint={t('ips.capHint')} {...bind('dailyLimit')} />
        <div className="toolbar">
          <button className="btn btn-sm" type="submit" disabled={pending}>{pending ? t('saving') : t('save')}</button>
          <Outcome state={state} saved={t('saved')} />
        </div>
      </form>
    </details>
  );
}
