import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { can } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { SettingsTabs } from './SettingsTabs';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { role } = await requireMember();
  const t = await getTranslations('settings.tabs');
  const tabs = [
    { href: '/app/settings/members', label: t('members') },
    ...(can(role, 'security.manage') ? [{ href: '/app/settings/company', label: t('company') }, { href: '/app/settings/security', label: t('security') }] : []),
    ...(can(role, 'domains.manage')
      ? [{ href: '/app/settings/domains', label: t('domains') }, { href: '/app/settings/senders', label: t('senders') }]
      : []),
    ...(can(role, 'apikeys.manage') ? [{ href: '/app/settings/api-keys', label: t('apiKeys') }, { href: '/app/settings/webhooks', label: t('webhooks') }] : []),
    ...(can(role, 'audit.read') ? [{ href: '/app/settings/audit', label: t('audit') }] : []),
    { href: '/app/settings/account', label: t('account') },
  ];
  return (
    <div className="stack" style={{ gap: 16 }}>
      <div className="page-header"><h1>{t('title')}</h1></div>
      <SettingsTabs tabs={tabs} label={t('label')} />
      {children}
    </div>
  );
}
