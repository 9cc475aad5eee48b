'use client';

// Shown on a domain card whose domain has no Ed25519 key yet (SenderDomainView.ed25519Selector
// is null): adds one; its DKIM-ED25519 record then appears among the records to publish.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { idle } from '@/lib/action-result';
import { addEd25519KeyAction } from './ed25519-actions';

export function AddEd25519Key({ domainId, domain }: { domainId: string; domain: string }) {
  const t = useTranslations('settings.domains.ed25519');
  const [state, action, pending] = useActionState(addEd25519KeyAction, idle);
  return (
    <form action={action} className="stack" data-testid="add-ed25519">
      <input type="hidden" name="domainId" value={domainId} />
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <p className="muted" style={{ margin: 0 }}>
        {t('body', { domain })}
      </p>
      <div><button className="btn" disabled={pending}>{pending ? t('adding') : t('add')}</button></div>
    </form>
  );
}
