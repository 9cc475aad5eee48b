import Link from 'next/link';
import { SignOutButton } from '@/components/SignOutButton';
import { ipRefusedForSession } from '@/lib/session';

// Every 403 of a page or action renders this (forbidden()): a role too low, or a request
// from outside the tenant's IP allowlist, which gets its own explanation.
export default async function Forbidden() {
  const refused = await ipRefusedForSession();
  if (refused) {
    return (
      <main className="auth-page">
        <div className="card auth-card stack">
          <h1>Your IP address is not allowed</h1>
          <p>
            This account only accepts requests from addresses on its IP allowlist. Your address
            <strong className="mono" data-testid="refused-ip"> {refused.ip ?? 'unknown'}</strong> is not on it.
          </p>
          <p className="muted">Connect from an allowed network (for example the office or VPN), or ask an admin of the account to add your address.</p>
          <SignOutButton />
        </div>
      </main>
    );
  }
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Not allowed</h1>
        <p>Your role does not allow this page or action. Ask an admin of your account if you need access.</p>
        <Link className="btn" href="/app">Back to the dashboard</Link>
      </div>
    </main>
  );
}
