'use client';

import { useActionState, useEffect, useRef } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { addSubscriberAction } from '../actions';

export function AddSubscriberForm({ listId, doubleOptIn }: { listId: string; doubleOptIn: boolean }) {
  const [state, action, pending] = useActionState(addSubscriberAction.bind(null, listId), idle);
  const errors = state.ok ? {} : state.fieldErrors;
  const formRef = useRef<HTMLFormElement>(null);
  // Empty after a success (ready for the next person); a refused entry stays for correction.
  useEffect(() => { if (state.ok) formRef.current?.reset(); }, [state]);
  return (
    <section className="card" aria-labelledby="add-subscriber">
      <h2 id="add-subscriber" className="card-title">Add subscriber</h2>
      <p className="muted">
        {doubleOptIn
          ? 'The person gets this list’s confirmation mail and counts as subscribed once they click its link.'
          : 'The person is subscribed at once and gets a notice mail with a way out.'}
      </p>
      <form ref={formRef} method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
        {state.ok && (
          <div className="alert alert-success" role="status" data-testid="add-subscriber-result">
            {state.data.status === 'PENDING' ? `Confirmation mail sent to ${state.data.email}.` : `${state.data.email} is subscribed.`}
          </div>
        )}
        {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
        <FormField label="E-mail" name="email" type="email" required autoComplete="off" errors={errors.email} />
        <div className="grid-cards">
          <FormField label="First name" name="firstName" autoComplete="off" errors={errors.firstName} />
          <FormField label="Last name" name="lastName" autoComplete="off" errors={errors.lastName} />
        </div>
        <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Adding…' : 'Add subscriber'}</button></div>
      </form>
    </section>
  );
}
