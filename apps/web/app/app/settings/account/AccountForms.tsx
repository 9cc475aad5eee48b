import { getTranslations } from 'next-intl/server';
import { getDb } from '@rundbrief/db';
import { effectivePolicyForUser } from '@rundbrief/core';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TotpSection } from './TotpSection';

/** Shared with /account-setup, where the user resolves an expired password or a required TOTP. */
export async function AccountForms({ userId, email, only }: { userId: string; email: string; only?: { password: boolean; totp: boolean } }) {
  const [policy, user] = await Promise.all([
    effectivePolicyForUser(userId),
    getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true, memberships: { select: { tenant: { select: { requireTotp: true } } } } } }),
  ]);
  const t = await getTranslations('settings.account');
  const required = user.memberships.some((m) => m.tenant.requireTotp);
  return (
    <div className="stack" style={{ gap: 24 }}>
      {(!only || only.password) && (
        <section className="card" aria-labelledby="pw-h">
          <h2 id="pw-h" className="card-title">{t('passwordHeading')}</h2>
          <ChangePasswordForm policy={policy} email={email} />
        </section>
      )}
      {(!only || only.totp) && (
        <section className="card" aria-labelledby="totp-h">
          <h2 id="totp-h" className="card-title">{t('totpHeading')}</h2>
          <TotpSection enabled={user.totpEnabledAt !== null} required={required} />
        </section>
      )}
    </div>
  );
}
