// classifyBounce: raw inbound message → what happened to which recipient. Pure and
// synchronous (no DB, no DNS) so the inbound processor and the operator CLI share it.
// Order of questions: is it a feedback-loop complaint (ARF)? a DSN with machine-readable
// delivery-status? a human-readable bounce from a mailer daemon? an auto-reply? else
// not a bounce at all.
import { readFeedbackReport } from './arf.ts';
import { type DsnRecipient, looksLikeDeliveryStatus, parseDeliveryStatus } from './dsn.ts';
import { firstAddress } from './address.ts';
import {
  LIMITS, type MimePart, decodeWords, header, leaves, normaliseNewlines, parseHeaders, parsePart, splitMessage,
} from './mime.ts';
import { type BounceCategory, categorise } from './reasons.ts';
import { readSesNotification } from './ses.ts';
import { contextFor, readTextRecipients, reportText, windowRecipient } from './text-report.ts';

export type { BounceCategory } from './reasons.ts';

export interface BounceRecipient {
  recipient: string | null;
  category: BounceCategory;
  status: string | null; // enhanced status code, e.g. "5.1.1"
  smtpCode: number | null;
  diagnostic: string;
  /** DSN Action (failed, delayed, delivered...), when the report has one. */
  action?: string | null;
}

export interface BounceResult extends BounceRecipient {
  isBounce: boolean;
  reportingMta: string | null;
  recipients?: BounceRecipient[];
  /** Headers of the returned original, which name our Message (VERP Return-Path, Message-ID). */
  original?: { returnPath: string | null; messageId: string | null; to: string | null };
  /** ARF only: abuse, opt-out, auth-failure, ... */
  feedbackType?: string;
  arrivalDate?: string | null;
  originalMailFrom?: string | null;
  sourceIp?: string | null;
}

const DAEMON_FROM = /mailer-daemon|post_?master|mail delivery|maildelivery|mail-daemon|mdaemon|mail administrator|bounce|mail system|internet mail delivery|nicht zustellbar|smtp/i;
const BOUNCE_SUBJECT = /undeliver|undelivered|delivery (?:status|failure|failed|notification|report|problem|error|has failed)|failure notice|returned mail|mail delivery (?:failed|failure|system)|could not be delivered|non-?delivery|nondeliverable|not delivered|rejected|bounce|warning: could not|mail system error|delivery error|unable to deliver|returned to sender|error sending|permanent error|\bdsn\b|mail failure|\bndn\b|message (?:status|delivery)|delayed mail|delivery delay|unzustellbar|nicht zustellbar|mail could not|failed delivery|delivery notification|send failure|message you sent|メール|不達|エラー/i;
const AUTO_REPLY_SUBJECT = /^(?:auto(?:matic|matische)?[ -]?(?:reply|response|antwort|respuesta)|out of (?:the )?office|away from|away until|i am away|abwesen|vacation|urlaub|on leave|absence|r[ée]ponse automatique|risposta automatica|自動応答|不在)/i;

function textOf(root: MimePart): string {
  const parts = leaves(root).filter((p) => !p.contentType.startsWith('message/') && p.contentType !== 'text/rfc822-headers');
  // The first text part is the report; later ones are attached headers or the original.
  const plain = parts.find((p) => p.contentType === 'text/plain' && p.body.trim());
  if (plain) return plain.body;
  const html = parts.find((p) => p.contentType === 'text/html');
  if (html) return stripTags(html.body.replace(/<br\s*\/?>|<\/p>|<\/div>|<\/tr>/gi, '\n')).replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return parts.length ? parts[0]!.body : root.body;
}

/**
 * Every `<...>` replaced by a space, as `replace(/<[^>]+>/g, ' ')` would, in one pass: that
 * expression rescans to the end from each '<' when no '>' follows (quadratic on '<<<<').
 */
function stripTags(html: string): string {
  let out = '';
  let from = 0;
  for (let lt = html.indexOf('<'); lt !== -1; lt = html.indexOf('<', lt + 1)) {
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) break; // no later '<' is closed either
    if (gt === lt + 1) continue; // "<>" is no tag
    out += html.slice(from, lt) + ' ';
    from = gt + 1;
    lt = gt;
  }
  return out + html.slice(from);
}

function originalHeaders(root: MimePart): BounceResult['original'] {
  for (const p of leaves(root)) {
    if (p.contentType === 'message/rfc822' || p.contentType === 'text/rfc822-headers' || p.contentType === 'message/global') {
      const h = parseHeaders(splitMessage(p.body).head);
      const found = {
        returnPath: firstAddress(header(h, 'return-path')),
        messageId: header(h, 'message-id').replace(/^<|>$/g, '') || null,
        to: firstAddress(header(h, 'to')),
      };
      if (found.returnPath || found.messageId || found.to) return found;
    }
  }
  return undefined;
}

const originalTo = (root: MimePart) => originalHeaders(root)?.to ?? null;

function result(isBounce: boolean, reportingMta: string | null, recipients: BounceRecipient[]): BounceResult {
  const first: BounceRecipient = recipients[0] ?? {
    recipient: null, category: 'not-a-bounce', status: null, smtpCode: null, diagnostic: '',
  };
  const out: BounceResult = { isBounce, ...first, reportingMta };
  if (recipients.length > 1) out.recipients = recipients;
  return out;
}

function fromDsn(r: DsnRecipient, extra: string): BounceRecipient {
  let category = categorise(`${r.diagnostic} ${extra}`.trim(), r.status, r.smtpCode);
  // "delivered"/"relayed"/"expanded" DSNs are success notices, "delayed" ones are warnings.
  if (r.action && /deliver|relay|expand/.test(r.action) && !r.status?.startsWith('5')) category = 'not-a-bounce';
  else if (category === 'not-a-bounce' && (r.action === 'failed' || r.action === 'delayed')) category = 'soft';
  return { recipient: r.recipient, category, status: r.status, smtpCode: r.smtpCode, diagnostic: r.diagnostic, action: r.action };
}

const failure = (c: BounceCategory): BounceCategory => (c === 'not-a-bounce' ? 'soft' : c);

export function classifyBounce(raw: string | Buffer): BounceResult {
  // Only the first LIMITS.part characters are read: the report comes first, the original last.
  const text = normaliseNewlines(typeof raw === 'string' ? raw.slice(0, LIMITS.part) : raw.subarray(0, LIMITS.part).toString('utf8'));
  return classifyPart(parsePart(text), 0);
}

function classifyPart(root: MimePart, depth: number): BounceResult {
  const out = classifyTree(root, depth);
  const original = out.isBounce ? originalHeaders(root) : undefined;
  return original ? { ...out, original } : out;
}

function classifyTree(root: MimePart, depth: number): BounceResult {
  const h = root.headers;

  const feedback = readFeedbackReport(root);
  if (feedback) {
    const recipients = (feedback.recipients.length ? feedback.recipients : [null]).map((recipient) => ({
      recipient, category: 'complaint' as const, status: null, smtpCode: null, diagnostic: `feedback-type: ${feedback.feedbackType}`,
    }));
    return {
      ...result(true, feedback.reportingMta, recipients),
      feedbackType: feedback.feedbackType,
      arrivalDate: feedback.arrivalDate,
      originalMailFrom: feedback.originalMailFrom,
      sourceIp: feedback.sourceIp,
    };
  }

  const from = decodeWords(header(h, 'from'));
  const subject = decodeWords(header(h, 'subject'));
  const prose = reportText(textOf(root));

  const statusPart = leaves(root).find((p) => p.contentType === 'message/delivery-status' || p.contentType === 'message/global-delivery-status');
  const dsnText = statusPart?.body ?? (looksLikeDeliveryStatus(prose) ? prose : null);
  if (dsnText) {
    const dsn = parseDeliveryStatus(dsnText);
    if (dsn.recipients.length) {
      // Diagnostic-Code is sometimes empty; the prose then carries the reason.
      const recipients = dsn.recipients.map((r) =>
        fromDsn(r, r.diagnostic ? '' : dsn.recipients.length === 1 ? prose.slice(0, 4096) : contextFor(prose, r.recipient)));
      return result(true, dsn.reportingMta, recipients);
    }
  }

  const ses = readSesNotification(textOf(root));
  if (ses && ses.recipients.length) {
    const bounced = ses.recipients.some((r) => r.category !== 'not-a-bounce');
    return result(bounced, ses.reportingMta, ses.recipients);
  }

  const daemon = DAEMON_FROM.test(from) || header(h, 'return-path').trim() === '<>';
  const looksBounce = root.contentType === 'multipart/report' || BOUNCE_SUBJECT.test(subject) || (daemon && DAEMON_FROM.test(from)) || h.has('x-failed-recipients');
  // Some gateways wrap the real DSN as an attachment of their own notice.
  if (looksBounce && depth === 0) {
    const inner = leaves(root).find((p) => p.contentType === 'message/rfc822' && /multipart\/report/i.test(splitMessage(p.body).head));
    if (inner) {
      const r = classifyPart(parsePart(inner.body), 1);
      if (r.isBounce) return r;
    }
  }
  if (looksBounce) {
    const exclude = new Set<string>();
    for (const name of ['from', 'to', 'return-path', 'reply-to', 'sender', 'delivered-to']) {
      for (const v of h.get(name) ?? []) {
        const a = firstAddress(v);
        if (a) exclude.add(a);
      }
    }
    let found = readTextRecipients(prose, exclude);
    const failed = (h.get('x-failed-recipients') ?? []).flatMap((v) => v.split(',')).map(firstAddress).filter((a): a is string => !!a);
    if (failed.length) {
      const byAddr = new Map(found.map((f) => [f.recipient, f]));
      found = failed.map((a) => byAddr.get(a) ?? windowRecipient(a, prose));
    }
    if (found.length === 0) {
      const to = originalTo(root);
      if (to || BOUNCE_SUBJECT.test(subject)) found = [windowRecipient(to ?? '', prose)];
    }
    if (found.length) {
      // Google Groups refusing a post: the group's policy, not a dead address.
      if (found.every((f) => f.recipient.endsWith('@googlegroups.com'))) {
        return result(true, 'googlegroups.com', found.map((f) => ({
          recipient: f.recipient, category: 'block' as const, status: f.status, smtpCode: f.smtpCode, diagnostic: f.diagnostic,
        })));
      }
      const reportingMta = reportingMtaOf(h);
      return result(true, reportingMta, found.map((f) => ({
        recipient: f.recipient || null,
        // A failure report never means success, whatever 2xx line it quotes.
        category: failure(categorise(f.context, f.status, f.smtpCode)),
        status: f.status,
        smtpCode: f.smtpCode,
        diagnostic: f.diagnostic,
      })));
    }
  }

  if (isAutoReply(h, subject)) {
    return result(false, null, [{ recipient: firstAddress(from), category: 'auto-reply', status: null, smtpCode: null, diagnostic: subject }]);
  }
  return result(false, null, []);
}

function reportingMtaOf(h: Map<string, string[]>): string | null {
  const received = h.get('received')?.[0] ?? '';
  const m = /\bby\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})/i.exec(received);
  return m ? m[1]!.toLowerCase() : null;
}

function isAutoReply(h: Map<string, string[]>, subject: string): boolean {
  const auto = header(h, 'auto-submitted').toLowerCase();
  if (auto.startsWith('auto-replied')) return true;
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.has('x-autoresponder')) return true;
  if (/auto[_-]?reply/i.test(header(h, 'precedence'))) return true;
  return AUTO_REPLY_SUBJECT.test(subject.trim());
}
