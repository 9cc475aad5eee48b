// System mails of the accounts area (invitation, password reset), sent through the
// system-mail queue like every other mail so they show up in the sink in development.
import { coreEnv } from '../env.ts';
import { enqueueSystemMail } from '../jobs/queue.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const appUrl = (path: string) => `${coreEnv().APP_URL.replace(/\/$/, '')}${path}`;

/** `tenantId`: the tenant the mail is about (an invitation), null for the user's own account mail. */
export async function sendAccountMail(tenantId: string | null, opts: {
  kind: 'INVITATION' | 'PASSWORD_RESET';
  to: string;
  subject: string;
  lines: string[];
  action: { label: string; url: string };
}) {
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${opts.lines
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')}<p><a href="${escapeHtml(opts.action.url)}">${escapeHtml(opts.action.label)}</a></p></body></html>`;
  const text = `${opts.lines.join('\n\n')}\n\n${opts.action.label}: ${opts.action.url}\n`;
  await enqueueSystemMail({ kind: opts.kind, tenantId: tenantId ?? undefined, to: opts.to, subject: opts.subject, html, text, headers: {} });
}
