// System mails of the consent flow. From a tenant with a verified sender domain, the
// confirmation and the welcome mail are the list's own MJML (list-mail.ts, compiled once per
// list version) and the notice of a CONFIRMED-mode list is fixed text, all from its oldest
// verified identity. Without one they go out under the platform's name, so they are the
// platform's fixed templates (platform-mail.ts): no tenant HTML, only its name as text.
import { TemplateCompileError } from '@rundbrief/mailer/render/index';
import { getDb, tenantDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import type { TenantCtx } from '../context.ts';
import { assertTenantMaySend } from '../deliverability/may-send.ts';
import { platformConfirmationMail, platformNoticeMail, platformWelcomeMail } from '../deliverability/platform-mail.ts';
import { confirmUrl, preferencesUrl, subscriptionUnsubscribeUrl } from '../links.ts';
import { enqueueSystemMail } from '../jobs/queue.ts';
import { listMailIdentity, renderListMail, type ListMailKind } from './list-mail.ts';
import { coreTranslator } from '../i18n/translate.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';
import { mailDateTime } from '../i18n/mail-date.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `{{ confirm_until }}` in the list's language: "December 14, 2026, 14:05 UTC" / "14. Dezember 2026, 14:05 UTC". */
export function consentDate(d: Date, locale: Locale = DEFAULT_LOCALE): string {
  return mailDateTime(d, locale);
}

export type ConsentMailList = {
  id: string; name: string; welcomeEnabled: boolean; language?: Locale;
  confirmationSubject: string | null; confirmationMjml: string | null; welcomeSubject: string | null; welcomeMjml: string | null;
};
export type ConsentMailSubscriber = { id: string; email: string; firstName: string | null; lastName: string | null; attributes: unknown };

async function render(tenantId: string, kind: ListMailKind, list: ConsentMailList, s: ConsentMailSubscriber, confirm?: { url: string; until: Date }, unsubscribeUrl?: string) {
  const prefs = preferencesUrl(s.id);
  // Consent mail has no Message row to unsubscribe by: "unsubscribe" is the welcome mail's
  // subscription link, else the subscriber's preferences page (lists, data, erasure).
  const to = { ...s, unsubscribeUrl: unsubscribeUrl ?? prefs, preferencesUrl: prefs, confirmUrl: confirm?.url, confirmUntil: confirm ? consentDate(confirm.until, list.language) : undefined };
  try {
    return await renderListMail({ tenantId }, { kind, list, to });
  } catch (err) {
    // Checked on save, but a custom field the template uses may have been deleted since.
    // The person still gets a working mail: the built-in template.
    if (!(err instanceof TemplateCompileError)) throw err;
    console.warn(`list ${list.id}: stored ${kind} mail no longer compiles (${err.issues[0]?.message ?? ''}); sending the built-in one`);
    const builtIn = { ...list, confirmationSubject: null, confirmationMjml: null, welcomeSubject: null, welcomeMjml: null };
    return renderListMail({ tenantId }, { kind, list: builtIn, to });
  }
}

const tenantName = async (tenantId: string) =>
  (await getDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } })).name;

/** `expiresAt`: the token's expiry, for `{{ confirm_until }}`; read from the subscription when not given. */
export async function sendOptInConfirmation(ctx: TenantCtx, c: { list: ConsentMailList; subscriber: ConsentMailSubscriber; rawToken: string; expiresAt?: Date; subscriptionId: string }) {
  const until = c.expiresAt ?? (await tenantDb(ctx.tenantId).subscription.findFirst({ where: { id: c.subscriptionId }, select: { tokenExpiresAt: true } }))?.tokenExpiresAt;
  if (!until) throw new DomainError('CONFLICT', 'This subscription has no confirmation link to send.').withText('subscribers.noConfirmationLink');
  const confirm = { url: confirmUrl(c.rawToken), until };
  const identityId = await listMailIdentity(ctx.tenantId);
  const r = identityId
    ? await render(ctx.tenantId, 'confirmation', c.list, c.subscriber, confirm)
    : platformConfirmationMail({ tenantName: await tenantName(ctx.tenantId), confirmUrl: confirm.url, confirmUntil: consentDate(until, c.list.language), preferencesUrl: preferencesUrl(c.subscriber.id), locale: c.list.language });
  // Transactional: asked for by the person, so no List-Unsubscribe (a one-click
  // "unsubscribe" of a subscription that does not exist yet would mean nothing).
  // One job per token: a retried request never mails twice for the same token.
  await enqueueSystemMail({ kind: 'OPT_IN_CONFIRMATION', tenantId: ctx.tenantId, identityId, to: c.subscriber.email, ...r, headers: {} },
    { jobId: `optin-${c.subscriptionId}-${c.rawToken.slice(0, 12)}` });
}

/**
 * The welcome mail, once per confirmation: callers send it only after their conditional
 * move to CONFIRMED succeeded, and the job id names that confirmation. Not while the
 * tenant is suspended (SUSPENDED).
 */
export async function sendWelcome(ctx: TenantCtx, c: { list: ConsentMailList; subscriber: ConsentMailSubscriber; subscriptionId: string; confirmedAt: Date }) {
  if (!c.list.welcomeEnabled) return false;
  await assertTenantMaySend(ctx, 'WELCOME');
  // The subscription's own unsubscribe link: the two-click page for people, RFC 8058
  // one-click for mailbox providers (the same /u/<token> route as campaign mail).
  const unsub = subscriptionUnsubscribeUrl(c.subscriptionId);
  const identityId = await listMailIdentity(ctx.tenantId);
  const r = identityId
    ? await render(ctx.tenantId, 'welcome', c.list, c.subscriber, undefined, unsub)
    : platformWelcomeMail({ tenantName: await tenantName(ctx.tenantId), unsubscribeUrl: unsub, preferencesUrl: preferencesUrl(c.subscriber.id), locale: c.list.language });
  await enqueueSystemMail({
    kind: 'WELCOME', tenantId: ctx.tenantId, identityId, to: c.subscriber.email, ...r,
    headers: { 'List-Unsubscribe': `<${unsub}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  }, { jobId: `welcome-${c.subscriptionId}-${c.confirmedAt.getTime()}` });
  return true;
}

type Notice = { tenantName: string; imprint: string | null; listName: string; language?: Locale; to: string; subscriberId: string; subscriptionId: string };

export async function sendOptInNotice(ctx: TenantCtx, c: Notice) {
  const url = preferencesUrl(c.subscriberId);
  const imprint = c.imprint ?? c.tenantName;
  const identityId = await listMailIdentity(ctx.tenantId);
  const t = coreTranslator(c.language ?? DEFAULT_LOCALE, 'consent');
  const v = { list: c.listName, tenant: c.tenantName };
  const r = identityId
    ? {
      subject: t('noticeListSubject', v),
      html: `<p>${esc(t('hello'))}</p><p>${t.html('noticeListBody', v)}</p>`
        + `<p>${esc(t('noticeNotYou'))} <a href="${esc(url)}">${esc(t('manageData'))}</a></p>`
        + `<hr><p style="font-size:12px;color:#666">${esc(imprint).replace(/\n/g, '<br>')}</p>`,
      text: `${t('hello')}\n\n${t('noticeListBody', v)}\n\n${t('noticeNotYou')}\n${url}\n\n--\n${imprint}\n`,
    }
    : platformNoticeMail({ tenantName: c.tenantName, preferencesUrl: url, locale: c.language });
  await enqueueSystemMail({ kind: 'OPT_IN_NOTICE', tenantId: ctx.tenantId, identityId, to: c.to, ...r, headers: {} }, { jobId: `optin-notice-${c.subscriptionId}` });
}
