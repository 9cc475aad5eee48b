// sisimai's reasons mapped onto Rundbrief's bounce categories. The question behind each
// line is what the product must do with the subscriber and the sending IP:
//   hard  — the address (or its whole domain) is gone: suppress at once.
//   soft  — the address exists but could not take the message now, or our side gave up
//           after retries: count it, suppress after N in a row.
//   block — the receiver refused *us* (IP or domain reputation, authentication, policy,
//           content): never punish the subscriber; alert and rest the IP for that domain.
import type { BounceCategory } from '../../src/bounce/rules.ts';

export const SISIMAI_CATEGORY: Record<string, BounceCategory> = {
  userunknown: 'hard', // 5.1.1: no such mailbox
  hostunknown: 'hard', // the domain has no MX/A or does not exist
  hasmoved: 'hard', // 5.1.6: the mailbox moved away; the old address is dead
  notaccept: 'hard', // null MX (RFC 7505) or a host that accepts no mail at all
  mailboxfull: 'soft', // 5.2.2: may be emptied
  exceedlimit: 'soft', // message over the recipient's size limit
  mesgtoobig: 'soft', // message over the server's size limit
  systemfull: 'soft', // receiver out of disk
  systemerror: 'soft', // receiver's own fault
  mailererror: 'soft', // the recipient's delivery program failed
  networkerror: 'soft', // DNS/TCP trouble on the way
  expired: 'soft', // our MTA gave up after retrying temporary failures
  suspend: 'soft', // mailbox disabled/suspended: may come back; N in a row suppresses
  onhold: 'soft', // sisimai could not decide; treated as temporary
  undefined: 'soft', // idem
  toomanyconn: 'soft', // connection limit: a rate problem, retried later
  speeding: 'soft', // rate limited
  syntaxerror: 'soft', // SMTP dialogue error, not the address
  failedstarttls: 'soft', // TLS negotiation failed on the way
  blocked: 'block', // IP/host on a blocklist or refused by reputation
  rejected: 'block', // our envelope sender/domain refused
  // Sisimai says filtered when the refusal came after DATA or from a recipient's own filter
  // (Japanese carriers answer "550 Unknown user" for that): this address will not take our
  // mail whatever IP sends it, so it is treated like an unknown user.
  filtered: 'hard',
  spamdetected: 'block', // content judged spam
  virusdetected: 'block', // content judged malicious
  contenterror: 'block', // content refused
  policyviolation: 'block', // receiver policy
  securityerror: 'block', // authentication/security requirement not met
  authfailure: 'block', // SPF/DKIM/DMARC failure
  requireptr: 'block', // our IP lacks a matching PTR
  badreputation: 'block', // IP/domain reputation
  notcompliantrfc: 'block', // our message violated RFC 5322: our fault, not the subscriber's
  norelaying: 'block', // relaying denied to us
  feedback: 'complaint', // ARF / FBL report
  vacation: 'auto-reply', // RFC 3834 auto-reply
  delivered: 'not-a-bounce', // success DSN
};
