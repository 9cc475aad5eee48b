'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export function SignOutButton() {
  const t = useTranslations('shell');
  return (
    <button type="button" className="btn btn-ghost btn-sm" onClick={() => signOut({ callbackUrl: '/login' })}>
      {t('signOut')}
    </button>
  );
}
