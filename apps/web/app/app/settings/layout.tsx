import type { ReactNode } from 'react';
import { can } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { SettingsTabs } from './SettingsTabs';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { role } = await requireMember();
  const tabs = [
    { href: '/app/settings/members', label: 'Members' },
    ...(can(role, 'security.manage') ? [{ href: '/app/settings/company', label: 'Company' }, { href: '/app/settings/security', label: 'Security' }] : []),
    ...(can(role, 'domains.manage')
      ? [{ href: '/app/settings/domains', label: 'Sender domains' }, { href: '/app/settings/senders', label: 'Senders' }]
      : []),
    ...(can(role, 'apikeys.manage') ? [{ href: '/app/settings/api-keys', label: 'API keys' }, { href: '/app/settings/webhooks', label: 'Webhooks' }] : []),
    ...(can(role, 'audit.read') ? [{ href: '/app/settings/audit', label: 'Audit log' }] : []),
    { href: '/app/settings/account', label: 'My account' },
  ];
  return (
    <div className="stack" style={{ gap: 16 }}>
      <div className="page-header"><h1>Settings</h1></div>
      <SettingsTabs tabs={tabs} />
      {children}
    </div>
  );
}
