// Address rules shared by forms, imports and the API: the syntax mailing systems actually
// accept (RFC 5321 Mailbox with a dot-atom local part, RFC 6531 UTF-8 letters allowed),
// not everything RFC 5322 can express. Quoted local parts, comments, folding white space
// and IP literals are valid RFC 5322 but are refused by most MTAs and by every large
// mailbox provider, and they are the shapes form spam and injection attempts use.
import { domainToASCII } from 'node:url';
import disposableDomains from 'disposable-email-domains/index.json' with { type: 'json' };
import disposableWildcards from 'disposable-email-domains/wildcard.json' with { type: 'json' };

export type AddressRefusal = 'syntax' | 'local_too_long' | 'too_long' | 'domain';

export type AddressCheck =
  | { ok: true; normalized: string; reason: null }
  | { ok: false; normalized: null; reason: AddressRefusal; message: string };

// RFC 5322 atext plus any Unicode letter / mark / number (RFC 6531 UTF8-non-ascii). Lone
// surrogates and control characters match none of these classes.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\p{L}\\p{M}\\p{N}]";
const DOT_ATOM = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`, 'u');
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

const refuse = (reason: AddressRefusal, message: string): AddressCheck => ({ ok: false, normalized: null, reason, message });

/**
 * Checks and normalises one address. Normalised form: the local part lower-cased (one
 * subscriber per mailbox; no provider we send to treats case as significant) and the
 * domain in lower-case ASCII (IDN converted to punycode).
 */
export function checkAddress(raw: string): AddressCheck {
  // Spaces around a pasted address are harmless; CR/LF anywhere is never accepted.
  const value = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return refuse('syntax', 'An address needs a part before and after the @.');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!DOT_ATOM.test(local)) {
    return refuse('syntax', 'The part before the @ contains characters or dots that mail servers do not accept.');
  }
  // RFC 5321 4.5.3.1.1: 64 octets (UTF-8 octets under RFC 6531).
  if (Buffer.byteLength(local, 'utf8') > 64) return refuse('local_too_long', 'The part before the @ is longer than 64 characters.');
  if (domain.startsWith('[') || /^[0-9.]+$/.test(domain)) return refuse('domain', 'Addresses at an IP address are not accepted.');
  if (/[\s()\\"[\]<>,;:@]/u.test(domain)) return refuse('domain', 'The domain contains characters that are not allowed.');
  const ascii = domainToASCII(domain).toLowerCase();
  if (!ascii) return refuse('domain', 'The domain is not a valid domain name.');
  const labels = ascii.split('.');
  // A dotless domain (user@localhost, user@gmail) is never deliverable on the Internet
  // (ICANN bans dotless TLD records, RFC 7085) and is almost always a typo.
  if (labels.length < 2) return refuse('domain', 'The domain needs a dot and a top-level domain, e.g. example.com.');
  if (!labels.every((l) => LABEL.test(l))) return refuse('domain', 'The domain has an empty, too long or malformed label.');
  const tld = labels[labels.length - 1]!;
  if (/^[0-9]+$/.test(tld)) return refuse('domain', 'The top-level domain cannot be numeric.');
  if (ascii.length > 253) return refuse('domain', 'The domain is longer than 253 characters.');
  const normalized = `${local.toLowerCase()}@${ascii}`;
  // RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets.
  if (Buffer.byteLength(normalized, 'utf8') > 254) return refuse('too_long', 'The address is longer than 254 characters.');
  return { ok: true, normalized, reason: null };
}

/** Normalised address or null: for lookups where the reason does not matter. */
export function normalizeAddress(raw: string): string | null {
  const r = checkAddress(raw);
  return r.ok ? r.normalized : null;
}

export const domainOf = (normalized: string) => normalized.slice(normalized.lastIndexOf('@') + 1);

// Role mailboxes reach a team or a system, not a person who gave consent; complaints and
// spam-trap hits come disproportionately from them (Spamhaus, M3AAWG sender BCP).
const ROLE_LOCAL_PARTS = new Set([
  'abuse', 'admin', 'administrator', 'billing', 'compliance', 'contact', 'devnull', 'dns',
  'ftp', 'help', 'helpdesk', 'hostmaster', 'info', 'it', 'list', 'list-request', 'listserv',
  'mail', 'mailer-daemon', 'marketing', 'media', 'news', 'no-reply', 'nobody', 'noc',
  'noreply', 'null', 'office', 'postmaster', 'privacy', 'root', 'sales', 'security',
  'spam', 'support', 'sysadmin', 'team', 'undisclosed-recipients', 'unsubscribe', 'usenet',
  'uucp', 'webmaster', 'www',
]);

export function isRoleAddress(normalized: string): boolean {
  const local = normalized.slice(0, normalized.lastIndexOf('@'));
  // "no-reply+shop" is still a role mailbox: compare without the sub-address.
  return ROLE_LOCAL_PARTS.has(local.split('+')[0]!);
}

const disposable = new Set<string>(disposableDomains as string[]);
const disposableParents = new Set<string>(disposableWildcards as string[]);

/** True for throw-away inbox domains (bundled list from disposable-email-domains). */
export function isDisposableDomain(domain: string): boolean {
  if (disposable.has(domain)) return true;
  const labels = domain.split('.');
  for (let i = 1; i < labels.length - 1; i++) {
    if (disposableParents.has(labels.slice(i).join('.'))) return true;
  }
  return disposableParents.has(domain);
}
