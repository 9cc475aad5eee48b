// Hosted signup form. Also the embeddable form (an <iframe> of ?embed=1): a fresh signed
// render time per view keeps the minimum-fill-time check meaningful on other sites too.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { translationsIn } from '@/i18n/in-language';
import { DomainError, getPublicForm, HONEYPOT_FIELD } from '@rundbrief/core';
import styles from './public.module.css';
import { PublicFooter } from '@/components/PublicFooter';

export const dynamic = 'force-dynamic';
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const form = await getPublicForm((await params).publicId).catch(() => null);
  const t = await translationsIn(form?.list.language ?? undefined, 'public.form');
  return { title: t('title'), robots: { index: false } };
}

type Props = { params: Promise<{ publicId: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function SignupFormPage({ params, searchParams }: Props) {
  const { publicId } = await params;
  const { embed } = await searchParams;
  const form = await getPublicForm(publicId).catch((e) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  // The list's language, whatever the visitor's browser says (issue 14).
  const locale = form.list.language;
  const t = await translationsIn(locale, 'public');
  return (
    <main lang={locale} className={`${styles.wrap} ${embed ? styles.embed : ''}`}>
      <h1>{form.list.name}</h1>
      {form.list.description && <p className="muted">{form.list.description}</p>}
      <form method="post" action={`/f/${publicId}/subscribe${embed ? '?embed=1' : ''}`} className="stack" data-testid="signup-form">
        <input type="hidden" name="_t" value={form.formToken} />
        <div className={styles.trap} aria-hidden="true">
          <label>{t('form.honeypot')} <input type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" /></label>
        </div>
        <div className="field">
          <label className="label" htmlFor="email">{t('form.email')}</label>
          <input id="email" name="email" type="email" required autoComplete="email" maxLength={254} />
        </div>
        <div className="field">
          <label className="label" htmlFor="firstName">{t('form.firstName')} <span className="muted">{t('optional')}</span></label>
          <input id="firstName" name="firstName" autoComplete="given-name" maxLength={100} />
        </div>
        {form.fields.map((f) => (
          <div className="field" key={f.id}>
            <label className="label" htmlFor={`f-${f.key}`}>{f.label} <span className="muted">{t('optional')}</span></label>
            {f.type === 'BOOLEAN'
              ? <select id={`f-${f.key}`} name={`field.${f.key}`} defaultValue=""><option value="">—</option><option value="yes">{t('yes')}</option><option value="no">{t('no')}</option></select>
              : <input id={`f-${f.key}`} name={`field.${f.key}`} type={f.type === 'NUMBER' ? 'number' : f.type === 'DATE' ? 'date' : 'text'} />}
          </div>
        ))}
        <div><button className="btn btn-primary" type="submit">{t('form.submit')}</button></div>
        <p className="hint">{t('form.hint')}</p>
      </form>
      <PublicFooter footer={form.footer} className={styles.footer} reportAbuse={t('reportAbuse')} />
    </main>
  );
}
