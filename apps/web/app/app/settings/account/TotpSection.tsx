'use client';

import { useActionState, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { beginTotpAction, confirmTotpAction, disableTotpAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function TotpSection({ enabled, required }: { enabled: boolean; required: boolean }) {
  const router = useRouter();
  const [enrol, setEnrol] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [startError, setStartError] = useState('');
  const [starting, start] = useTransition();
  const [confirmState, confirm, confirming] = useActionState(confirmTotpAction, idle);
  const [disableState, disable, disabling] = useActionState(disableTotpAction, idle);

  if (confirmState.ok) {
    return (
      <div className="stack" data-testid="recovery-codes">
        <div className="alert alert-success" role="status">Two-factor authentication is on.</div>
        <p><strong>Recovery codes.</strong> Each works once if you lose your phone. Store them somewhere safe now: they are not shown again.</p>
        <ul className="mono" style={{ columns: 2, listStyle: 'none', padding: 0 }}>
          {confirmState.data.recoveryCodes.map((c) => <li key={c}>{c}</li>)}
        </ul>
        <div><button type="button" className="btn" onClick={() => router.refresh()}>Done</button></div>
      </div>
    );
  }

  if (enabled) {
    return (
      <div className="stack">
        <p><span className="badge badge-success">On</span> Sign-in asks for a code from your authenticator app.</p>
        {required ? (
          <p className="muted">Your account requires two-factor authentication, so it can't be turned off.</p>
        ) : disableState.ok ? (
          <div className="alert alert-success" role="status">{disableState.data}</div>
        ) : (
          <form method="post" onSubmit={submitKeepingValues(disable)} className="stack" noValidate>
            {disableState.error && <div className="alert alert-error" role="alert">{disableState.error}</div>}
            <FormField label="Password (to turn it off)" name="password" type="password" autoComplete="current-password" />
            <div><button className="btn btn-danger" disabled={disabling}>Turn off two-factor authentication</button></div>
          </form>
        )}
      </div>
    );
  }

  if (!enrol) {
    return (
      <div className="stack">
        <p><span className="badge badge-neutral">Off</span> Protect your account with a code from an authenticator app (TOTP).</p>
        {startError && <div className="alert alert-error" role="alert">{startError}</div>}
        <div>
          <button
            type="button"
            className="btn btn-primary"
            disabled={starting}
            onClick={() =>
              start(async () => {
                const r = await beginTotpAction();
                if (r.ok) setEnrol(r.data);
                else setStartError(r.error);
              })
            }
          >
            Set up two-factor authentication
          </button>
        </div>
      </div>
    );
  }

  return (
    <form method="post" onSubmit={submitKeepingValues(confirm)} className="stack" noValidate>
      <p>Scan this QR code with your authenticator app, then enter the 6-digit code it shows.</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise */}
      <img src={enrol.qrDataUrl} width={220} height={220} alt="QR code for your authenticator app" />
      <p className="muted">Can't scan? Enter this key manually: <code className="mono" data-testid="totp-secret">{enrol.secret}</code></p>
      {!confirmState.ok && confirmState.error && <div className="alert alert-error" role="alert">{confirmState.error}</div>}
      <FormField label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} required />
      <div><button className="btn btn-primary" disabled={confirming}>Turn on</button></div>
    </form>
  );
}
