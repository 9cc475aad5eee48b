// The platform's own templates for mail a tenant causes before it has a verified sender
// domain. Such mail goes out under the platform's name (SYSTEM_FROM), so nothing in it is
// the tenant's: no tenant HTML, subject or sender text, only the tenant's name as escaped
// text and links the platform made (confirmation, preferences, unsubscribe). Pure
// functions; the callers queue the result.

import { coreTranslator } from '../i18n/translate.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';

/** The tenant's name as one line of plain text: no control characters, at most 80 characters. */
export function tenantNameText(name: string): string {
  // C0/C1 controls and the Unicode line separators: a name must not break a header or a line
  const line = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return (line.length > 80 ? `${line.slice(0, 79)}…` : line) || 'a Rundbrief customer';
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type PlatformMail = { subject: string; html: string; text: string };

function page(paragraphs: string[], link?: { label: string; url: string }, footer?: string): string {
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#111827">${paragraphs.map((p) => `<p>${p}</p>`).join('')}`
    + (link ? `<p><a href="${esc(link.url)}">${esc(link.label)}</a></p>` : '')
    + (footer ? `<hr><p style="font-size:12px;color:#6b7280">${footer}</p>` : '')
    + '</body></html>';
}

// Texts in the list's language (issue 14): packages/core/src/i18n/messages/<locale>.ts, "consent".
export function platformConfirmationMail(m: { tenantName: string; confirmUrl: string; confirmUntil: string; preferencesUrl: string; locale?: Locale }): PlatformMail {
  const tenant = tenantNameText(m.tenantName);
  const t = coreTranslator(m.locale ?? DEFAULT_LOCALE, 'consent');
  return {
    subject: t('confirmSubject', { tenant }),
    html: page(
      [esc(t('hello')), t.html('confirmBody', { tenant })],
      { label: t('confirmAction'), url: m.confirmUrl },
      `${t.html('confirmValidity', { until: m.confirmUntil })} ${t.html('why', { tenant })} <a href="${esc(m.preferencesUrl)}">${esc(t('yourData'))}</a>`,
    ),
    text: `${t('hello')}\n\n${t('confirmBody', { tenant })}\n${m.confirmUrl}\n\n`
      + `${t('confirmValidity', { until: m.confirmUntil })}\n\n--\n${t('why', { tenant })}\n${t('yourData')}: ${m.preferencesUrl}\n`,
  };
}

export function platformWelcomeMail(m: { tenantName: string; unsubscribeUrl: string; preferencesUrl: string; locale?: Locale }): PlatformMail {
  const tenant = tenantNameText(m.tenantName);
  const t = coreTranslator(m.locale ?? DEFAULT_LOCALE, 'consent');
  return {
    subject: t('welcomeSubject', { tenant }),
    html: page(
      [esc(t('hello')), t.html('welcomeBody', { tenant })],
      undefined,
      `${t.html('why', { tenant })} <a href="${esc(m.unsubscribeUrl)}">${esc(t('unsubscribe'))}</a> · <a href="${esc(m.preferencesUrl)}">${esc(t('manageData'))}</a>`,
    ),
    text: `${t('hello')}\n\n${t('welcomeBody', { tenant })}\n\n--\n${t('why', { tenant })}\n${t('unsubscribe')}: ${m.unsubscribeUrl}\n${t('manageData')}: ${m.preferencesUrl}\n`,
  };
}

export function platformNoticeMail(m: { tenantName: string; preferencesUrl: string; locale?: Locale }): PlatformMail {
  const tenant = tenantNameText(m.tenantName);
  const t = coreTranslator(m.locale ?? DEFAULT_LOCALE, 'consent');
  return {
    subject: t('noticeSubject', { tenant }),
    html: page(
      [esc(t('hello')), t.html('noticeBody', { tenant }), esc(t('noticeNotYou'))],
      { label: t('manageData'), url: m.preferencesUrl },
      t.html('why', { tenant }),
    ),
    text: `${t('hello')}\n\n${t('noticeBody', { tenant })}\n\n${t('noticeNotYou')}\n${m.preferencesUrl}\n\n--\n${t('why', { tenant })}\n`,
  };
}

/**
 * A test mail of a tenant without a verified domain, to one of its own members: the
 * content as written (the member wrote it, or works with who did), under a platform banner
 * that says why it comes from the platform's address.
 */
export function platformTestFrame(m: { tenantName: string; subject: string; html: string; text: string }): PlatformMail {
  const name = tenantNameText(m.tenantName);
  const note = `Test mail of ${name}, sent from the Rundbrief address to a member of the account because ${name} has no verified sender domain yet. Verify one to test from your own address and to other recipients.`;
  const banner = `<div style="font-family:sans-serif;font-size:13px;background:#fef3c7;color:#78350f;padding:10px 14px;border-bottom:1px solid #f59e0b">${esc(note)}</div>`;
  const html = /<body[^>]*>/i.test(m.html) ? m.html.replace(/<body[^>]*>/i, (b) => `${b}${banner}`) : `${banner}${m.html}`;
  return { subject: `[TEST] ${m.subject.replace(/[\r\n]+/g, ' ') || '(no subject)'}`, html, text: `${note}\n\n${m.text}` };
}
