import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { API_SCOPE_LABELS, listApiKeys } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { CreateKeyForm } from './CreateKeyForm';
import { KeysTable } from './KeysTable';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.apiKeys'))('title') };
}

export default async function ApiKeysPage() {
  const keys = await listApiKeys(await requireCtx('ADMIN'));
  const t = await getTranslations('settings.apiKeys');
  // core's English label when a new scope has no translation yet
  const scopeLabel = (scope: string, fallback: string) => (t.has(`scopes.${scope.replace(':', '_')}`) ? t(`scopes.${scope.replace(':', '_')}`) : fallback);
  return (
    <div className="stack" style={{ gap: 24 }}>
      <p>
        {t.rich('intro', {
          reference: (c) => <Link href="/app/settings/api-keys/reference">{c}</Link>,
          document: (c) => <a href="/api/v1/openapi.json"><code>{c}</code></a>,
        })}
      </p>
      <section className="card" aria-labelledby="create-h">
        <h2 id="create-h" className="card-title">{t('createHeading')}</h2>
        <CreateKeyForm scopes={Object.entries(API_SCOPE_LABELS).map(([value, label]) => ({ value, label: scopeLabel(value, label) }))} />
      </section>
      <section className="card" aria-labelledby="keys-h">
        <h2 id="keys-h" className="card-title">{t('keysHeading')}</h2>
        {keys.length === 0 ? (
          <p className="muted">{t('empty')}</p>
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
