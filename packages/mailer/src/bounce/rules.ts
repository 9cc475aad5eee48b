// Diagnostic text + SMTP reply code + enhanced status → bounce category. MTAs are sloppy
// with codes (many answer 550 5.0.0 or 5.5.0 for everything), so the wording decides first
// and the codes only break ties. The pattern groups are ordered by how specific they are:
//   1. reputation / policy / blocklist wording: the receiver refused *us* (the sending IP,
//      our domain's authentication or the content), not the address → block. The subscriber
//      must not be punished for it and the IP leaves rotation for that domain.
//   2. the address or its domain does not exist (anymore) → hard: suppress at once.
//   3. temporary or mailbox-state problems (full, disabled, timeouts, expired queue) → soft.
//   4. weak refusal words (denied, blocked, refused) that mean a policy refusal when nothing
//      more specific matched → block.
// All expressions are compiled once at module load; the inbound path calls this per DSN.

export type BounceCategory = 'hard' | 'soft' | 'block' | 'complaint' | 'auto-reply' | 'not-a-bounce';

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
    'protocol violation', 'mail rejete', 'mail rejected', 'valid from', 'mail relay', 'all recipient addresses rejected', 'service refuse', 'smtp authentication', 'blocked because', 'after (?:mail from|initial connection|connect|helo|ehlo)',
    'in reply to (?:mail from|helo|ehlo)', '\\(bl\\)', "messages from .{1,40} (?:weren.?t|were not) sent", 'customfromdenied',
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
    'domain is not reachable',
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
    'disabled', 'suspended', 'inactive', 'deactivated', 'frozen', 'locked', 'on hold', 'system error', 'local error',
    'internal error', 'server error', 'service unavailable', 'resources', 'loop', 'mail ?(?:delivery )?loop', 'hop count',
    'undefined', 'pipe', 'syntax error', 'service (?:currently |temporarily )?(?:unavailable|not available)', 'transaction failed',
  ].join('|'),
  'i',
);

// Wording that is temporary even when it also names the domain or the mailbox.
const SOFT_STRONG = /host not found, try again|dns error: .{0,80}nxdomain|mailbox (?:is )?full|over ?quota|quota exceeded|insufficient (?:system )?storage|disabled recipient|temporar(?:y|ily) locked|too many (?:recipients|messages|connections)/i;
// The address itself is unknown: trusted even on a 4xx reply (Postfix answers 450 4.1.1
// for unknown users in some table setups) and over blocklist boilerplate around it.
const USER_UNKNOWN = /user unknown|unknown user|no such user|account or domain may not exist|recipient address rejected: access denied|^\W*(?:\d{3}\W+)?(?:#?\d\.\d\.\d\W+)?(?:<[^<>]*>:?\s*)?(?:recipient )?address rejected\W*$|doesn'?t receive (?:e-?)?mail|null mx|not accepting network messages/i;

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

/**
 * The category of one failed recipient. `status` is the enhanced code (e.g. "5.1.1"),
 * `smtpCode` the basic reply code, `text` the diagnostic wording.
 */
export function categorise(text: string, status: string | null, smtpCode: number | null): BounceCategory {
  const t = text.length > 4096 ? text.slice(0, 4096) : text;
  if (status?.startsWith('2.')) return 'not-a-bounce';
  // x.2.2 (mailbox full) is reliable whatever else the text says.
  if (status === '5.2.2' || status === '4.2.2') return 'soft';
  if (t && USER_UNKNOWN.test(t)) return 'hard';
  if (t) {
    if (BLOCK_STRONG.test(t)) return 'block';
    if (status?.startsWith('4.')) return 'soft';
    if (SOFT_STRONG.test(t)) return 'soft';
    if (HARD.test(t)) return 'hard';
  }
  const byCode = categoryFromStatus(status, smtpCode);
  // Specific enhanced codes outrank vague words: x.7.x is policy, x.1.x the address.
  if (status && /^5\.(?:7|1|6)\./.test(status) && byCode) return byCode;
  if (t && SOFT.test(t)) return 'soft';
  if (t && BLOCK_WEAK.test(t) && byCode !== 'soft') return 'block';
  return byCode ?? 'soft';
}
