// System mails of the consent flow. Plain HTML + text (no MJML here: core does not depend
// on the mailer); they go through the system-mail queue like every other system mail.
import { confirmUrl, preferencesUrl } from '../links.ts';
import { enqueueSystemMail } from '../jobs/queue.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Ctx = { tenantId: string; tenantName: string; imprint: string | null; listName: string; to: string };

function footer(c: Ctx): { html: string; text: string } {
  const imprint = c.imprint ?? c.tenantName;
  return {
    html: `<hr><p style="font-size:12px;color:#666">${esc(imprint).replace(/\n/g, '<br>')}</p>`,
    text: `\n--\n${imprint}\n`,
  };
}

export async function sendOptInConfirmation(c: Ctx & { rawToken: string; subject?: string | null; expiresAt: Date; subscriptionId: string }) {
  const url = confirmUrl(c.rawToken);
  const f = footer(c);
  const until = c.expiresAt.toISOString().slice(0, 10);
  await enqueueSystemMail({
    kind: 'OPT_IN_CONFIRMATION',
    tenantId: c.tenantId,
    to: c.to,
    subject: c.subject || `Please confirm your subscription to ${c.listName}`,
    html: `<p>Hello,</p><p>please confirm that you want to receive <strong>${esc(c.listName)}</strong> from ${esc(c.tenantName)}:</p>`
      + `<p><a href="${esc(url)}">Yes, subscribe me</a></p><p>The link is valid until ${until}. If you did not sign up, ignore this mail: you will not hear from us again.</p>${f.html}`,
    text: `Hello,\n\nplease confirm that you want to receive ${c.listName} from ${c.tenantName}:\n\n${url}\n\n`
      + `The link is valid until ${until}. If you did not sign up, ignore this mail: you will not hear from us again.\n${f.text}`,
    headers: {},
    // One job per token: a retried request never mails twice for the same token.
  }, { jobId: `optin-${c.subscriptionId}-${c.rawToken.slice(0, 12)}` });
}

export async function sendOptInNotice(c: Ctx & { subscriberId: string; subscriptionId: string }) {
  const url = preferencesUrl(c.subscriberId);
  const f = footer(c);
  await enqueueSystemMail({
    kind: 'OPT_IN_NOTICE',
    tenantId: c.tenantId,
    to: c.to,
    subject: `You are subscribed to ${c.listName}`,
    html: `<p>Hello,</p><p>this address was subscribed to <strong>${esc(c.listName)}</strong> from ${esc(c.tenantName)}.</p>`
      + `<p>If that was not you, or you changed your mind, <a href="${esc(url)}">manage or erase your data here</a>.</p>${f.html}`,
    text: `Hello,\n\nthis address was subscribed to ${c.listName} from ${c.tenantName}.\n\nIf that was not you, or you changed your mind, manage or erase your data here:\n${url}\n${f.text}`,
    headers: {},
  }, { jobId: `optin-notice-${c.subscriptionId}` });
}
