'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { scheduleAction, testSendAction } from '../actions';

/** Where test mails come from and to whom they may go (core testSendPolicy). */
export type TestSendPolicy = { from: string; members: string[] | null; perHour: number };

export function TestSendForm({ campaignId, defaultTo, policy }: { campaignId: string; defaultTo: string; policy?: TestSendPolicy }) {
  const t = useTranslations('campaigns.test');
  const [state, action, pending] = useActionState(testSendAction, idle);
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="campaignId" value={campaignId} />
      <FormField label={t('to')} name="recipients" defaultValue={defaultTo} hint={policy ? t('hintLimit', { perHour: policy.perHour }) : t('hint')} />
      {policy && (
        <p className="muted" data-testid="test-send-policy">
          {policy.members
            ? t.rich('membersOnly', { from: policy.from, members: policy.members.join(', '), strong: (s) => <strong>{s}</strong> })
            : t.rich('anyAddress', { from: policy.from, strong: (s) => <strong>{s}</strong> })}
        </p>
      )}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {state.ok && <div className="alert alert-success" role="status">{t('sent', { count: state.data.sent })}</div>}
      <div><button className="btn" disabled={pending}>{pending ? t('pending') : t('submit')}</button></div>
    </form>
  );
}

export function ScheduleForm({ campaignId, zones, defaultZone }: { campaignId: string; zones: string[]; defaultZone: string }) {
  const t = useTranslations('campaigns.schedule');
  const [state, action, pending] = useActionState(scheduleAction, idle);
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="campaignId" value={campaignId} />
      <div className="toolbar" style={{ alignItems: 'flex-end' }}>
        <FormField label={t('sendAt')} name="sendAt" type="datetime-local" required />
        <FormField label={t('timezone')} name="timezone">
          {({ id }) => (
            <select id={id} name="timezone" defaultValue={defaultZone}>
              {zones.map((z) => <option key={z} value={z}>{z}</option>)}
            </select>
          )}
        </FormField>
        <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? t('pending') : t('submit')}</button></div>
      </div>
      {!state.ok && state.error && <div className="alert alert-error" role="alert" data-testid="schedule-error">{state.error}</div>}
    </form>
  );
}
