'use client';

import { useActionState, useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { addSubscriberAction } from '../actions';

export function AddSubscriberForm({ listId, doubleOptIn }: { listId: string; doubleOptIn: boolean }) {
  const t = useTranslations('lists.add');
  const [state, action, pending] = useActionState(addSubscriberAction.bind(null, listId), idle);
  const errors = state.ok ? {} : state.fieldErrors;
  const formRef = useRef<HTMLFormElement>(null);
  // Empty after a success (ready for the next person); a refused entry stays for correction.
  useEffect(() => { if (state.ok) formRef.current?.reset(); }, [state]);
  return (
    <section className="card" aria-labelledby="add-subscriber">
      <h2 id="add-subscriber" className="card-title">{t('title')}</h2>
      <p className="muted">
        {doubleOptIn ? t('doubleOptIn') : t('confirmed')}
      </p>
      <form ref={formRef} method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
        {state.ok && (
          <div className="alert alert-success" role="status" data-testid="add-subscriber-result">
            {state.data.status === 'PENDING' ? t('mailSent', { email: state.data.email }) : t('subscribed', { email: state.data.email })}
          </div>
        )}
        {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
        <FormField label={t('email')} name="email" type="email" required autoComplete="off" errors={errors.email} />
        <div className="grid-cards">
          <FormField label={t('firstName')} name="firstName" autoComplete="off" errors={errors.firstName} />
          <FormField label={t('lastName')} name="lastName" autoComplete="off" errors={errors.lastName} />
        </div>
        <div><button className="btn btn-primary" disabled={pending}>{pending ? t('pending') : t('submit')}</button></div>
      </form>
    </section>
  );
}
