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
import { type BounceCategory, categorise } from './rules.ts';
import { readSesNotification } from './ses.ts';
import { contextFor, readTextRecipients, reportText, windowRecipient } from './text-report.ts';

export type { BounceCategory } from './rules.ts';

export interface BounceRecipient {
  recipient: string | null;
  category: BounceCategory;
  status: string | null; // enhanced status code, e.g. "5.1.1"
  smtpCode: number | null;
  diagnostic: string;
  /** DSN Action (failed, delayed, delivered...), when the report has one; "delayed" also for a prose delay warning. */
  action?: string | null;
  /**
   * Action "delayed" only: the class of the delay's reason when it is not soft (a delay
   * because of a blocklist is "block"). The category of a delay itself is always soft, a
   * warning: the MTA still retries, so it never suppresses a subscriber or rests an IP.
   */
  delayReason?: 'block';
}

/** Automatic mail that is no bounce: an out-of-office reply, or a challenge-response / whitelist confirmation request. */
export type AutoReplyKind = 'vacation' | 'challenge-response';

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
  /** For category auto-reply: which kind. Neither kind ever counts as a bounce. */
  autoReply?: AutoReplyKind;
}

const DAEMON_FROM = /mailer-daemon|post_?master|mail delivery|maildelivery|mail-daemon|mdaemon|mail administrator|bounce|mail system|internet mail delivery|nicht zustellbar|smtp/i;
const BOUNCE_SUBJECT = /undeliver|loop (?:alert|detected)|mail loop|undelivered|delivery (?:status|failure|failed|notification|report|problem|error|has failed)|failure notice|returned mail|mail delivery (?:failed|failure|system)|could not be delivered|non-?delivery|nondeliverable|not delivered|rejected|bounce|warning: could not|mail system error|delivery error|unable to deliver|returned to sender|error sending|permanent error|\bdsn\b|mail failure|\bndn\b|message (?:status|delivery)|delayed mail|delivery delay|unzustellbar|nicht zustellbar|mail could not|failed delivery|delivery notification|send failure|message you sent|メール|不達|エラー/i;
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
  else if (r.action === 'delayed') return asDelay({ recipient: r.recipient, category, status: r.status, smtpCode: r.smtpCode, diagnostic: r.diagnostic });
  else if (category === 'not-a-bounce' && r.action === 'failed') category = 'soft';
  return { recipient: r.recipient, category, status: r.status, smtpCode: r.smtpCode, diagnostic: r.diagnostic, action: r.action };
}

/**
 * A delay is a warning whatever its wording: the MTA still retries, so it is soft (never
 * hard: the address may yet take the message; never block: one delay rests no IP). A block
 * reason is kept apart in delayReason, for people and for the comparison with sisimai.
 */
function asDelay(r: BounceRecipient): BounceRecipient {
  return { ...r, category: 'soft', action: 'delayed', ...(r.category === 'block' ? { delayReason: 'block' as const } : {}) };
}

const failure = (c: BounceCategory): BounceCategory => (c === 'not-a-bounce' ? 'soft' : c);

const FAILURE_WORDING = /could not be delivered|undeliverable|delivery (?:to the following recipients? )?(?:has )?failed|was not delivered|permanent (?:error|failure)|returned to sender/i;

// Challenge-response (Boxbe, SpamArrest, MailChannels' sender verification, ChoiceMail,
// Mailinblack...) and whitelist confirmations: "please verify/confirm you are a person /
// your message / your address", "add you to my approved senders".
const CHALLENGE = /\b(?:challenge[- ]response|sender verification (?:request|required|needed)|spam ?arrest|boxbe|choicemail|mailinblack|qurb|(?:please |kindly )?(?:verify|confirm) (?:that )?(?:you are (?:a )?(?:human|real person|not a robot|a person)|your (?:e-?mail(?: address)?|message|identity|address)(?! has been)|(?:the )?message you sent)|(?:added?|approve[ds]?) (?:you )?(?:to|on|in) (?:my|our|the recipient'?s?) (?:white ?list|allow ?list|approved senders(?: list)?|safe senders(?: list)?)|white ?list (?:confirmation|request|verification)|(?:held|waiting|queued) (?:for|pending|until) (?:your )?(?:verification|confirmation|approval))\b/i;

// A report that quotes an SMTP failure ("550 ...", "5.1.1") is a bounce even when it
// also asks to "verify your address": challenge systems quote no server replies.
const FAILURE_CODE = /(?:^|[^\d.])[45]\d\d[ -]|(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?!\d|\.\d)/;

function isChallenge(subject: string, prose: string): boolean {
  const text = prose.length > 4096 ? prose.slice(0, 4096) : prose;
  return (CHALLENGE.test(subject) || CHALLENGE.test(text)) && !FAILURE_CODE.test(text);
}

// Delay warnings written as prose (no Action field): Sendmail's "Warning: could not send
// message for past 4 hours", Exim's "Mail delivery delayed", Exchange's "Delivery delayed".
const DELAY_SUBJECT = /\bdelay(?:ed)?\b|warning: could not send|delivery status notification \(delay\)|not yet (?:been )?delivered|still (?:being )?(?:tried|retried|trying)/i;
const DELAY_WORDING = /\b(?:has not yet been delivered|will (?:continue to|keep) (?:try|trying|retry|attempt)|no action is required on your part|this is (?:only )?a (?:warning|temporary failure report)|you do not need to re-?send)/i;

// A mailing list's manager refusing a post from a non-member (the Google Groups case below,
// fml, Mailman, ezmlm): the list's policy refused our sender.
const LIST_REFUSAL = /not a member of (?:this|the) (?:mailing )?list|only (?:list )?members (?:may|can) (?:post|send)/i;

/** A complete report forwarded inline as the text of another (its own headers included). */
function inlineReport(text: string): string | null {
  const m = /^content-type:[ \t]*multipart\/report/im.exec(text);
  if (!m) return null;
  const blank = text.lastIndexOf('\n\n', m.index);
  return text.slice(blank === -1 ? 0 : blank + 2);
}

/**
 * The remote server's reply to RCPT TO for `recipient`, from a session transcript quoted
 * in the returned message (a filter's notice whose attachment is the MTA's own bounce).
 */
function transcriptReply(root: MimePart, recipient: string): string | null {
  for (const p of leaves(root)) {
    if (p.contentType !== 'message/rfc822') continue;
    const body = p.body.length > 65_536 ? p.body.slice(0, 65_536) : p.body;
    const i = body.toLowerCase().indexOf(`rcpt to:<${recipient}>`);
    if (i === -1) continue;
    const eol = body.indexOf('\n', i);
    if (eol === -1) continue;
    const reply = /^<<<[ \t]*([245]\d\d[ -].*)$/m.exec(body.slice(eol + 1, eol + 1 + 2000));
    if (reply) return reply[1]!;
  }
  return null;
}

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

  // Challenge-response systems and whitelist confirmations ask the sender to prove itself;
  // they come from daemons and carry bounce-like subjects, but nothing failed for good.
  if (isChallenge(subject, prose)) {
    return {
      ...result(false, null, [{ recipient: firstAddress(header(h, 'reply-to')) ?? firstAddress(from), category: 'auto-reply', status: null, smtpCode: null, diagnostic: subject }]),
      autoReply: 'challenge-response',
    };
  }

  // A null reverse-path marks a notification (RFC 5321 4.5.5); with failure wording in
  // its first lines it is a bounce whatever its From and Subject say.
  const nullSender = header(h, 'return-path').trim() === '<>';
  const looksBounce = root.contentType === 'multipart/report' || BOUNCE_SUBJECT.test(subject) || DAEMON_FROM.test(from) ||
    h.has('x-failed-recipients') || (nullSender && FAILURE_WORDING.test(prose.slice(0, 2048))) || LIST_REFUSAL.test(prose.slice(0, 2048));
  // Some gateways wrap the real DSN as an attachment of their own notice, or forward it
  // inline as the text of their own: the remote report outranks the wrapper's words.
  if (looksBounce && depth === 0) {
    const inner = leaves(root).find((p) => p.contentType === 'message/rfc822' && /multipart\/report/i.test(splitMessage(p.body).head));
    const embedded = inner ? inner.body : inlineReport(textOf(root));
    if (embedded) {
      const r = classifyPart(parsePart(embedded), 1);
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
      // A notice without any code defers to the session transcript it returns, if any.
      found = found.map((f) => {
        if (f.status || f.smtpCode || !f.recipient) return f;
        const reply = transcriptReply(root, f.recipient);
        return reply ? windowRecipient(f.recipient, reply) : f;
      });
      const reportingMta = reportingMtaOf(h);
      // A prose delay warning ("Delivery delayed", "will keep trying"): a warning, soft.
      const delayed = DELAY_SUBJECT.test(subject) || DELAY_WORDING.test(prose.slice(0, 2048));
      if (delayed) {
        return result(true, reportingMta, found.map((f) => asDelay({
          recipient: f.recipient || null, category: categorise(f.context, f.status, f.smtpCode), status: f.status, smtpCode: f.smtpCode, diagnostic: f.diagnostic,
        })));
      }
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
    return { ...result(false, null, [{ recipient: firstAddress(from), category: 'auto-reply', status: null, smtpCode: null, diagnostic: subject }]), autoReply: 'vacation' };
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
