// A small, synchronous MIME reader for bounce analysis. Bounces arrive on the inbound
// path, so this avoids a full async parser: it only splits headers, walks multiparts and
// decodes the text parts a report needs. Input is normalised to LF first (DSNs arrive with
// CRLF, LF or bare CR depending on the MTA and the mailbox they passed through).

export type Headers = Map<string, string[]>;

export interface MimePart {
  headers: Headers;
  contentType: string; // lower-case type/subtype
  params: Map<string, string>;
  /** Decoded body (text parts) or raw body (others). */
  body: string;
  children: MimePart[];
}

const MAX_DEPTH = 6;
// Original messages attached to bounces can be megabytes; reports are a few KB.
const MAX_PART_SCAN = 512 * 1024;

export function normaliseNewlines(raw: string): string {
  return raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
}

/** Splits a message into its header block and body at the first empty line. */
export function splitMessage(text: string): { head: string; body: string } {
  if (text.startsWith('\n')) return { head: '', body: text.slice(1) };
  const i = text.indexOf('\n\n');
  if (i === -1) return { head: text, body: '' };
  return { head: text.slice(0, i), body: text.slice(i + 2) };
}

const HEADER_LINE = /^([!-9;-~]+)[ \t]*:[ \t]*(.*)$/;

export function parseHeaders(head: string): Headers {
  const headers: Headers = new Map();
  let name: string | null = null;
  let value = '';
  const flush = () => {
    if (name === null) return;
    const list = headers.get(name);
    if (list) list.push(value.trim());
    else headers.set(name, [value.trim()]);
  };
  for (const line of head.split('\n')) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && name !== null) {
      value += ' ' + line.trim();
      continue;
    }
    const m = HEADER_LINE.exec(line);
    if (!m) continue; // mbox "From " separators and garbage lines
    flush();
    name = m[1]!.toLowerCase();
    value = m[2]!;
  }
  flush();
  return headers;
}

export const header = (h: Headers, name: string): string => h.get(name)?.[0] ?? '';

/** Parses `type/subtype; a=b; c="d"` into a lower-case type and its parameters. */
export function parseContentType(value: string): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const parts = value.split(';');
  const type = (parts.shift() ?? '').trim().toLowerCase();
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq === -1) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"')) val = val.slice(1, val.indexOf('"', 1) === -1 ? undefined : val.indexOf('"', 1));
    params.set(key, val);
  }
  return { type: type || 'text/plain', params };
}

function decodeQuotedPrintable(s: string): string {
  const bytes = Buffer.from(s.replace(/=\n/g, ''), 'latin1');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x3d && i + 2 < bytes.length) {
      const hex = String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
    }
    out.push(b);
  }
  return Buffer.from(out).toString('utf8');
}

export function decodeBody(body: string, encoding: string): string {
  const enc = encoding.trim().toLowerCase();
  if (enc === 'base64') {
    return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8');
  }
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

const ENCODED_WORD = /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g;

/** RFC 2047 encoded words (subjects of auto-replies are often encoded). */
export function decodeWords(value: string): string {
  return value.replace(ENCODED_WORD, (_all, _charset: string, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

export function parsePart(text: string, depth = 0): MimePart {
  const { head, body } = splitMessage(text);
  const headers = parseHeaders(head);
  return buildPart(headers, body, depth);
}

function buildPart(headers: Headers, body: string, depth: number): MimePart {
  const ct = parseContentType(header(headers, 'content-type'));
  const part: MimePart = { headers, contentType: ct.type, params: ct.params, body, children: [] };
  const boundary = ct.params.get('boundary');
  if (ct.type.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
    part.children = splitMultipart(body, boundary).map((p) => parsePart(p, depth + 1));
    // A "multipart" without any delimiter in it is read as the plain text it really is.
    if (part.children.length === 0) part.contentType = 'text/plain';
    else part.body = '';
  } else if (ct.type === 'message/rfc822' || ct.type === 'message/global' || ct.type === 'text/rfc822-headers') {
    part.body = body.length > MAX_PART_SCAN ? body.slice(0, MAX_PART_SCAN) : body;
  } else {
    const slice = body.length > MAX_PART_SCAN ? body.slice(0, MAX_PART_SCAN) : body;
    part.body = decodeBody(slice, header(headers, 'content-transfer-encoding'));
  }
  return part;
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts = splitAt(body, boundary);
  if (parts.length) return parts;
  // Some MTAs rewrite the header's boundary but not the body's: use the body's own.
  const guess = /^--([^\s-][^\s]{5,})\s*$/m.exec(body)?.[1];
  return guess && guess !== boundary ? splitAt(body, guess) : [];
}

function splitAt(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.startsWith('--', start)) break; // closing delimiter
    const eol = body.indexOf('\n', start);
    if (eol === -1) break;
    start = eol + 1;
    const next = body.indexOf(`\n${delimiter}`, start);
    parts.push(body.slice(start, next === -1 ? undefined : next));
    if (next === -1) break;
    pos = next + 1;
  }
  return parts;
}

/** Depth-first list of all leaf parts (and message/* parts, which are not descended). */
export function leaves(part: MimePart): MimePart[] {
  if (part.children.length === 0) return [part];
  return part.children.flatMap(leaves);
}

const ADDR = /<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?/;
/** First plain e-mail address in a header value or text fragment. */
export function firstAddress(value: string): string | null {
  const m = ADDR.exec(value);
  return m ? m[1]!.toLowerCase().replace(/\.$/, '') : null;
}
