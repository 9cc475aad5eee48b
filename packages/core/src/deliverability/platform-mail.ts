// The platform's own templates for mail a tenant causes before it has a verified sender
// domain. Such mail goes out under the platform's name (SYSTEM_FROM), so nothing in it is
// the tenant's: no tenant HTML, subject or sender text, only the tenant's name as escaped
// text and links the platform made (confirmation, preferences, unsubscribe). Pure
// functions; the callers queue the result.

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

const WHY = 'This mail was sent by Rundbrief, the newsletter service';

export function platformConfirmationMail(m: { tenantName: string; confirmUrl: string; confirmUntil: string; preferencesUrl: string }): PlatformMail {
  const name = tenantNameText(m.tenantName);
  return {
    subject: `Please confirm your subscription to ${name}`,
    html: page(
      [`Hello,`, `someone asked to subscribe this address to the newsletter of <strong>${esc(name)}</strong>. Please confirm that it was you:`],
      { label: 'Yes, subscribe me', url: m.confirmUrl },
      `The link is valid until ${esc(m.confirmUntil)}. If you did not sign up, ignore this mail: you will not hear from us again. ${WHY} ${esc(name)} uses. <a href="${esc(m.preferencesUrl)}">Your data</a>`,
    ),
    text: `Hello,\n\nsomeone asked to subscribe this address to the newsletter of ${name}. Please confirm that it was you:\n${m.confirmUrl}\n\n`
      + `The link is valid until ${m.confirmUntil}. If you did not sign up, ignore this mail: you will not hear from us again.\n\n--\n${WHY} ${name} uses.\nYour data: ${m.preferencesUrl}\n`,
  };
}

export function platformWelcomeMail(m: { tenantName: string; unsubscribeUrl: string; preferencesUrl: string }): PlatformMail {
  const name = tenantNameText(m.tenantName);
  return {
    subject: `Your subscription to ${name} is confirmed`,
    html: page(
      [`Hello,`, `your subscription to the newsletter of <strong>${esc(name)}</strong> is confirmed.`],
      undefined,
      `${WHY} ${esc(name)} uses. <a href="${esc(m.unsubscribeUrl)}">Unsubscribe</a> · <a href="${esc(m.preferencesUrl)}">Manage your data</a>`,
    ),
    text: `Hello,\n\nyour subscription to the newsletter of ${name} is confirmed.\n\n--\n${WHY} ${name} uses.\nUnsubscribe: ${m.unsubscribeUrl}\nManage your data: ${m.preferencesUrl}\n`,
  };
}

export function platformNoticeMail(m: { tenantName: string; preferencesUrl: string }): PlatformMail {
  const name = tenantNameText(m.tenantName);
  return {
    subject: `You are subscribed to ${name}`,
    html: page(
      [`Hello,`, `this address was subscribed to the newsletter of <strong>${esc(name)}</strong>.`, 'If that was not you, or you changed your mind, manage or erase your data here:'],
      { label: 'Manage your data', url: m.preferencesUrl },
      `${WHY} ${esc(name)} uses.`,
    ),
    text: `Hello,\n\nthis address was subscribed to the newsletter of ${name}.\n\nIf that was not you, or you changed your mind, manage or erase your data here:\n${m.preferencesUrl}\n\n--\n${WHY} ${name} uses.\n`,
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
