import type { Metadata } from 'next';
import Link from 'next/link';
import { API_SCOPE_LABELS, listApiKeys } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { CreateKeyForm } from './CreateKeyForm';
import { KeysTable } from './KeysTable';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const keys = await listApiKeys(await requireCtx('ADMIN'));
  return (
    <div className="stack" style={{ gap: 24 }}>
      <p>
        What a key can do: the <Link href="/app/settings/api-keys/reference">API reference</Link> (or the OpenAPI 3.1 document at{' '}
        <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a>).
      </p>
      <section className="card" aria-labelledby="create-h">
        <h2 id="create-h" className="card-title">Create an API key</h2>
        <CreateKeyForm scopes={Object.entries(API_SCOPE_LABELS).map(([value, label]) => ({ value, label }))} />
      </section>
      <section className="card" aria-labelledby="keys-h">
        <h2 id="keys-h" className="card-title">Keys</h2>
        {keys.length === 0 ? (
          <p className="muted">No API keys yet.</p>
        ) : (
          <KeysTable
            keys={keys.map((k) => ({
              id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes,
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null, lastUsedIp: k.lastUsedIp,
              revokedAt: k.revokedAt?.toISOString() ?? null, createdAt: k.createdAt.toISOString(),
            }))}
          />
        )}
      </section>
    </div>
  );
}
