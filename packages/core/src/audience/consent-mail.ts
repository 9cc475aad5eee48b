// System mails of the consent flow. The confirmation and the welcome mail are the list's
// own MJML (list-mail.ts, compiled once per list version); the notice of a CONFIRMED-mode
// list is fixed text. All go through the system-mail queue, from the tenant's verified
// identity when it has one.
import { TemplateCompileError } from '@rundbrief/mailer/render/index';
import { tenantDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { confirmUrl, preferencesUrl, subscriptionUnsubscribeUrl } from '../links.ts';
import { enqueueSystemMail } from '../jobs/queue.ts';
import { listMailIdentity, renderListMail, type ListMailKind } from './list-mail.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type ConsentMailList = {
  id: string; name: string; welcomeEnabled: boolean;
  confirmationSubject: string | null; confirmationMjml: string | null; welcomeSubject: string | null; welcomeMjml: string | null;
};
export type ConsentMailSubscriber = { id: string; email: string; firstName: string | null; lastName: string | null; attributes: unknown };

async function render(tenantId: string, kind: ListMailKind, list: ConsentMailList, s: ConsentMailSubscriber, confirm?: { url: string; until: Date }, unsubscribeUrl?: string) {
  const prefs = preferencesUrl(s.id);
  // Consent mail has no Message row to unsubscribe by: "unsubscribe" is the welcome mail's
  // subscription link, else the subscriber's preferences page (lists, data, erasure).
  const to = { ...s, unsubscribeUrl: unsubscribeUrl ?? prefs, preferencesUrl: prefs, confirmUrl: confirm?.url, confirmUntil: confirm?.until.toISOString().slice(0, 10) };
  try {
    return await renderListMail({ tenantId, kind, list, to });
  } catch (err) {
    // Checked on save, but a custom field the template uses may have been deleted since.
    // The person still gets a working mail: the built-in template.
    if (!(err instanceof TemplateCompileError)) throw err;
    console.warn(`list ${list.id}: stored ${kind} mail no longer compiles (${err.issues[0]?.message ?? ''}); sending the built-in one`);
    const builtIn = { ...list, confirmationSubject: null, confirmationMjml: null, welcomeSubject: null, welcomeMjml: null };
    return renderListMail({ tenantId, kind, list: builtIn, to });
  }
}

/** A list's consent mail, sent from the tenant's verified identity through the system-mail queue. */
async function enqueueListMail(tenantId: string, kind: 'OPT_IN_CONFIRMATION' | 'WELCOME', to: string, r: { subject: string; html: string; text: string }, headers: Record<string, string>, jobId: string) {
  await enqueueSystemMail({ kind, tenantId, identityId: await listMailIdentity(tenantId), to, subject: r.subject, html: r.html, text: r.text, headers }, { jobId });
}

/** `expiresAt`: the token's expiry, for `{{ confirm_until }}`; read from the subscription when not given. */
export async function sendOptInConfirmation(c: { tenantId: string; list: ConsentMailList; subscriber: ConsentMailSubscriber; rawToken: string; expiresAt?: Date; subscriptionId: string }) {
  const until = c.expiresAt ?? (await tenantDb(c.tenantId).subscription.findFirst({ where: { id: c.subscriptionId }, select: { tokenExpiresAt: true } }))?.tokenExpiresAt;
  if (!until) throw new DomainError('CONFLICT', 'This subscription has no confirmation link to send.');
  const r = await render(c.tenantId, 'confirmation', c.list, c.subscriber, { url: confirmUrl(c.rawToken), until });
  // Transactional: asked for by the person, so no List-Unsubscribe (a one-click
  // "unsubscribe" of a subscription that does not exist yet would mean nothing).
  // One job per token: a retried request never mails twice for the same token.
  await enqueueListMail(c.tenantId, 'OPT_IN_CONFIRMATION', c.subscriber.email, r, {}, `optin-${c.subscriptionId}-${c.rawToken.slice(0, 12)}`);
}

/**
 * The welcome mail, once per confirmation: callers send it only after their conditional
 * move to CONFIRMED succeeded, and the job id names that confirmation.
 */
export async function sendWelcome(c: { tenantId: string; list: ConsentMailList; subscriber: ConsentMailSubscriber; subscriptionId: string; confirmedAt: Date }) {
  if (!c.list.welcomeEnabled) return false;
  // The subscription's own unsubscribe link: the two-click page for people, RFC 8058
  // one-click for mailbox providers (the same /u/<token> route as campaign mail).
  const unsub = subscriptionUnsubscribeUrl(c.subscriptionId);
  const r = await render(c.tenantId, 'welcome', c.list, c.subscriber, undefined, unsub);
  await enqueueListMail(c.tenantId, 'WELCOME', c.subscriber.email, r, { 'List-Unsubscribe': `<${unsub}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    `welcome-${c.subscriptionId}-${c.confirmedAt.getTime()}`);
  return true;
}

type NoticeCtx = { tenantId: string; tenantName: string; imprint: string | null; listName: string; to: string; subscriberId: string; subscriptionId: string };

export async function sendOptInNotice(c: NoticeCtx) {
  const url = preferencesUrl(c.subscriberId);
  const imprint = c.imprint ?? c.tenantName;
  await enqueueSystemMail({
    kind: 'OPT_IN_NOTICE',
    tenantId: c.tenantId,
    identityId: await listMailIdentity(c.tenantId),
    to: c.to,
    subject: `You are subscribed to ${c.listName}`,
    html: `<p>Hello,</p><p>this address was subscribed to <strong>${esc(c.listName)}</strong> from ${esc(c.tenantName)}.</p>`
      + `<p>If that was not you, or you changed your mind, <a href="${esc(url)}">manage or erase your data here</a>.</p>`
      + `<hr><p style="font-size:12px;color:#666">${esc(imprint).replace(/\n/g, '<br>')}</p>`,
    text: `Hello,\n\nthis address was subscribed to ${c.listName} from ${c.tenantName}.\n\nIf that was not you, or you changed your mind, manage or erase your data here:\n${url}\n\n--\n${imprint}\n`,
    headers: {},
  }, { jobId: `optin-notice-${c.subscriptionId}` });
}
