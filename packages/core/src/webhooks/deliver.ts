// One delivery attempt and what follows from its answer: the attempt is logged with the
// endpoint's answer (status, the first 1,000 characters, time); a 2xx ends the delivery and
// the endpoint's failure streak; anything else schedules the next attempt with exponential
// backoff until the delivery's retry window (a day by default) is used up. An endpoint whose
// failures span the whole window is disabled and the tenant's admins are told (an alert and
// a system mail).
import { getDb, Prisma } from '@rundbrief/db';
import { enqueueSystemMail } from '../jobs/queue.ts';
import { appUrl } from '../accounts/mail.ts';
import { coreTranslator } from '../i18n/translate.ts';
import { DEFAULT_LOCALE, isLocale } from '../i18n/locales.ts';
import { mailDateTime } from '../i18n/mail-date.ts';
import { webhookDisabledMessage } from '../platform/alert-text.ts';
import { disabledReasonMessage } from './disabled-reason.ts';
import { AddressRefused, guardedPost } from './address-guard.ts';
import { signingSecrets } from './endpoints.ts';
import { webhookHeaders } from './signing.ts';
import { retryDelayMs, webhookSettings, type WebhookSettings } from './settings.ts';

const BODY_EXCERPT = 1000;

export type DeliveryOutcome =
  | { kind: 'skipped' }
  | { kind: 'succeeded'; status: number }
  | { kind: 'retry'; delayMs: number; attempt: number; nextAttemptAt: Date }
  | { kind: 'failed'; endpointDisabled: boolean };

/**
 * Why an answer is a failed attempt (null for a 2xx). A 301/302/303 would turn the POST into a
 * GET on the next hop (and drop the signed body), so it is not followed: it is a failed attempt
 * with its reason and retried like any other; 307/308 were followed by the address guard and
 * only arrive here without a Location.
 */
export function answerError(status: number): string | null {
  if (status >= 200 && status <= 299) return null;
  if (status === 307 || status === 308) return `Redirect ${status} without a Location header`;
  if (status >= 300 && status <= 399) return `Redirect ${status} not followed (only 307/308 keep the POST)`;
  return `HTTP ${status}`;
}

/** The JSON body (Standard Webhooks payload shape: type, timestamp, data). */
export function webhookBody(e: { type: string; createdAt: Date; data: unknown }): string {
  return JSON.stringify({ type: e.type, timestamp: e.createdAt.toISOString(), data: e.data });
}

export async function deliverWebhook(deliveryId: string, s: WebhookSettings = webhookSettings()): Promise<DeliveryOutcome> {
  const db = getDb();
  // Claim: due and PENDING, moved out of reach for the attempt's lease, so a second job for
  // the same delivery (sweep and retry racing) does nothing; a crashed worker's claim expires.
  const leaseMs = s.timeoutMs + 60_000;
  const claimed = await db.$queryRaw<{ attempts: number; endpointId: string; eventId: string; retryUntil: Date }[]>`
    UPDATE "WebhookDelivery" SET attempts = attempts + 1, "nextAttemptAt" = now() + ${leaseMs} * interval '1 millisecond', "lastAttemptAt" = now(), "updatedAt" = now()
    WHERE id = ${deliveryId}::uuid AND status = 'PENDING' AND "nextAttemptAt" <= now() + interval '1 second'
    RETURNING attempts, "endpointId"::text AS "endpointId", "eventId"::text AS "eventId", "retryUntil"`;
  const c = claimed[0];
  if (!c) return { kind: 'skipped' };
  const [endpoint, event] = await Promise.all([
    db.webhookEndpoint.findUnique({ where: { id: c.endpointId } }),
    db.webhookEvent.findUnique({ where: { id: c.eventId } }),
  ]);
  if (!endpoint || !event) return { kind: 'skipped' };
  if (!endpoint.enabled) {
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'FAILED', nextAttemptAt: null, error: 'Endpoint disabled' } });
    return { kind: 'failed', endpointDisabled: false };
  }

  const body = webhookBody(event);
  const started = Date.now();
  let status: number | null = null;
  let excerpt: string | null = null;
  let error: string | null = null;
  try {
    const headers = webhookHeaders(signingSecrets(endpoint), deliveryId, Math.floor(started / 1000), body);
    const res = await guardedPost(endpoint.url, { headers, body, timeoutMs: s.timeoutMs, allowHosts: s.allowHosts });
    status = res.status;
    excerpt = res.body.slice(0, BODY_EXCERPT);
    error = answerError(status);
  } catch (err) {
    error = err instanceof AddressRefused ? `Refused: ${err.message}` : (err as Error).name === 'TimeoutError' ? `Timed out after ${s.timeoutMs} ms` : `${(err as Error).message}`.slice(0, 300);
  }
  const durationMs = Date.now() - started;
  const answer = { responseStatus: status, responseBody: excerpt, durationMs, error };
  await db.webhookAttempt.create({ data: { deliveryId, attempt: c.attempts, ...answer } });

  if (!error) {
    await db.$transaction([
      db.webhookDelivery.update({ where: { id: deliveryId }, data: { ...answer, status: 'SUCCEEDED', nextAttemptAt: null } }),
      db.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } }),
    ]);
    return { kind: 'succeeded', status: status! };
  }

  await db.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: new Date() } });
  const now = Date.now();
  const delayMs = retryDelayMs(c.attempts, s);
  if (now < c.retryUntil.getTime()) {
    // The last attempt lands on the end of the window, so a failed delivery spans all of it.
    const nextAttemptAt = new Date(Math.min(now + delayMs, c.retryUntil.getTime()));
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { ...answer, nextAttemptAt } });
    return { kind: 'retry', delayMs: nextAttemptAt.getTime() - now, attempt: c.attempts, nextAttemptAt };
  }
  await db.webhookDelivery.update({ where: { id: deliveryId }, data: { ...answer, status: 'FAILED', nextAttemptAt: null } });
  // This delivery failed for its whole window; if no delivery to the endpoint succeeded in
  // that time either, the endpoint is down, not unlucky.
  const windowStart = new Date(c.retryUntil.getTime() - s.failureWindowMs);
  const succeeded = await db.webhookAttempt.count({ where: { error: null, createdAt: { gte: windowStart }, delivery: { endpointId: endpoint.id } } });
  const endpointDisabled = succeeded === 0 ? await disableFailingEndpoint(endpoint.id, endpoint.tenantId, endpoint.url, windowStart) : false;
  return { kind: 'failed', endpointDisabled };
}

/** Disables once (conditional on enabled), fails its waiting deliveries, tells the admins. */
async function disableFailingEndpoint(endpointId: string, tenantId: string, url: string, since: Date): Promise<boolean> {
  const db = getDb();
  const hours = Math.max(1, Math.round((Date.now() - since.getTime()) / 3_600_000));
  const reason = disabledReasonMessage(since, hours);
  const moved = await db.webhookEndpoint.updateMany({ where: { id: endpointId, enabled: true }, data: { enabled: false, disabledAt: new Date(), disabledReason: reason } });
  if (moved.count === 0) return false;
  await db.webhookDelivery.updateMany({ where: { endpointId, status: 'PENDING' }, data: { status: 'FAILED', nextAttemptAt: null, error: 'Endpoint disabled after failing' } });
  await db.alert.create({ data: { tenantId, kind: 'WEBHOOK_DISABLED', severity: 'warning', message: webhookDisabledMessage(url, since, hours), details: { endpointId, url, since: since.toISOString(), hours } } });
  const admins = await db.membership.findMany({ where: { tenantId, role: { in: ['OWNER', 'ADMIN'] } }, select: { user: { select: { email: true, locale: true } } } });
  const link = appUrl('/app/settings/webhooks');
  const esc = (v: string) => v.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  for (const a of admins) {
    // In each admin's own language, the date as that language writes it (issue 14).
    const locale = isLocale(a.user.locale) ? a.user.locale : DEFAULT_LOCALE;
    const t = coreTranslator(locale, 'webhooks');
    const intro = t('disabledIntro', { url });
    const why = t('disabledReason', { hours, since: mailDateTime(since, locale) });
    const text = `${intro}\n\n${why}\n\n${t('disabledNext')}\n${link}\n`;
    const html = `<!doctype html><html lang="${t.locale}"><body style="font-family:sans-serif;line-height:1.5"><p>${esc(intro)}</p><p>${esc(why)}</p><p>${esc(t('disabledNext'))}</p><p><a href="${esc(link)}">${esc(t('disabledLink'))}</a></p></body></html>`;
    await enqueueSystemMail(
      { kind: 'WEBHOOK_DISABLED', tenantId, to: a.user.email, subject: t('disabledSubject'), html, text, headers: {} },
      { jobId: `webhook-disabled-${endpointId}-${since.getTime()}-${a.user.email.replace(/[^a-z0-9]/gi, '_')}` },
    ).catch((err: Error) => console.error(`webhook-disabled notice not queued: ${err.message}`));
  }
  return true;
}

/** Due deliveries (oldest first), for the dispatcher: id and the job id of their next attempt. */
export async function dueDeliveries(limit = 500): Promise<{ id: string; jobId: string }[]> {
  const rows = await getDb().$queryRaw<{ id: string; attempts: number; at: Date }[]>(Prisma.sql`
    SELECT id::text AS id, attempts, "nextAttemptAt" AS at FROM "WebhookDelivery"
    WHERE status = 'PENDING' AND "nextAttemptAt" <= now() ORDER BY "nextAttemptAt" LIMIT ${limit}`);
  return rows.map((r) => ({ id: r.id, jobId: deliveryJobId(r.id, r.attempts, r.at) }));
}

/** One job per planned attempt: the retry's delayed job and the sweep name it alike and dedupe. */
export const deliveryJobId = (id: string, attempts: number, at: Date) => `whd-${id}-${attempts}-${at.getTime()}`;
