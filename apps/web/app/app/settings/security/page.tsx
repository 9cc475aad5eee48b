import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@rundbrief/db';
import { getSecuritySettings } from '@rundbrief/core';
import { ctxOf, requireMember } from '@/lib/session';
import { requestOrigin } from '@/lib/account-security';
import { PolicyForm } from './PolicyForm';
import { RequireTotpForm } from './RequireTotpForm';
import { AllowlistEditor } from './AllowlistEditor';
import { DeleteTenantForm } from './DeleteTenantForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.security'))('title') };
}

export default async function SecurityPage() {
  const member = await requireMember('ADMIN');
  const settings = await getSecuritySettings(await ctxOf(member));
  const { currentIp } = await requestOrigin();
  const { slug } = await getDb().tenant.findUniqueOrThrow({ where: { id: member.tenantId }, select: { slug: true } });
  const t = await getTranslations('settings.security');
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="policy-h">
        <h2 id="policy-h" className="card-title">{t('policyHeading')}</h2>
        <p className="muted">{t('policyIntro')}</p>
        <PolicyForm policy={settings.policy} />
      </section>
      <section className="card" aria-labelledby="totp-h">
        <h2 id="totp-h" className="card-title">{t('totpHeading')}</h2>
        <RequireTotpForm requireTotp={settings.requireTotp} />
      </section>
      <section className="card" aria-labelledby="ip-h">
        <h2 id="ip-h" className="card-title">{t('ipHeading')}</h2>
        <p className="muted">{t('ipIntro')}</p>
        <p className="muted">{t('ipProxy')}</p>
        <p data-testid="current-ip">{t.rich('currentIp', { ip: currentIp ?? t('unknownIp'), strong: (c) => <strong className="mono">{c}</strong> })}</p>
        <AllowlistEditor entries={settings.ipAllowlist} currentIp={currentIp} />
      </section>
      {member.role === 'OWNER' && (
        <section className="card" aria-labelledby="delete-h">
          <h2 id="delete-h" className="card-title">{t('deleteHeading')}</h2>
          <DeleteTenantForm slug={slug} />
        </section>
      )}
    </div>
  );
}
