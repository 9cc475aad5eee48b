// Campaign MIME, built once per campaign and spliced per recipient: the static headers
// (From, Reply-To, List-Id, Feedback-ID, MIME-Version, Content-Type with its boundary) are
// formatted once; per recipient only To, Subject, Date, Message-ID, List-Unsubscribe and the
// two encoded parts are produced. One recipient per message: there is never a Cc or Bcc.
import { randomBytes } from 'node:crypto';
import { encodeHeaderWord, encodeQpPiece, encodeQuotedPrintable, formatAddress } from './encode.ts';

export type Header = readonly [name: string, value: string];

export type MimeTemplateInput = {
  from: { address: string; name?: string | null };
  replyTo?: string | null;
  /** List-Id (RFC 2919): a stable id per tenant list/campaign stream, e.g. "news.tenant.example". */
  listId: { id: string; name?: string | null };
  /** Feedback-ID (Gmail FBL): "campaign:tenant:kind:sender". */
  feedbackId?: string | null;
  /** Further static headers, e.g. X-Rundbrief-Test. */
  headers?: Record<string, string>;
};

export type MimeTemplate = {
  staticHeaders: Header[];
  boundary: string;
  /** Literal body pieces around the two encoded parts. */
  textPrefix: string;
  htmlPrefix: string;
  closing: string;
};

export type RecipientParts = {
  to: string;
  toName?: string | null;
  subject: string;
  /** Without angle brackets: local@domain. */
  messageId: string;
  date?: Date;
  /** https URL (RFC 8058 one-click target) and mailto, both required for bulk mail. */
  unsubscribeUrl?: string | null;
  unsubscribeMailto?: string | null;
  text: string;
  html: string;
};

/**
 * `canonical`: the body is already in DKIM relaxed canonical form (see encode.ts).
 * `headroom`: a buffer whose tail is `bodyBytes`, with free space before it, so that
 * serializeMessage writes the header block in place instead of copying the body again.
 */
export type ComposedMessage = { headers: Header[]; body: string; canonical?: boolean; bodyBytes?: Buffer; headroom?: Buffer };

/** Bytes kept free before a composed body for its header block (headers are ~1.5 KB with two DKIM signatures). */
const HEADROOM = 4096;

/**
 * The body as bytes, computed once per message and shared by the DKIM body hash and the
 * serialisation. Generated bodies are 7-bit (quoted-printable parts, ASCII boundaries), so
 * the one-byte encoding is exact and cheaper than UTF-8; anything else is encoded as UTF-8.
 */
export function bodyBytes(msg: ComposedMessage): Buffer {
  msg.bodyBytes ??= msg.canonical ? Buffer.from(msg.body, 'latin1') : Buffer.from(msg.body, 'utf8');
  return msg.bodyBytes;
}

/** The header tuples of templates: the same objects in every message of a campaign. */
const templateHeaders = new WeakSet<Header>();
/** True for a header tuple made once per template (shared by its messages), not per message. */
export const isTemplateHeader = (h: Header) => templateHeaders.has(h);

export function buildMimeTemplate(input: MimeTemplateInput): MimeTemplate {
  const boundary = `----=_rb_${randomBytes(12).toString('hex')}`;
  const h: Header[] = [['From', formatAddress(input.from.address, input.from.name)]];
  if (input.replyTo) h.push(['Reply-To', `<${input.replyTo}>`]);
  const listName = input.listId.name ? `${encodeHeaderWord(input.listId.name)} ` : '';
  h.push(['List-Id', `${listName}<${input.listId.id}>`]);
  if (input.feedbackId) h.push(['Feedback-ID', input.feedbackId]);
  for (const [k, v] of Object.entries(input.headers ?? {})) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) throw new Error(`Header ${k} contains a line break`);
    h.push([k, v]);
  }
  h.push(['MIME-Version', '1.0']);
  h.push(['Content-Type', `multipart/alternative;\r\n boundary="${boundary}"`]);
  for (const x of h) templateHeaders.add(x);
  const part = (type: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
  return {
    staticHeaders: h,
    boundary,
    textPrefix: part('text/plain'),
    htmlPrefix: `\r\n${part('text/html')}`,
    closing: `\r\n--${boundary}--\r\n`,
  };
}

/** RFC 5322 date, e.g. "Mon, 23 Nov 2026 10:00:00 +0000" (made once per second, not per mail). */
let lastDate = { second: NaN, value: '' };
export function formatDate(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastDate.second) lastDate = { second, value: d.toUTCString().replace(/GMT$/, '+0000') };
  return lastDate.value;
}

export type RecipientHeaders = Omit<RecipientParts, 'text' | 'html'>;

function recipientHeaders(tpl: MimeTemplate, r: RecipientHeaders): Header[] {
  if (/[\r\n<>]/.test(r.to)) throw new Error('Invalid recipient address');
  const headers: Header[] = [
    tpl.staticHeaders[0]!,
    ['To', formatAddress(r.to, r.toName)],
    ['Subject', encodeHeaderWord(r.subject.replace(/[\r\n]+/g, ' '))],
    ['Date', formatDate(r.date ?? new Date())],
    ['Message-ID', `<${r.messageId}>`],
  ];
  const unsub = [r.unsubscribeUrl, r.unsubscribeMailto].filter(Boolean).map((u) => `<${u}>`);
  if (unsub.length) {
    headers.push(['List-Unsubscribe', unsub.join(',\r\n ')]);
    // RFC 8058 one-click only makes sense with an https target.
    if (r.unsubscribeUrl) headers.push(['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click']);
  }
  for (let i = 1; i < tpl.staticHeaders.length; i++) headers.push(tpl.staticHeaders[i]!);
  return headers;
}

export function composeMessage(tpl: MimeTemplate, r: RecipientParts): ComposedMessage {
  const headers = recipientHeaders(tpl, r);
  const body = tpl.textPrefix + encodeQuotedPrintable(r.text) + tpl.htmlPrefix + encodeQuotedPrintable(r.html) + tpl.closing;
  return { headers, body, canonical: true };
}

/**
 * A campaign body encoded once: the static pieces of the text and HTML parts (the strings
 * between merge slots) are quoted-printable encoded per campaign, each ending at column 0
 * (encodeQpPiece), so per recipient only the merge values are encoded and spliced in.
 */
export type PreparedBody = { text: string[]; html: string[] };

export function prepareBody(parts: { text: { s: string[] }; html: { s: string[] } }): PreparedBody {
  return { text: parts.text.s.map(encodeQpPiece), html: parts.html.s.map(encodeQpPiece) };
}

function splice(pieces: string[], values: readonly string[]): string {
  if (values.length !== pieces.length - 1) throw new Error('merge values do not match the prepared body');
  let out = pieces[0]!;
  // A value often fills several slots in a row (a first name in every paragraph): encoded once.
  let prev: string | undefined;
  let prevQp = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== prev) {
      prev = v;
      prevQp = encodeQpPiece(v);
    }
    out += prevQp + pieces[i + 1]!;
  }
  return out;
}

/** composeMessage for a prepared body: the recipient's merge values, in slot order. */
export function composePrepared(tpl: MimeTemplate, body: PreparedBody, r: RecipientHeaders & { textValues: readonly string[]; htmlValues: readonly string[] }): ComposedMessage {
  const headers = recipientHeaders(tpl, r);
  const text = tpl.textPrefix + splice(body.text, r.textValues) + tpl.htmlPrefix + splice(body.html, r.htmlValues) + tpl.closing;
  // The body's bytes, written once (7-bit, so latin1 is exact): the DKIM body hash reads them
  // and serializeMessage puts the header block in front of them without another copy.
  const headroom = Buffer.allocUnsafe(HEADROOM + text.length);
  headroom.write(text, HEADROOM, 'latin1');
  return { headers, body: text, canonical: true, bodyBytes: headroom.subarray(HEADROOM), headroom };
}

/**
 * Serialises headers + body; `prepend` goes first (e.g. the DKIM-Signature header). A body
 * composed with headroom (composePrepared) gets the header block written in front of it in
 * place, once; otherwise a canonical (7-bit) body is written straight into one output buffer.
 * Either way the ~30 KB body is not copied once more per mail.
 */
export function serializeMessage(msg: ComposedMessage, prepend: Header[] = []): Buffer {
  let head = '';
  for (const [k, v] of prepend) head += `${k}: ${v}\r\n`;
  for (const [k, v] of msg.headers) head += `${k}: ${v}\r\n`;
  head += '\r\n';
  if (msg.headroom && msg.bodyBytes) {
    const at = msg.headroom.length - msg.bodyBytes.length;
    const len = Buffer.byteLength(head, 'utf8');
    if (len <= at) {
      const out = msg.headroom;
      // Used once: a second serialisation must not overwrite the bytes of the first.
      msg.headroom = undefined;
      out.write(head, at - len, 'utf8');
      return out.subarray(at - len);
    }
  }
  if (!msg.canonical || msg.bodyBytes) return Buffer.concat([Buffer.from(head, 'utf8'), bodyBytes(msg)]);
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + msg.body.length);
  out.write(head, 0, 'utf8');
  out.write(msg.body, headLen, 'latin1');
  return out;
}
