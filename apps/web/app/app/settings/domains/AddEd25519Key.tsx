'use client';

// Shown on a domain card whose domain has no Ed25519 key yet (SenderDomainView.ed25519Selector
// is null): adds one; its DKIM-ED25519 record then appears among the records to publish.
import { useActionState } from 'react';
import { idle } from '@/lib/action-result';
import { addEd25519KeyAction } from './ed25519-actions';

export function AddEd25519Key({ domainId, domain }: { domainId: string; domain: string }) {
  const [state, action, pending] = useActionState(addEd25519KeyAction, idle);
  return (
    <form action={action} className="stack" data-testid="add-ed25519">
      <input type="hidden" name="domainId" value={domainId} />
      {!state.ok && state.error && <div className="alert alert-error" role="alert">{state.error}</div>}
      <p className="muted" style={{ margin: 0 }}>
        Add an Ed25519 key (RFC 8463) beside the RSA key: once its record is published and passes, mail from {domain} carries both signatures.
        Receivers that do not know Ed25519 still verify the RSA one.
      </p>
      <div><button className="btn" disabled={pending}>{pending ? 'Adding…' : 'Add Ed25519 key'}</button></div>
    </form>
  );
}
