// Non-standard bounces (qmail, Exim, old Sendmail, Exchange 2003, Gmail's human text,
// Japanese carriers...): there is no machine-readable part, only prose that names the
// failed address and quotes the remote server's reply. The reader cuts the quoted original
// off, finds the addresses that are neither the sender nor a daemon, and takes the text
// after each one (up to the next) as that recipient's diagnostic.
import { addressesIn } from './address.ts';
import { extractReplyCode, extractStatus } from './dsn.ts';

export interface TextRecipient {
  recipient: string;
  status: string | null;
  smtpCode: number | null;
  diagnostic: string; // the most telling line, for people
  context: string; // the whole window, for classification
}

const ORIGINAL_MARKER = new RegExp(
  '^[ \\t>]*(?:[-=_*]+ ?)?(?:' +
    [
      'below this line is a copy of the message', 'this is a copy of the message', 'a copy of the original message',
      'original message (?:follows|headers? follow|below)', 'the (?:original|returned) message (?:is|follows)',
      // The dashes may follow a space only: after a run of dashes they would overlap it, and
      // the choices of where one run ends make the search quadratic on a line of dashes.
      '(?:(?<= )-+ ?)?original message ?-', 'returned message', 'unsent message below', 'message headers? follow',
      'headers of the (?:original|returned) message', 'content-type: message/rfc822', 'the header of the original message',
      'your message reads', 'the text you sent follows', 'original message header', '----- message text follows',
      'undelivered message (?:headers )?follows', 'message that caused', 'the message you sent',
      'included is a copy of the message', 'the attachment contains the original', 'received: from ', 'return-path: <',
    ].join('|') +
    ')',
  'im',
);

const QUOTED = /^>+ ?(?!>)/gm;
const SENDMAIL_SUMMARY = /^\s*[245]\d\d <[^<>\s]+>\.\.\. /;
// Footer and disclaimer lines: the reporting site's helpdesk ("For further assistance,
// please contact <support@isp>", "send mail to <postmaster>"), never a failed recipient.
const FOOTER = /\b(?:please contact|contact (?:us|your|the)|for (?:further |more )?(?:assistance|information|help)|if you (?:have|need) (?:any )?(?:questions|help)|helpdesk|help desk|customer (?:service|support)|do not reply|please send mail to|disclaimer|confidential|intended (?:solely |only )?for the (?:use|addressee))\b/i;
const HEADERISH = /^\s*(?:from|to|cc|reply-to|sender|return-path|received|message-id|in-reply-to|references|date|subject|x-[\w-]+|by|for|with|id|\(envelope-from)\b[:\s]/i;
const DAEMON = /^(?:mailer-daemon|postmaster|mail-daemon|maildaemon|mdaemon|noreply|no-reply|bounce[s]?|abuse)@/i;
const TELLING = /\b[245]\d\d[ -]|\b[45]\.\d{1,3}\.\d{1,3}\b|unknown|exist|invalid|full|quota|reject|denied|refused|blocked|spam|listed|timed? ?out|expired|not found|failed|error|unavailable/i;

const MAX_REPORT = 64 * 1024;
const MAX_WINDOW = 2000;

/** Cuts the quoted original message off a human-readable bounce. */
export function reportText(text: string): string {
  let t = text.length > MAX_REPORT ? text.slice(0, MAX_REPORT) : text;
  // Forwarded bounces quote every line; the quoting hides the structure.
  if (t.indexOf('\n>') !== -1) t = t.replace(QUOTED, '');
  const m = ORIGINAL_MARKER.exec(t);
  return m ? t.slice(0, m.index) : t;
}

export function readTextRecipients(report: string, exclude: Set<string>): TextRecipient[] {
  const lines = report.split('\n');
  const mentions: { recipient: string; line: number }[] = [];
  // An address named in a footer line is the site's helpdesk wherever else it appears
  // (the same footer is often repeated in a second language).
  const seen = new Set<string>();
  for (const line of lines) if (line.indexOf('@') !== -1 && FOOTER.test(line)) for (const a of addressesIn(line)) seen.add(a);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.indexOf('@') === -1 || HEADERISH.test(line)) continue;
    for (const addr of addressesIn(line)) {
      if (exclude.has(addr) || DAEMON.test(addr) || seen.has(addr)) continue;
      seen.add(addr);
      mentions.push({ recipient: addr, line: i });
    }
  }
  // One recipient: the whole report is about it (the reason may be written above the address).
  if (mentions.length === 1) return [windowRecipient(mentions[0]!.recipient, report.slice(0, MAX_WINDOW * 2))];
  return mentions.map((m, k) => {
    // Sendmail's "554 <addr>... Remote protocol error" is its own summary; the remote's
    // reply for that recipient is the "<<< 501 ..." of the dialogue just above it.
    if (SENDMAIL_SUMMARY.test(lines[m.line]!)) {
      const replies: string[] = [];
      for (let i = m.line - 1; i > (mentions[k - 1]?.line ?? -1) && !/^\s*while talking to\b/i.test(lines[i]!); i--) {
        if (lines[i]!.startsWith('<<<')) replies.unshift(lines[i]!);
      }
      if (replies.length) return windowRecipient(m.recipient, [...replies, lines[m.line]!].join('\n').slice(0, MAX_WINDOW));
    }
    const end = mentions[k + 1]?.line ?? lines.length;
    // A recipient's window runs to the next recipient's line; when several are listed
    // together (Sendmail, Exim) with one reason below, the shared text belongs to each.
    const last = end === m.line ? lines.length : end;
    let context = lines.slice(m.line, Math.max(last, m.line + 1)).join('\n');
    if (context.trim().length < 40) context = lines.slice(m.line).join('\n');
    if (context.length > MAX_WINDOW) context = context.slice(0, MAX_WINDOW);
    return windowRecipient(m.recipient, context);
  });
}

/** The report text around one named recipient (for DSNs whose Diagnostic-Code is empty). */
export function contextFor(report: string, recipient: string): string {
  const i = report.toLowerCase().indexOf(recipient);
  if (i === -1) return '';
  const lineStart = report.lastIndexOf('\n', i) + 1;
  return report.slice(lineStart, lineStart + MAX_WINDOW);
}

export function windowRecipient(recipient: string, context: string): TextRecipient {
  const flat = context.replace(/\s+/g, ' ');
  return {
    recipient,
    status: extractStatus(flat),
    smtpCode: extractReplyCode(flat),
    diagnostic: tellingLine(context),
    context: flat,
  };
}

function tellingLine(context: string): string {
  const lines = context.split('\n').map((l) => l.trim()).filter(Boolean);
  const hit = lines.find((l, i) => i > 0 && TELLING.test(l)) ?? lines.find((l) => TELLING.test(l)) ?? lines[1] ?? lines[0] ?? '';
  return hit.length > 500 ? hit.slice(0, 500) : hit;
}
