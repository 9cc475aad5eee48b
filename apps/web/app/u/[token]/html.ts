// The two-click unsubscribe page is served by the route handler itself (a page.tsx cannot
// share its URL with the RFC 8058 POST handler), so it is a small self-contained document.
// It speaks the language of the subscriber's lists (issue 14); `t` comes from the route.
import type { Locale } from '@rundbrief/core/i18n/locales';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** next-intl's translator for the 'public' namespace (string values, rich text via callbacks). */
export type PublicT = {
  (key: string, values?: Record<string, string | number>): string;
  markup: (key: string, values: Record<string, string | number | ((chunks: string) => string)>) => string;
};

const STYLE = `body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
main{max-width:480px;margin:12vh auto;padding:32px;background:#fff;border:1px solid #dfe3e8;border-radius:8px;box-shadow:0 1px 3px rgba(16,24,40,.08)}
footer{margin-top:1.5em;font-size:12px;color:#57606a;white-space:pre-line}h1{font-size:1.4rem;margin:0 0 .5em}p{margin:0 0 1em}.muted{color:#57606a;font-size:.9rem}
button{font:inherit;font-weight:600;padding:10px 18px;border-radius:8px;border:0;background:#3b4fd8;color:#fff;cursor:pointer}
button:hover{background:#2f40b8}button:focus-visible,a:focus-visible{outline:2px solid #3b4fd8;outline-offset:2px}a{color:#3b4fd8}`;

function doc(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

type Footer = { imprint: string; abuseContact: string | null };

/** The tenant's imprint and abuse contact, as on its other public pages. */
function footerHtml(t: PublicT, f: Footer): string {
  const abuse = f.abuseContact ? `\n${esc(t('reportAbuse'))} <a href="mailto:${esc(f.abuseContact)}">${esc(f.abuseContact)}</a>` : '';
  return `<footer>${esc(f.imprint)}${abuse}</footer>`;
}

// Values are escaped before they go into a message; <b> and <a> are our markup.
const bold = (chunks: string) => `<strong>${chunks}</strong>`;
const link = (href: string) => (chunks: string) => `<a href="${esc(href)}">${chunks}</a>`;

export function confirmPage(locale: Locale, t: PublicT, p: { email: string; senderName: string; action: string; alreadyUnsubscribed: boolean; preferencesUrl: string; footer: Footer }): string {
  if (p.alreadyUnsubscribed) return donePage(locale, t, { ...p, already: true });
  return doc(locale, t('unsubscribe.title'), `<h1>${esc(t('unsubscribe.heading'))}</h1>
<p>${t.markup('unsubscribe.body', { sender: esc(p.senderName), email: esc(p.email), b: bold })}</p>
<form method="post" action="${esc(p.action)}"><input type="hidden" name="confirm" value="1">
<button type="submit">${esc(t('unsubscribe.submit'))}</button></form>
<p class="muted" style="margin-top:1.5em">${t.markup('unsubscribe.fewer', { a: link(p.preferencesUrl) })}</p>${footerHtml(t, p.footer)}`);
}

export function donePage(locale: Locale, t: PublicT, p: { email: string; senderName: string; preferencesUrl: string; already?: boolean; footer: Footer }): string {
  return doc(locale, t('unsubscribe.doneTitle'), `<h1 role="status">${esc(t('unsubscribe.doneHeading'))}</h1>
<p>${t.markup(p.already ? 'unsubscribe.already' : 'unsubscribe.done', { sender: esc(p.senderName), email: esc(p.email), b: bold })}</p>
<p class="muted">${t.markup('unsubscribe.changedMind', { a: link(p.preferencesUrl) })}</p>${footerHtml(t, p.footer)}`);
}

export function invalidPage(locale: Locale, t: PublicT): string {
  return doc(locale, t('unsubscribe.invalidTitle'), `<h1>${esc(t('unsubscribe.invalidHeading'))}</h1>
<p>${esc(t('unsubscribe.invalidBody'))}</p>`);
}
