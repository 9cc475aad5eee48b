'use client';

import { useActionState, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { FormField } from '@/components/FormField';
import { beginTotpAction, confirmTotpAction, disableTotpAction } from './actions';
import { submitKeepingValues } from '@/lib/submit-keeping-values';

export function TotpSection({ enabled, required }: { enabled: boolean; required: boolean }) {
  const t = useTranslations('settings.account.totp');
  const router = useRouter();
  const [enrol, setEnrol] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [startError, setStartError] = useState('');
  const [starting, start] = useTransition();
  const [confirmState, confirm, confirming] = useActionState(confirmTotpAction, idle);
  const [disableState, disable, disabling] = useActionState(disableTotpAction, idle);

  if (confirmState.ok) {
    return (
      <div className="stack" data-testid="recovery-codes">
        <div className="alert alert-success" role="status">{t('turnedOn')}</div>
        <p>{t.rich('recoveryCodes', { strong: (c) => <strong>{c}</strong> })}</p>
        <ul className="mono" style={{ columns: 2, listStyle: 'none', padding: 0 }}>
          {confirmState.data.recoveryCodes.map((c) => <li key={c}>{c}</li>)}
        </ul>
        <div><button type="button" className="btn" onClick={() => router.refresh()}>{t('done')}</button></div>
      </div>
    );
  }

  if (enabled) {
    return (
      <div className="stack">
        <p><span className="badge badge-success">{t('on')}</span> {t('onBody')}</p>
        {required ? (
          <p className="muted">{t('required')}</p>
        ) : disableState.ok ? (
          <div className="alert alert-success" role="status">{disableState.data}</div>
        ) : (
          <form method="post" onSubmit={submitKeepingValues(disable)} className="stack" noValidate>
            {disableState.error && <div className="alert alert-error" role="alert">{disableState.error}</div>}
            <FormField label={t('passwordToDisable')} name="password" type="password" autoComplete="current-password" />
            <div><button className="btn btn-danger" disabled={disabling}>{t('disable')}</button></div>
          </form>
        )}
      </div>
    );
  }

  if (!enrol) {
    return (
      <div className="stack">
        <p><span className="badge badge-neutral">{t('off')}</span> {t('offBody')}</p>
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
            {t('setUp')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form method="post" onSubmit={submitKeepingValues(confirm)} className="stack" noValidate>
      <p>{t('scan')}</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise */}
      <img src={enrol.qrDataUrl} width={220} height={220} alt={t('qrAlt')} />
      <p className="muted">{t('manual')} <code className="mono" data-testid="totp-secret">{enrol.secret}</code></p>
      {!confirmState.ok && confirmState.error && <div className="alert alert-error" role="alert">{confirmState.error}</div>}
      <FormField label={t('code')} name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} required />
      <div><button className="btn btn-primary" disabled={confirming}>{t('turnOn')}</button></div>
    </form>
  );
}
