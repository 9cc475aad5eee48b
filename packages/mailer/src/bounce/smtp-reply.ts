// Classifies one SMTP reply (synchronous, at RCPT/DATA time) into what the sender must do.
// Shared with DSN classification (bounce/): a DSN's Diagnostic-Code is the same kind of text.
// Rules, in order (the order matters: block wording wins over a mailbox-looking code, so a
// blocklisted IP never suppresses an innocent recipient):
//  - 2xx                      -> delivered
//  - blocklist / reputation / policy wording (RFC 3463 5.7.x with such text, Spamhaus,
//    "listed", "reputation", ...) -> block: the *sending IP* is the problem, not the address
//  - 4xx                      -> soft (greylisting, rate limits, temporary failures)
//  - mailbox full / over quota (x.2.2), message too large (x.3.4), x.4.x routing -> soft
//  - x.1.x addressing, x.2.1 disabled mailbox, "user unknown"-like wording -> hard
//  - any other 5xx            -> hard (a permanent refusal we cannot attribute to the IP)
export type SmtpReplyCategory = 'delivered' | 'soft' | 'hard' | 'block';

export type SmtpReplyClass = {
  category: SmtpReplyCategory;
  /** Short machine-readable reason, stored with the message / bounce. */
  reason: string;
  /** RFC 3463 enhanced status code if known, e.g. "5.1.1". */
  enhanced: string | null;
};

// `.` stops at these, so "on the same line" below means what the regex `A.*B` meant.
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * `first`, then `then` later on the same line: what /first.*then/ matches, without retrying
 * `.*` from every occurrence of `first` (quadratic on a remote server's "ip ip ip ..." reply).
 */
const onSameLine = (first: RegExp, then: RegExp) => (text: string) =>
  text.split(LINE_BREAK).some((line) => {
    const m = first.exec(line);
    return !!m && then.test(line.slice(m.index + m[0].length));
  });

/** /\bblocked\b(?!.*\b(user|mailbox|recipient)\b)/: judged after the last "blocked" of a line. */
const blockedNotMailbox = (text: string) =>
  text.split(LINE_BREAK).some((line) => {
    let end = -1;
    for (const m of line.matchAll(/\bblocked\b/gi)) end = m.index + m[0].length;
    return end !== -1 && !/\b(user|mailbox|recipient)\b/i.test(line.slice(end));
  });

const BLOCK_WORDING_TESTS: ((text: string) => boolean)[] = [
  ...[
    /\bblock ?list/i, /\bblack ?list/i, /\bdenylist/i, /\bspamhaus\b/i, /\bspamcop\b/i, /\bbarracuda\b/i,
    /\bsorbs\b/i, /\buceprotect\b/i, /\brbl\b/i, /\bdnsbl\b/i, /\blisted (at|on|in|by)\b/i, /\bis listed\b/i,
    /\breputation\b/i, /\bpolicy (reasons|rejection|violation)\b/i,
    /\bunsolicited\b/i, /\bspam\b/i, /\bsender (ip )?(not allowed|rejected)\b/i,
  ].map((r) => (text: string) => r.test(text)),
  blockedNotMailbox,
  onSameLine(/\bclient host /i, / (rejected|refused)\b/i),
  onSameLine(/\bip /i, /(rejected|refused|blocked)\b/i),
  onSameLine(/\bcomplaints?\b/i, /\b(volume|rate|high)\b/i),
];

/** Blocklist, reputation or policy wording: the receiver refused the sending IP, not the address. */
export const blockWording = (text: string) => BLOCK_WORDING_TESTS.some((isBlock) => isBlock(text));

const HARD_WORDING = [
  /\buser unknown\b/i, /\bunknown user\b/i, /\bno such (user|mailbox|recipient|address)\b/i,
  /\bmailbox (unavailable|not found|does not exist|disabled|inactive)\b/i, /\bdoes not exist\b/i,
  /\brecipient (address )?(rejected|unknown|not found|invalid)\b/i, /\binvalid (recipient|address|mailbox)\b/i,
  /\baddress rejected\b/i, /\baccount (has been )?(disabled|closed|deactivated)\b/i, /\bnot our customer\b/i,
];

const SOFT_WORDING = [/\bmailbox (is )?full\b/i, /\bover (the )?quota\b/i, /\bquota exceeded\b/i, /\binsufficient (system )?storage\b/i];

/** Finds an enhanced status code ("5.1.1") in the reply text when none was given. */
export function enhancedCodeOf(text: string): string | null {
  const m = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

export function classifySmtpReply(code: number, enhanced: string | null | undefined, text: string): SmtpReplyClass {
  const enh = enhanced || enhancedCodeOf(text);
  const [, subject, detail] = (enh ?? '').split('.').map(Number);
  if (code >= 200 && code < 300) return { category: 'delivered', reason: 'accepted', enhanced: enh };
  if (blockWording(text) && !HARD_WORDING.some((r) => r.test(text))) {
    return { category: 'block', reason: 'ip-or-policy-block', enhanced: enh };
  }
  // 5.7.x without mailbox wording is a policy / authorisation refusal: the sender's problem.
  if (code >= 500 && subject === 7 && !HARD_WORDING.some((r) => r.test(text))) {
    return { category: 'block', reason: 'policy', enhanced: enh };
  }
  if (code >= 400 && code < 500) return { category: 'soft', reason: 'temporary', enhanced: enh };
  if (SOFT_WORDING.some((r) => r.test(text)) || (subject === 2 && detail === 2)) {
    return { category: 'soft', reason: 'mailbox-full', enhanced: enh };
  }
  if (subject === 3 && detail === 4) return { category: 'soft', reason: 'message-too-large', enhanced: enh };
  if (subject === 4) return { category: 'soft', reason: 'routing', enhanced: enh };
  if (subject === 1 || (subject === 2 && detail === 1) || HARD_WORDING.some((r) => r.test(text))) {
    return { category: 'hard', reason: 'bad-mailbox', enhanced: enh };
  }
  return { category: 'hard', reason: 'permanent', enhanced: enh };
}
