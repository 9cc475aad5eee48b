// DKIM (RFC 6376) signer, relaxed/relaxed, rsa-sha256 (and optionally ed25519-sha256, RFC
// 8463, as a second signature). The private key is parsed into a KeyObject once per campaign
// (createDkimSigner): parsing PEM per message costs more than the signature itself.
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { isTemplateHeader, type ComposedMessage, type Header } from '../mime/compose.ts';

export type DkimKey = {
  domain: string;
  selector: string;
  /** PKCS#8 PEM (decrypted by the caller) or an already parsed KeyObject. */
  privateKey: string | KeyObject;
};

/** Headers signed when present; From is listed twice so a second From cannot be added. */
const SIGNED = ['from', 'to', 'subject', 'date', 'message-id', 'reply-to', 'list-unsubscribe',
  'list-unsubscribe-post', 'list-id', 'feedback-id', 'mime-version', 'content-type'];
/** Position in SIGNED by header name as written (e.g. "Message-ID"), -1 when not signed; learnt per name. */
const signedIndex = new Map<string, number>();
function signedAt(name: string): number {
  let i = signedIndex.get(name);
  if (i === undefined) {
    i = SIGNED.indexOf(name.toLowerCase());
    if (signedIndex.size < 1000) signedIndex.set(name, i);
  }
  return i;
}
/** The h= tag for each set of present headers (a bit mask over SIGNED): a campaign uses one or two. */
const hTags = new Map<number, string>();

export function canonicalizeHeaderRelaxed(name: string, value: string): string {
  return `${name.toLowerCase().trim()}:${value.replace(/\r\n(?=[ \t])/g, '').replace(/[ \t]+/g, ' ').trim()}`;
}

export function canonicalizeBodyRelaxed(body: string): string {
  let b = body.replace(/[ \t]+\r\n/g, '\r\n').replace(/[ \t]+/g, ' ');
  b = b.replace(/(\r\n)+$/, '');
  return b.length ? `${b}\r\n` : '';
}

/**
 * Canonical form of a header, remembered per header tuple: a campaign's static headers (From,
 * List-Id, Feedback-ID, MIME-Version, Content-Type) are the same tuples in every message of
 * it (MimeTemplate.staticHeaders), so they are canonicalised once, not per mail.
 */
const canonicalCache = new WeakMap<Header, string>();
function canonicalHeader(name: string, h: Header): string {
  if (!isTemplateHeader(h)) return canonicalizeHeaderRelaxed(name, h[1]);
  let c = canonicalCache.get(h);
  if (c === undefined) {
    c = canonicalizeHeaderRelaxed(name, h[1]);
    canonicalCache.set(h, c);
  }
  return c;
}

type Signer = { key: KeyObject; algo: 'rsa-sha256' | 'ed25519-sha256' };

export type DkimSigner = {
  /** DKIM-Signature headers to prepend (one per key), newest first. */
  sign(msg: ComposedMessage, now?: Date): Header[];
};

export function createDkimSigner(keys: DkimKey[]): DkimSigner {
  const signers = keys.map((k) => {
    const key = typeof k.privateKey === 'string' ? createPrivateKey(k.privateKey) : k.privateKey;
    const type = key.asymmetricKeyType;
    if (type !== 'rsa' && type !== 'ed25519') throw new Error(`Unsupported DKIM key type ${type}`);
    return { ...k, s: { key, algo: type === 'rsa' ? 'rsa-sha256' : 'ed25519-sha256' } as Signer };
  });
  return {
    sign(msg, now = new Date()) {
      // A canonical body is 7-bit: hashed from the string as latin1 (its exact bytes), no Buffer copy.
      const bh = (msg.bodyBytes ? createHash('sha256').update(msg.bodyBytes)
        : msg.canonical ? createHash('sha256').update(msg.body, 'latin1')
          : createHash('sha256').update(canonicalizeBodyRelaxed(msg.body))).digest('base64');
      // The first header of each signed name, in SIGNED order.
      const present: (Header | undefined)[] = new Array(SIGNED.length);
      let mask = 0;
      for (const h of msg.headers) {
        const i = signedAt(h[0]);
        if (i >= 0 && present[i] === undefined) {
          present[i] = h;
          mask |= 1 << i;
        }
      }
      let canonHeaders = '';
      for (let i = 0; i < SIGNED.length; i++) {
        const h = present[i];
        if (h !== undefined) canonHeaders += `${canonicalHeader(SIGNED[i]!, h)}\r\n`;
      }
      let hList = hTags.get(mask);
      if (hList === undefined) {
        hList = [...SIGNED.filter((_, i) => present[i] !== undefined), 'from'].join(':');
        hTags.set(mask, hList);
      }
      const t = Math.floor(now.getTime() / 1000);
      return signers.map(({ domain, selector, s }) => {
        const value = `v=1; a=${s.algo}; c=relaxed/relaxed; d=${domain}; s=${selector}; t=${t};\r\n h=${hList};\r\n bh=${bh};\r\n b=`;
        const data = canonHeaders + canonicalizeHeaderRelaxed('DKIM-Signature', value);
        // Ed25519 signs the SHA-256 digest (RFC 8463 §3); RSA uses PKCS#1 v1.5 over SHA-256.
        const sig = s.algo === 'rsa-sha256'
          ? sign('sha256', Buffer.from(data), s.key)
          : sign(null, createHash('sha256').update(data).digest(), s.key);
        return ['DKIM-Signature', value + foldBase64(sig.toString('base64'))] as const;
      });
    },
  };
}

function foldBase64(b64: string): string {
  const parts: string[] = [];
  for (let i = 0; i < b64.length; i += 72) parts.push(b64.slice(i, i + 72));
  return parts.join('\r\n ');
}
