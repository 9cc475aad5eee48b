import type { Metadata } from 'next';
import { getCompanySettings } from '@rundbrief/core';
import { ctxOf, requireMember } from '@/lib/session';
import { CompanyForm } from './CompanyForm';

export const metadata: Metadata = { title: 'Company' };

export default async function CompanyPage() {
  const member = await requireMember('ADMIN');
  const company = await getCompanySettings(await ctxOf(member));
  return (
    <section className="card" aria-labelledby="company-h">
      <h2 id="company-h" className="card-title">Company details</h2>
      <p className="muted">
        Name and address make up the imprint (Impressum) at the foot of every mail you send (the <code>{'{{ imprint }}'}</code> tag)
        and of your signup, confirmation, unsubscribe and preferences pages. Campaigns cannot be sent without them.
      </p>
      {company.footer && (
        <div className="stack" style={{ gap: 4 }}>
          <strong>Your footer now</strong>
          <div className="muted" style={{ whiteSpace: 'pre-line' }} data-testid="company-footer">{company.footer}</div>
        </div>
      )}
      <CompanyForm company={company} />
    </section>
  );
}
