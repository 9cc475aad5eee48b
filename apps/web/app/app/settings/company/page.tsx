import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getCompanySettings } from '@rundbrief/core';
import { ctxOf, requireMember } from '@/lib/session';
import { CompanyForm } from './CompanyForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.company'))('title') };
}

export default async function CompanyPage() {
  const member = await requireMember('ADMIN');
  const company = await getCompanySettings(await ctxOf(member));
  const t = await getTranslations('settings.company');
  return (
    <section className="card" aria-labelledby="company-h">
      <h2 id="company-h" className="card-title">{t('heading')}</h2>
      <p className="muted">
        {t.rich('intro', { code: (c) => <code>{c}</code>, tag: '{{ imprint }}' })}
      </p>
      {company.footer && (
        <div className="stack" style={{ gap: 4 }}>
          <strong>{t('footerNow')}</strong>
          <div className="muted" style={{ whiteSpace: 'pre-line' }} data-testid="company-footer">{company.footer}</div>
        </div>
      )}
      <CompanyForm company={company} />
    </section>
  );
}
