import type { Metadata } from 'next';
import { SignOutButton } from '@/components/SignOutButton';

export const metadata: Metadata = { title: 'Your IP address is not allowed' };

export default async function IpNotAllowedPage({ searchParams }: { searchParams: Promise<{ ip?: string }> }) {
  const { ip } = await searchParams;
  return (
    <main className="auth-page">
      <div className="card auth-card stack">
        <h1>Your IP address is not allowed</h1>
        <p>
          This account only accepts sign-ins from addresses on its IP allowlist. Your address
          {ip ? <> <strong className="mono" data-testid="refused-ip">{ip.slice(0, 64)}</strong></> : null} is not on it.
        </p>
        <p className="muted">Connect from an allowed network (for example the office or VPN), or ask an admin of the account to add your address.</p>
        <SignOutButton />
      </div>
    </main>
  );
}
