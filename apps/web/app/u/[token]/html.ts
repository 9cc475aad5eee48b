// The two-click unsubscribe page is served by the route handler itself (a page.tsx cannot
// share its URL with the RFC 8058 POST handler), so it is a small self-contained document.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
main{max-width:480px;margin:12vh auto;padding:32px;background:#fff;border:1px solid #dfe3e8;border-radius:8px;box-shadow:0 1px 3px rgba(16,24,40,.08)}
footer{margin-top:1.5em;font-size:12px;color:#57606a;white-space:pre-line}h1{font-size:1.4rem;margin:0 0 .5em}p{margin:0 0 1em}.muted{color:#57606a;font-size:.9rem}
button{font:inherit;font-weight:600;padding:10px 18px;border-radius:8px;border:0;background:#3b4fd8;color:#fff;cursor:pointer}
button:hover{background:#2f40b8}button:focus-visible,a:focus-visible{outline:2px solid #3b4fd8;outline-offset:2px}a{color:#3b4fd8}`;

function doc(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

type Footer = { imprint: string; abuseContact: string | null };

/** The tenant's imprint and abuse contact, as on its other public pages. */
function footerHtml(f: Footer): string {
  const abuse = f.abuseContact ? `\nReport abuse: <a href="mailto:${esc(f.abuseContact)}">${esc(f.abuseContact)}</a>` : '';
  return `<footer>${esc(f.imprint)}${abuse}</footer>`;
}

export function confirmPage(p: { email: string; senderName: string; action: string; alreadyUnsubscribed: boolean; preferencesUrl: string; footer: Footer }): string {
  if (p.alreadyUnsubscribed) return donePage({ ...p, already: true });
  return doc('Unsubscribe', `<h1>Unsubscribe?</h1>
<p>Stop all newsletters from <strong>${esc(p.senderName)}</strong> to <strong>${esc(p.email)}</strong>.</p>
<form method="post" action="${esc(p.action)}"><input type="hidden" name="confirm" value="1">
<button type="submit">Unsubscribe</button></form>
<p class="muted" style="margin-top:1.5em">Only want fewer mails? <a href="${esc(p.preferencesUrl)}">Choose lists or pause instead</a>.</p>${footerHtml(p.footer)}`);
}

export function donePage(p: { email: string; senderName: string; preferencesUrl: string; already?: boolean; footer: Footer }): string {
  return doc('Unsubscribed', `<h1 role="status">You are unsubscribed</h1>
<p>${p.already ? 'This address was already unsubscribed' : 'Done'}: <strong>${esc(p.email)}</strong> will get no more newsletters from <strong>${esc(p.senderName)}</strong>.</p>
<p class="muted">Changed your mind? <a href="${esc(p.preferencesUrl)}">Manage your subscription</a>.</p>${footerHtml(p.footer)}`);
}

export function invalidPage(): string {
  return doc('Link not valid', `<h1>This link is not valid</h1>
<p>The unsubscribe link is incomplete or was changed. Please use the link from the newsletter itself, or reply to the mail and ask to be removed.</p>`);
}
