import { redirect } from 'next/navigation';

export default function SettingsIndex() {
  redirect('/app/settings/members');
}
