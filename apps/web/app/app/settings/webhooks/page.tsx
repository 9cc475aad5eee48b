import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { listWebhookDeliveries, listWebhookEndpoints } from '@rundbrief/core/webhooks/endpoints';
import { WEBHOOK_EVENT_LABELS } from '@rundbrief/core/webhooks/events';
import { disabledReasonText } from '@rundbrief/core/webhooks/disabled-reason';
import { sayCore } from '@/lib/core-texts';
import { requireCtx } from '@/lib/session';
import { Pagination, pageParam } from '@/components/Pagination';
import { CreateEndpointForm } from './CreateEndpointForm';
import { EndpointsTable } from './EndpointsTable';
import { DeliveryLog } from './DeliveryLog';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.webhooks'))('title') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireCtx('ADMIN');
  const sp = await searchParams;
  const page = pageParam(sp.page);
  const endpointId = typeof sp.endpoint === 'string' && UUID.test(sp.endpoint) ? sp.endpoint : undefined;
  const [endpoints, log] = await Promise.all([listWebhookEndpoints(ctx), listWebhookDeliveries(ctx, { page, pageSize: 20, endpointId })]);
  const [t, tc] = await Promise.all([getTranslations('settings.webhooks'), getTranslations('coreTexts')]);
  // core's English label when a new event type has no translation yet
  const eventLabel = (type: string, fallback: string) => (t.has(`events.${type.replace('.', '_')}`) ? t(`events.${type.replace('.', '_')}`) : fallback);
  const eventChoices = Object.entries(WEBHOOK_EVENT_LABELS).map(([value, label]) => ({ value, label: eventLabel(value, label) }));
  const href = (p: number) => `/app/settings/webhooks?${new URLSearchParams({ ...(endpointId ? { endpoint: endpointId } : {}), page: String(p) })}#log-h`;
  return (
    <div className="stack" style={{ gap: 24 }}>
      <p>
        {t.rich('intro', {
          code: (c) => <code>{c}</code>,
          spec: (c) => <a href="https://www.standardwebhooks.com/" rel="noreferrer">{c}</a>,
        })}
      </p>
      {endpoints.some((e) => e.disabledReason) && (
        <div className="alert alert-error" role="alert">
          {t('disabledAlert')}
        </div>
      )}
      <section className="card" aria-labelledby="create-h">
        <h2 id="create-h" className="card-title">{t('addHeading')}</h2>
        <CreateEndpointForm events={Object.entries(WEBHOOK_EVENT_LABELS).map(([value, label]) => ({ value, label: eventLabel(value, label) }))} />
      </section>
      <section className="card" aria-labelledby="endpoints-h">
        <h2 id="endpoints-h" className="card-title">{t('endpointsHeading')}</h2>
        {endpoints.length === 0 ? (
          <p className="muted">{t('noEndpoints')}</p>
        ) : (
          <EndpointsTable
            events={eventChoices}
            endpoints={endpoints.map((e) => ({
              id: e.id, url: e.url, description: e.description, events: e.events, enabled: e.enabled,
              disabledReason: e.disabledReason ? sayCore(tc, disabledReasonText(e.disabledReason), e.disabledReason) : null,
              failingSince: e.failingSince?.toISOString() ?? null, previousSecretExpiresAt: e.previousSecretExpiresAt?.toISOString() ?? null, createdAt: e.createdAt.toISOString(),
            }))}
          />
        )}
      </section>
      <section className="card" aria-labelledby="log-h">
        <h2 id="log-h" className="card-title">{t('logHeading')}</h2>
        {endpoints.length > 1 && (
          <nav className="toolbar" aria-label={t('filterLabel')}>
            <Link href="/app/settings/webhooks#log-h" aria-current={endpointId ? undefined : 'page'}>{t('allEndpoints')}</Link>
            {endpoints.map((e) => (
              <Link key={e.id} href={`/app/settings/webhooks?endpoint=${e.id}#log-h`} aria-current={endpointId === e.id ? 'page' : undefined} className="mono">{e.url}</Link>
            ))}
          </nav>
        )}
        {log.items.length === 0 ? (
          <p className="muted">{t('noDeliveries')}</p>
        ) : (
          <>
            <p className="muted">{t('deliveriesTotal', { count: log.total })}</p>
            <DeliveryLog
              deliveries={log.items.map((d) => ({
                id: d.id, type: d.type, url: d.url, status: d.status, attempts: d.attempts, createdAt: d.createdAt.toISOString(),
                nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null, responseStatus: d.responseStatus, responseBody: d.responseBody,
                durationMs: d.durationMs, error: d.error,
                attemptLog: d.attemptLog.map((a) => ({ ...a, at: a.at.toISOString() })),
              }))}
            />
            <Pagination page={log.page} pageSize={log.pageSize} total={log.total} href={href} />
          </>
        )}
      </section>
    </div>
  );
}
