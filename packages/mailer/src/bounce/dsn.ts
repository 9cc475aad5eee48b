// RFC 3464 delivery-status fields: one per-message block (Reporting-MTA, Arrival-Date)
// followed by per-recipient blocks (Final-Recipient, Action, Status, Diagnostic-Code...).
// Some MTAs put these fields into a text/plain part or fold them oddly, so the reader is
// tolerant: a new Final-Recipient (or Original-Recipient after an Action) starts a block.
import { firstAddress } from './address.ts';
import { extractReplyCode, extractStatus } from './codes.ts';
import { parseHeaders } from './mime.ts';
import { remoteReply } from './rules.ts';

export interface DsnRecipient {
  recipient: string;
  action: string | null;
  status: string | null;
  smtpCode: number | null;
  diagnostic: string;
  remoteMta: string | null;
}

export interface DsnReport {
  reportingMta: string | null;
  recipients: DsnRecipient[];
}

export { extractReplyCode, extractStatus, REPLY_CODE, STATUS_CODE } from './codes.ts';

/** Strips the "type;" prefix of DSN fields (`rfc822; a@b`, `smtp; 550 ...`, `dns; mx.example`). */
const stripType = (v: string) => v.replace(/^\s*[A-Za-z0-9-]+\s*;\s*/, '').trim();

/**
 * The address of a recipient field. The field holds one address and nothing else, so any
 * `local@domain` counts, also with a TLD the prose finder would not take for one (a
 * made-up `.x1`, an IDN `xn--p1ai`, a bare `localhost`): its Status and Action matter more
 * than whether the domain looks real.
 */
function dsnAddress(value: string): string | null {
  const m = /^<?\s*([^\s<>@",;]+@[^\s<>@",;]+?)\.?\s*>?$/.exec(value.trim());
  return m ? m[1]!.toLowerCase() : firstAddress(value);
}

const FIELD_START = /^(final-recipient|original-recipient|x-actual-recipient|action|status|diagnostic-code|remote-mta|reporting-mta|x-postfix-sender|arrival-date|last-attempt-date|will-retry-until)\s*:/im;

export function looksLikeDeliveryStatus(text: string): boolean {
  return /^(final|original)-recipient\s*:/im.test(text) && FIELD_START.test(text);
}

export function parseDeliveryStatus(text: string): DsnReport {
  // Blank lines separate blocks; some generators omit them, so blocks are also split at
  // each recipient field following a recipient block's Action/Status.
  const blocks = text.split(/\n[ \t]*\n/);
  let reportingMta: string | null = null;
  const recipients: DsnRecipient[] = [];
  for (const block of blocks) {
    const h = parseHeaders(block);
    const rep = h.get('reporting-mta')?.[0];
    if (rep) reportingMta ??= stripType(rep);
    const finals = h.get('final-recipient') ?? h.get('original-recipient') ?? h.get('x-actual-recipient');
    if (!finals) continue;
    const actions = h.get('action') ?? [];
    const statuses = h.get('status') ?? [];
    const diags = h.get('diagnostic-code') ?? [];
    const remotes = h.get('remote-mta') ?? [];
    finals.forEach((value, i) => {
      const recipient = dsnAddress(stripType(value));
      if (!recipient) return;
      const diagnostic = stripType(diags[i] ?? '').replace(/\s+/g, ' ');
      const statusField = statuses[i] ?? '';
      // A generic Status (5.0.0) loses to a specific code quoted in the diagnostic.
      const fieldStatus = extractStatus(statusField);
      // The remote server's own code, not the reporting MTA's summary in front of it.
      const remote = remoteReply(diagnostic);
      const diagStatus = extractStatus(remote) ?? extractStatus(diagnostic);
      const status = fieldStatus && !(fieldStatus.endsWith('.0.0') && diagStatus) ? fieldStatus : diagStatus ?? fieldStatus;
      recipients.push({
        recipient,
        action: actions[i]?.toLowerCase().trim() ?? null,
        status,
        smtpCode: extractReplyCode(remote) ?? extractReplyCode(diagnostic),
        diagnostic,
        remoteMta: remotes[i] ? stripType(remotes[i]!) : null,
      });
    });
  }
  return { reportingMta, recipients };
}
