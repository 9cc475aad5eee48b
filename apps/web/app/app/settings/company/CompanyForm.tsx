'use client';

import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { submitKeepingValues } from '@/lib/submit-keeping-values';
import { saveCompanyAction } from './actions';

type Company = { legalName: string | null; postalAddress: string | null; imprint: string | null; abuseContact: string | null; defaultSenderName: string | null };

export function CompanyForm({ company }: { company: Company }) {
  const [state, action, pending] = useActionState(saveCompanyAction, idle);
  const errors = state.ok ? {} : state.fieldErrors;
  const area = (name: 'postalAddress' | 'imprint', label: string, hint: string, placeholder: string) => (
    <FormField label={label} name={name} hint={hint} errors={errors[name]}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} name={name} defaultValue={company[name] ?? ''} placeholder={placeholder}
          maxLength={name === 'imprint' ? 4000 : 500} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
      )}
    </FormField>
  );
  return (
    <form method="post" onSubmit={submitKeepingValues(action)} className="stack" noValidate>
      {state.ok && <div className="alert alert-success" role="status">{state.data}</div>}
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <FormField label="Legal name" name="legalName" required maxLength={200} autoComplete="organization" defaultValue={company.legalName ?? ''}
        hint="Your company's registered name, or your own name if you send as a person." errors={errors.legalName} />
      {area('postalAddress', 'Postal address', 'Required in every mail (Impressum, CAN-SPAM). Several lines are fine.', 'Hauptstraße 1\n10115 Berlin\nGermany')}
      {area('imprint', 'Further imprint details (optional)', 'Shown under name and address: register court and number, VAT id, managing directors.', 'Amtsgericht Berlin HRB 12345\nUSt-IdNr. DE123456789')}
      <FormField label="Abuse contact (optional)" name="abuseContact" type="email" maxLength={254} autoComplete="email" defaultValue={company.abuseContact ?? ''}
        hint="Where recipients report unwanted mail: shown as “Report abuse” in your mail footer next to your address and on your public pages; empty: the platform’s abuse address." errors={errors.abuseContact} />
      <FormField label="Default sender name (optional)" name="defaultSenderName" maxLength={100} defaultValue={company.defaultSenderName ?? ''}
        hint="Fills {{ sender_name }} in confirmation and welcome mails; your account name when empty." errors={errors.defaultSenderName} />
      <div><button className="btn btn-primary" disabled={pending}>{pending ? 'Saving…' : 'Save company details'}</button></div>
    </form>
  );
}
