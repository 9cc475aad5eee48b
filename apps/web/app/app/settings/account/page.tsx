import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireMember } from '@/lib/session';
import { AccountForms } from './AccountForms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.account'))('title') };
}

export default async function AccountPage() {
  const member = await requireMember('VIEWER', { allowPendingSecurity: true });
  return <AccountForms userId={member.userId} email={member.email} />;
}
