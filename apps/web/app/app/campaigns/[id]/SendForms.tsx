'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { scheduleAction, testSendAction } from '../actions';

/** Where test mails come from and to whom they may go (core testSendPolicy). */
export type TestSendPolicy = { from: string; members: string[] | null; perHour: number };

export function TestSendForm({ campaignId, defaultTo, policy }: { campaignId: string; defaultTo: string; policy?: TestSendPolicy }) {
  const [state, action, pending] = useActionState(testSendAction, idle);
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="campaignId" value={campaignId} />
      <FormField label="Send a test to" name="recipients" defaultValue={defaultTo} hint={`Up to 5 addresses, separated by commas. Marked [TEST], filled with sample values, not counted.${policy ? ` At most ${policy.perHour} test mails an hour.` : ''}`} />
      {policy && (
        <p className="muted" data-testid="test-send-policy">
          {policy.members
            ? <>Until one of your sender domains is verified, test mails come from <strong>{policy.from}</strong> and go only to members of this account: {policy.members.join(', ')}.</>
            : <>Test mails come from <strong>{policy.from}</strong> and may go to any address.</>}
        </p>
      )}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      {state.ok && <div className="alert alert-success" role="status">Test sent to {state.data.sent} address(es).</div>}
      <div><button className="btn" disabled={pending}>{pending ? 'Sending…' : 'Send test'}</button></div>
    </form>
  );
}

export function ScheduleForm({ campaignId, zones, defaultZone }: { campaignId: string; zones: string[]; defaultZone: string }) {
  const [state, action, pending] = useActionState(scheduleAction, idle);
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="campaignId" value={campaignId} />
      <div className="toolbar" style={{ alignItems: 'flex-end' }}>
        <FormField label="Send at" name="sendAt" type="datetime-local" required />
        <FormField label="Time zone" name="timezone">
          {({ id }) => (
            <select id={id} name="timezone" defaultValue={defaultZone}>
              {zones.map((z) => <option key={z} value={z}>{z}</option>)}
            </select>
          )}
        </FormField>
        <div className="field"><button className="btn btn-primary" disabled={pending}>{pending ? 'Scheduling…' : 'Schedule'}</button></div>
      </div>
      {!state.ok && state.error && <div className="alert alert-error" role="alert" data-testid="schedule-error">{state.error}</div>}
    </form>
  );
}
