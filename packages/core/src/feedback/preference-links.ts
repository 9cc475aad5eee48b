// What a subscriber can do with a preference link that expired, and erasure, which a link
// alone never does: both send a mail to the subscriber's own address (whoever holds a
// forwarded or leaked mail does not read that mailbox). An expired link still proves, by its
// MAC, whose it was, so a fresh one is mailed to that subscriber. Erasure through the page
// mails a confirmation link (ERASURE_LINK_HOURS); only following it erases.
// Both mails are the platform's own text (only our links and the tenant's name as text) and
// are deduplicated per subscriber and window by their job id, so the buttons cannot be used
// to flood a mailbox.
import { getDb, tenantDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { enqueueSystemMail } from '../jobs/queue.ts';
import { ERASURE_LINK_HOURS, erasureUrl, preferencesUrl, readErasureToken, readPreferencesToken } from '../links.ts';
import { eraseSubscriber, linkIsFresh, subscriberByPreferencesToken, subscriberBySignedLink } from '../audience/gdpr.ts';
import { tenantNameText } from '../deliverability/platform-mail.ts';
import { coreTranslator, type CoreTranslator } from '../i18n/translate.ts';
import { subscriberLocale } from '../i18n/user-locale.ts';

const MAIL_WINDOW_MS = 10 * 60_000;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function mailSubscriber(kind: 'PREFERENCES_LINK' | 'ERASURE_CONFIRMATION', tenantId: string, subscriberId: string, now: Date,
  compose: (tenant: string, t: CoreTranslator) => { subject: string; paragraphs: string[]; link: { label: string; url: string } }) {
  const s = await tenantDb(tenantId).subscriber.findFirst({ where: { id: subscriberId }, select: { email: true } });
  if (!s) throw new DomainError('NOT_FOUND', 'We hold no data for this link any more.');
  const tenant = await getDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  // In the language of the subscriber's lists (issue 14).
  const m = compose(tenantNameText(tenant.name), coreTranslator(await subscriberLocale(tenantId, subscriberId), 'consent'));
  await enqueueSystemMail({
    kind, tenantId, to: s.email, subject: m.subject, headers: {},
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${m.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}`
      + `<p><a href="${esc(m.link.url)}">${esc(m.link.label)}</a></p></body></html>`,
    text: `${m.paragraphs.join('\n\n')}\n\n${m.link.label}: ${m.link.url}\n`,
  }, { jobId: `${kind.toLowerCase()}-${subscriberId}-${Math.floor(now.getTime() / MAIL_WINDOW_MS)}` });
}

/** From an expired (or fresh) preference link: mail a fresh one to the subscriber's address. */
export async function mailFreshPreferencesLink(token: string, now = new Date()): Promise<void> {
  const { tenantId, subscriberId } = await subscriberBySignedLink(readPreferencesToken(token));
  await mailSubscriber('PREFERENCES_LINK', tenantId, subscriberId, now, (tenant, t) => ({
    subject: t('freshLinkSubject', { tenant }),
    paragraphs: [t('hello'), t('freshLinkBody', { tenant })],
    link: { label: t('yourData'), url: preferencesUrl(subscriberId, now.getTime()) },
  }));
}

/** Erasure asked for on the data page: mails the confirmation link; nothing is erased yet. */
export async function requestErasure(token: string, now = new Date()): Promise<void> {
  const { tenantId, subscriberId } = await subscriberByPreferencesToken(token, now);
  await mailSubscriber('ERASURE_CONFIRMATION', tenantId, subscriberId, now, (tenant, t) => ({
    subject: t('eraseSubject', { tenant }),
    paragraphs: [t('hello'), t('eraseBody', { tenant, hours: ERASURE_LINK_HOURS })],
    link: { label: t('eraseAction'), url: erasureUrl(subscriberId, now.getTime()) },
  }));
}

/** The subscriber an erasure link names, if the link is ours and fresh (for the confirm page). */
export async function subscriberByErasureToken(token: string, now = new Date()) {
  const found = await subscriberBySignedLink(readErasureToken(token));
  if (!linkIsFresh(found.token, ERASURE_LINK_HOURS * 3_600_000, now)) {
    throw new DomainError('GONE', 'This erasure link has expired. Ask for a new one on your data page.');
  }
  return { tenantId: found.tenantId, subscriberId: found.subscriberId };
}

/** Following the mailed link and confirming there: erases the subscriber. */
export async function confirmErasure(token: string, now = new Date()): Promise<void> {
  const { tenantId, subscriberId } = await subscriberByErasureToken(token, now);
  await eraseSubscriber({ tenantId, actor: 'subscriber' }, subscriberId);
}
