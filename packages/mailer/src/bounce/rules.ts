// The one rule table that turns a refusal into what the product does about it. Both paths
// read it: the DSN path (classify.ts → categorise, for reports that arrive later) and the
// SMTP-reply path (smtp-reply.ts → classifySmtpReply, for the answer of a live session).
// A wording means the same on both, so "Relaying denied", "account disabled", "mailbox
// full" or "blocked using Spamhaus" get one class wherever they are read (rules.test.ts).
//
// Categories: hard = the address or its domain is gone (suppress at once); soft = it exists
// but could not take the message now (counted, N in a row suppress); block = the receiver
// refused *us* (IP, domain, authentication, content, relay policy): the subscriber is never
// punished, the IP rests for that domain.
//
// Precedence (first rule that applies wins; `RULES` below is this list, in this order):
//   0. Only the remote server's words count. A report often wraps the remote reply in its
//      own boilerplate ("5.1.0 - Unknown address error 550-'5.7.1 ... Access denied'",
//      Gmail's "rejected by the recipient domain ... The error that the other server
//      returned was: 500 ..."): the quoted reply is read, the wrapper is not (remoteReply).
//      Footers and disclaimers (helpdesk addresses, "for further assistance") are cut off
//      before any rule looks at the text (text-report.ts).
//   1. x.2.2 (mailbox full) is exact and reliable: soft whatever the words say.
//   2. The address itself is unknown ("user unknown", "no such user", null MX): hard, even
//      on a 4xx code and even when blocklist boilerplate surrounds it.
//   3. Specific transient wording that merely mentions TLS or DNS ("does not support TLS",
//      "malformed name server reply"): soft; it is not a policy refusal.
//   4. Blocklist / reputation / authentication / relay / content-policy wording: block.
//   5. Any 4.x.x enhanced code: soft (the server asks to try again).
//   6. Strong soft wording (mailbox full, quota, disabled recipient, rate limits): soft.
//   7. Wording that the address or domain does not exist: hard.
//   8. Specific enhanced codes: 5.1.x (address) hard, 5.6.x/5.7.x (content/policy) block.
//      Specific wording above outranks them; they outrank the vague words below.
//   9. Vague soft wording (full, timed out, disabled, suspended, try later): soft.
//  10. Vague refusal words (denied, refused, rejected, blocked) unless the code says
//      temporary: block.
//  11. The codes alone (categoryFromStatus): 5.1 hard, 5.2 soft, 5.4.4 hard, 5.7 block,
//      550/551/553 hard, 552 soft, 554 block, 4xx soft; nothing at all: soft.
// All expressions are compiled once at module load and are bounded (no nested
// quantifiers over the whole text); the text is cut to 4 KB before any rule reads it.

export type BounceCategory = 'hard' | 'soft' | 'block' | 'complaint' | 'auto-reply' | 'not-a-bounce';
export type RuleCategory = 'hard' | 'soft' | 'block';

const BLOCK_STRONG = new RegExp(
  [
    'spamhaus', 'spamcop', 'barracuda', 'sorbs', 'uceprotect', 'abuseat', 'cbl\\.', 'psbl', 'surbl', 'spamrats',
    'dnsbl', '\\brbl\\b', 'realtime block', 'black ?list', 'block ?list', 'deny ?list', '(?<!not )listed (?:at|on|in|by)',
    'is listed', 'are listed', 'been listed', 'reputation', 'spam', 'junk mail', 'bulk mail',
    'dmarc', '\\bspf\\b', 'sender policy framework', 'dkim', 'domainkeys', 'authentication (?:failed|failure|required)',
    'not authenticated', 'unauthenticated', 'reverse dns', 'reverse (?:dns )?lookup', '\\bptr\\b', '\\brdns\\b',
    'no reverse', 'reverse hostname', 'client host .{0,80}rejected', 'relay(?:ing)? (?:access )?(?:denied|not permitted|not allowed)',
    'not permitted to relay', 'unable to relay', 'relaying (?:denied|disallowed)', 'we do not relay', 'relay not',
    'virus', 'malware', 'infected', 'phishing', 'content (?:rejected|filter)', 'message content', 'rejected (?:due to|by|for) (?:content|policy)',
    'policy', 'sender (?:address )?rejected', 'sender (?:is )?(?:not allowed|blocked|denied)', 'domain of sender',
    'sender domain', 'not accepted from', 'envelope blocked', 'ip (?:address )?(?:is |has been )?(?:blocked|banned|rejected|not allowed)',
    'your (?:ip|server|host|mail server|network)', 'connections? (?:not accepted|refused) from', 'blocked using',
    'tls (?:is )?required', 'must use tls', 'starttls', 'encryption required', 'security (?:policy|reasons|error)',
    'message (?:was |has been )?(?:rejected|refused|blocked) as', 'not comply', 'rfc ?5322', 'rfc ?2822',
    'mail(?:ing)? from (?:your|this) (?:domain|ip)', 'hostile', 'suspicious', 'fraud', 'dynamic ip', 'residential',
    'complaints', 'unexpected volume', '\\[ts[s0-9]+\\]', 'refused to talk', 'my name was rejected', 'sender was rejected',
    'name lookup failed', 'mismatch', 'not accepting connections', 'network not allowed', 'not configured to relay',
    'protocol violation', 'mail rejete', 'mail rejected', 'valid from', 'mail relay', 'all recipient addresses rejected', 'smtp authentication', 'blocked because', 'after (?:mail from|initial connection|connect|helo|ehlo)',
    'in reply to (?:mail from|helo|ehlo)', '\\(bl\\)', 'not a member of (?:this|the) (?:mailing )?list', 'open relay',
    'only (?:list )?members (?:may|can) (?:post|send)', 'non-?members? (?:are not allowed|may not|cannot) (?:to )?(?:post|send)', "messages from .{1,40} (?:weren.?t|were not) sent", 'customfromdenied',
  ].join('|'),
  'i',
);

const HARD = new RegExp(
  [
    'user unknown', 'unknown user', 'unknown recipient', 'recipient unknown', 'unknown (?:local )?(?:part|address|mailbox|account)',
    'address unknown', 'no such (?:user|mailbox|recipient|address|account|person|local user|domain|host)', 'no mailbox',
    'does not exist', "doesn'?t exist", 'not exist', 'non-?existent', 'invalid (?:recipient|mailbox|address|user|account)',
    'recipient (?:address )?(?:is )?invalid', 'mailbox (?:unavailable|not found|does not|is unavailable|name not allowed|not available)',
    'user (?:not found|not local|does not)', 'account (?:does not|not found|unknown)', 'address (?:not found|does not)',
    'no (?:valid )?recipients?', 'not a valid (?:user|recipient|mailbox|address)', 'unroutable address', 'unrouteable address',
    'recipient not found', 'bad destination mailbox', "address couldn'?t be found", 'message filtered', 'check if (?:the )?address is correct', 'not listed in', 'no longer (?:valid|available|active|in use|on server)',
    'has moved', 'moved to', 'user (?:is )?not (?:here|found|known)', 'mailbox not', 'address not (?:present|found|known)',
    'host (?:or domain name )?not found', 'host \\S+ not found', 'domain (?:name )?not found', 'unknown host', 'host unknown', 'no such domain',
    'domain (?:does not|doesn.?t) (?:exist|accept)', 'unrouteable mail domain', 'unroutable mail domain', 'name or service not known',
    'nxdomain', 'no mx', 'null mx', 'does not accept mail', 'not accept (?:any )?mail', 'accepts no mail', 'domain (?:is )?invalid',
    'no route to domain', 'mail receiving disabled', "doesn'?t have an? .{0,60}account",
    'recipient preferences', 'inactive (?:e-?mail )?address', "doesn'?t receive (?:e-?)?mail", 'invalid final delivery',
    'domain is not reachable', 'indicated no smtp service',
  ].join('|'),
  'i',
);

const SOFT = new RegExp(
  [
    'mailbox (?:is )?full', 'mailbox full', 'over ?quota', 'quota', 'insufficient (?:system )?(?:storage|disk|space)', 'storage',
    'exceeded', 'exceeds', 'too (?:large|big)', 'size limit', 'message size', 'full', 'disk',
    'timed? ?out', 'expired', 'retry', 'too long', 'could not be delivered within', 'delayed', 'deferred',
    'temporar', 'try (?:again )?later', 'connection (?:refused|reset|closed|lost)', 'network', 'lost connection',
    'unreachable', 'no route to host', 'greylist', 'graylist', 'rate limit', 'too many', 'throttl', 'busy', 'overload',
    'disabled', 'suspended', 'inactive', 'deactivated', 'frozen', '(?<!b)locked', 'on hold', 'system error', 'local error',
    'internal error', 'server error', 'service unavailable', 'resources', 'loop', 'mail ?(?:delivery )?loop', 'hop count',
    'undefined', 'pipe', 'syntax error', 'service (?:currently |temporarily )?(?:unavailable|not available)', 'transaction failed',
  ].join('|'),
  'i',
);

// Wording that is temporary even when it also names the domain or the mailbox.
const SOFT_STRONG = /host not found, try again|dns error: .{0,80}nxdomain|mailbox (?:is )?full|over ?quota|quota exceeded|insufficient (?:system )?storage|disabled recipient|temporar(?:y|ily) locked|too many (?:recipients|messages|connections)|frequency limited|rate limited|rate limit exceeded/i;
// The address itself is unknown: trusted even on a 4xx reply (Postfix answers 450 4.1.1
// for unknown users in some table setups) and over blocklist boilerplate around it.
const USER_UNKNOWN = /user unknown|unknown user|no such user|account or domain may not exist|recipient address rejected: access denied|^\W*(?:\d{3}\W+)?(?:#?\d\.\d\.\d\W+)?(?:<[^<>]*>:?\s*)?(?:recipient )?address rejected\W*$|^\s*(?:\d{3}[\s-]+)?(?:#?\d\.\d\.\d\s+)?<?[^\s<>@]+@[^\s<>@]+>?:?\s+(?:is )?rejected\W*$|doesn'?t receive (?:e-?)?mail|null mx|not accepting network messages/i;

// Step 2a: the account exists but is switched off. More specific than the "user unknown"
// that some servers answer for every refused recipient (EZweb: "The user(s) account is
// disabled." over "550 user unknown"), so it is read first.
const ACCOUNT_DISABLED = /\b(?:user|account|mailbox)(?:\(s\))?(?: account)? (?:is |has been )?(?:disabled|suspended|deactivated)\b/i;
// Step 2b: the recipient's local delivery program failed (procmail, a pipe, a script): its
// output ("procmail: ... No such user") is about the program, not the address.
const LOCAL_PROGRAM = /\bcommand output:|\bprocmail:|couldn'?t create "\/|\bmail(?:box)? delivery program\b/i;

// Step 3: transient wording that names TLS or DNS, which the block list would otherwise catch.
const SOFT_FIRST = /does not support (?:start)?tls|tls (?:negotiation|handshake) failed|malformed or unexpected name server reply|name server reply was malformed/i;

const BLOCK_WEAK = /blocked|denied|refused|rejected|not allowed|not authori[sz]ed|prohibited|forbidden|banned|restricted|filtered|filter/i;

/** Category from an enhanced status code (RFC 3463) alone, used when the words say nothing. */
export function categoryFromStatus(status: string | null, smtpCode: number | null): BounceCategory | null {
  if (status) {
    const [cls, subject, detail] = status.split('.').map(Number) as [number, number, number];
    if (cls === 2) return 'not-a-bounce';
    if (subject === 7 && detail === 13) return 'soft'; // x.7.13: user account disabled
    if (cls === 4) return 'soft';
    if (subject === 1) return detail === 7 || detail === 8 ? 'block' : 'hard'; // x.1.7/8: bad sender address
    if (subject === 2) return 'soft';
    if (subject === 4 && (detail === 4 || detail === 0)) return 'hard'; // unable to route
    if (subject === 7) return 'block';
    if (subject === 6) return 'block'; // x.6.x: our content or encoding was refused
    if (subject === 3 || subject === 4 || subject === 5) return 'soft';
  }
  // A bare 2xx/3xx number in a failure report is noise (sizes, counters), never success.
  if (smtpCode && smtpCode >= 400) {
    if (smtpCode < 500) return 'soft';
    if (smtpCode === 550 || smtpCode === 551 || smtpCode === 553) return 'hard';
    if (smtpCode === 552) return 'soft';
    if (smtpCode === 554) return 'block';
  }
  return null;
}


const SPECIFIC_CODE = /^5\.(?:7|1|6)\./;
const MAX_TEXT = 4096;

export interface RuleInput {
  /** The diagnostic wording (a DSN's Diagnostic-Code or prose, or an SMTP reply). */
  text: string;
  /** Enhanced status code, e.g. "5.1.1". */
  status: string | null;
  /** Basic reply code, e.g. 550. */
  smtpCode: number | null;
}

export interface Rule {
  /** Stable name, stored with the verdict so a postmaster can see which rule decided. */
  id: string;
  category: RuleCategory;
  /** True when the rule applies; `t` is the remote wording (at most 4 KB), `s` the status. */
  applies: (t: string, s: string | null, code: number | null) => boolean;
}

const words = (re: RegExp) => (t: string) => t !== '' && re.test(t);

/** The table, in precedence order (see the header). The first rule that applies decides. */
export const RULES: readonly Rule[] = [
  { id: 'mailbox-full-code', category: 'soft', applies: (_t, s) => s === '5.2.2' || s === '4.2.2' },
  { id: 'account-disabled', category: 'soft', applies: words(ACCOUNT_DISABLED) },
  { id: 'local-delivery-program', category: 'soft', applies: words(LOCAL_PROGRAM) },
  { id: 'address-unknown', category: 'hard', applies: words(USER_UNKNOWN) },
  { id: 'transient-tls-dns', category: 'soft', applies: words(SOFT_FIRST) },
  { id: 'blocklist-policy', category: 'block', applies: words(BLOCK_STRONG) },
  { id: 'temporary-code', category: 'soft', applies: (t, s) => t !== '' && !!s?.startsWith('4.') },
  { id: 'mailbox-state', category: 'soft', applies: words(SOFT_STRONG) },
  { id: 'address-or-domain-gone', category: 'hard', applies: words(HARD) },
  {
    id: 'specific-code', category: 'hard', // the category comes from the code (see decide)
    applies: (_t, s, code) => !!s && SPECIFIC_CODE.test(s) && categoryFromStatus(s, code) !== null,
  },
  { id: 'soft-wording', category: 'soft', applies: words(SOFT) },
  { id: 'refusal-wording', category: 'block', applies: (t, s, code) => words(BLOCK_WEAK)(t) && categoryFromStatus(s, code) !== 'soft' },
];

export interface Verdict {
  category: BounceCategory;
  /** The rule that decided ("codes" when only the codes did, "success" for 2.x.x). */
  rule: string;
}

/** The category of one refusal, and the rule that decided it. */
export function decide({ text, status, smtpCode }: RuleInput): Verdict {
  if (status?.startsWith('2.')) return { category: 'not-a-bounce', rule: 'success' };
  const t = remoteReply(text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);
  for (const rule of RULES) {
    if (!rule.applies(t, status, smtpCode)) continue;
    const category = rule.id === 'specific-code' ? categoryFromStatus(status, smtpCode)! : rule.category;
    return { category, rule: rule.id };
  }
  return { category: categoryFromStatus(status, smtpCode) ?? 'soft', rule: 'codes' };
}

/**
 * The category of one failed recipient. `status` is the enhanced code (e.g. "5.1.1"),
 * `smtpCode` the basic reply code, `text` the diagnostic wording.
 */
export function categorise(text: string, status: string | null, smtpCode: number | null): BounceCategory {
  return decide({ text, status, smtpCode }).category;
}

// Where a report quotes what the remote server said. Gmail: "The error that the other
// server returned was: 550 ..."; Postfix: "host mx[1.2.3.4] said: 550 ..."; SES and
// others: their own summary, then the reply code and enhanced status of the remote.
const QUOTED_REPLY = /(?:the (?:error|response) (?:that )?the other server returned was|remote server (?:returned|replied|said)|the remote (?:host|server) (?:said|replied|responded))\s*:?\s*/i;
const NESTED_REPLY = /[^\d.][245]\d\d[ -]'?(?=[245]\.\d{1,3}\.\d{1,3}(?!\d|\.\d))/;

/**
 * The remote server's own words out of a report's diagnostic: the text after an
 * introduction of the quoted reply, or, when a summary in front of it carries its own
 * status code, the text from the nested reply code on. The text itself otherwise.
 */
export function remoteReply(text: string): string {
  const q = QUOTED_REPLY.exec(text);
  if (q) {
    const rest = text.slice(q.index + q[0].length);
    if (rest.trim().length >= 3) return rest;
  }
  // "5.1.0 - Unknown address error 550-'5.7.1 ... Access denied'": the leading status is
  // the reporting MTA's summary, the nested "550-'5.7.1" the remote's reply.
  if (/^\W*[245]\.\d{1,3}\.\d{1,3}\b/.test(text)) {
    const n = NESTED_REPLY.exec(text);
    if (n && n.index > 0) return text.slice(n.index + 1);
  }
  return text;
}
