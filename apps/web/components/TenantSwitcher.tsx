'use client';

import { useState } from 'react';
import { getCsrfToken } from 'next-auth/react';
import { useTranslations } from 'next-intl';

type Option = { tenantId: string; tenantName: string; role: string };

/**
 * Switches the active tenant of the session. The JWT callback (lib/auth.ts) accepts the
 * switch only for a tenant the user is a member of, so a forged id changes nothing.
 */
export function TenantSwitcher({ current, options }: { current: string; options: Option[] }) {
  const t = useTranslations('shell.tenantSwitch');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (options.length < 2) return null;

  async function switchTo(tenantId: string) {
    setPending(true);
    setError(null);
    // What next-auth's useSession().update() sends, without mounting a SessionProvider.
    const res = await fetch('/api/auth/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ csrfToken: await getCsrfToken(), data: { tenantId } }),
    });
    if (!res.ok) {
      setPending(false);
      setError(t('failed'));
      return;
    }
    window.location.assign('/app');
  }

  return (
    <div className="field" style={{ marginBottom: 0 }}>
      <label className="label" htmlFor="tenant-switch">{t('label')}</label>
      <select id="tenant-switch" value={current} disabled={pending} onChange={(e) => switchTo(e.target.value)}>
        {options.map((o) => (
          <option key={o.tenantId} value={o.tenantId}>{t('option', { tenant: o.tenantName, role: o.role })}</option>
        ))}
      </select>
      {error && <div className="error" role="alert">{error}</div>}
    </div>
  );
}
