// Hosted signup form. Also the embeddable form (an <iframe> of ?embed=1): a fresh signed
// render time per view keeps the minimum-fill-time check meaningful on other sites too.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DomainError, getPublicForm, HONEYPOT_FIELD } from '@rundbrief/core';
import styles from './public.module.css';
import { PublicFooter } from '@/components/PublicFooter';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Subscribe', robots: { index: false } };

type Props = { params: Promise<{ publicId: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function SignupFormPage({ params, searchParams }: Props) {
  const { publicId } = await params;
  const { embed } = await searchParams;
  const form = await getPublicForm(publicId).catch((e) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  return (
    <main className={`${styles.wrap} ${embed ? styles.embed : ''}`}>
      <h1>{form.list.name}</h1>
      {form.list.description && <p className="muted">{form.list.description}</p>}
      <form method="post" action={`/f/${publicId}/subscribe${embed ? '?embed=1' : ''}`} className="stack" data-testid="signup-form">
        <input type="hidden" name="_t" value={form.formToken} />
        <div className={styles.trap} aria-hidden="true">
          <label>Website <input type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" /></label>
        </div>
        <div className="field">
          <label className="label" htmlFor="email">Email address</label>
          <input id="email" name="email" type="email" required autoComplete="email" maxLength={254} />
        </div>
        <div className="field">
          <label className="label" htmlFor="firstName">First name <span className="muted">(optional)</span></label>
          <input id="firstName" name="firstName" autoComplete="given-name" maxLength={100} />
        </div>
        {form.fields.map((f) => (
          <div className="field" key={f.id}>
            <label className="label" htmlFor={`f-${f.key}`}>{f.label} <span className="muted">(optional)</span></label>
            {f.type === 'BOOLEAN'
              ? <select id={`f-${f.key}`} name={`field.${f.key}`} defaultValue=""><option value="">—</option><option value="yes">Yes</option><option value="no">No</option></select>
              : <input id={`f-${f.key}`} name={`field.${f.key}`} type={f.type === 'NUMBER' ? 'number' : f.type === 'DATE' ? 'date' : 'text'} />}
          </div>
        ))}
        <div><button className="btn btn-primary" type="submit">Subscribe</button></div>
        <p className="hint">We will send you a mail to confirm. You can unsubscribe at any time with the link in every mail.</p>
      </form>
      <PublicFooter footer={form.footer} className={styles.footer} />
    </main>
  );
}
