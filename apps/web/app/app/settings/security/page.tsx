import type { Metadata } from 'next';
import { getDb } from '@rundbrief/db';
import { getSecuritySettings } from '@rundbrief/core';
import { ctxOf, requireMember } from '@/lib/session';
import { requestOrigin } from '@/lib/account-security';
import { PolicyForm } from './PolicyForm';
import { RequireTotpForm } from './RequireTotpForm';
import { AllowlistEditor } from './AllowlistEditor';
import { DeleteTenantForm } from './DeleteTenantForm';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage() {
  const member = await requireMember('ADMIN');
  const settings = await getSecuritySettings(await ctxOf(member));
  const { currentIp } = await requestOrigin();
  const { slug } = await getDb().tenant.findUniqueOrThrow({ where: { id: member.tenantId }, select: { slug: true } });
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="policy-h">
        <h2 id="policy-h" className="card-title">Password policy</h2>
        <p className="muted">Applies when members sign up, accept an invitation, change or reset their password.</p>
        <PolicyForm policy={settings.policy} />
      </section>
      <section className="card" aria-labelledby="totp-h">
        <h2 id="totp-h" className="card-title">Two-factor authentication</h2>
        <RequireTotpForm requireTotp={settings.requireTotp} />
      </section>
      <section className="card" aria-labelledby="ip-h">
        <h2 id="ip-h" className="card-title">IP allowlist</h2>
        <p className="muted">
          When the list has entries, the app and the API only accept requests from these addresses (IPv4 or IPv6, single addresses or CIDR ranges). An empty list allows every address.
        </p>
        <p className="muted">Behind a reverse proxy, the address is read from its X-Forwarded-For header only when the platform operator lists that proxy as trusted; otherwise it is the address that connects to Rundbrief.</p>
        <p data-testid="current-ip">Your current IP is <strong className="mono">{currentIp ?? 'unknown'}</strong>.</p>
        <AllowlistEditor entries={settings.ipAllowlist} currentIp={currentIp} />
      </section>
      {member.role === 'OWNER' && (
        <section className="card" aria-labelledby="delete-h">
          <h2 id="delete-h" className="card-title">Delete this account</h2>
          <DeleteTenantForm slug={slug} />
        </section>
      )}
    </div>
  );
}
