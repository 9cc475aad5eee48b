import type { Metadata } from 'next';
import { requireMember } from '@/lib/session';
import { AccountForms } from './AccountForms';

export const metadata: Metadata = { title: 'My account' };

export default async function AccountPage() {
  const member = await requireMember('VIEWER', { allowPendingSecurity: true });
  return <AccountForms userId={member.userId} email={member.email} />;
}
