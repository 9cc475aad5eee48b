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

// Caps applied before any pattern looks at the text, so the work per message is bounded
// whatever an outsider sends (real reports are a few KB; originals attached to them can be
// megabytes, of which only the headers matter).
export const LIMITS = {
  /** Of a message, and of any part of it. */
  part: 2 * 1024 * 1024,
  /** Decoded text of a leaf part. */
  partScan: 512 * 1024,
  headerBlock: 256 * 1024,
  /** One header, unfolded. */
  header: 64 * 1024,
  /** Header field names are short; a long "name" is a garbage line. */
  headerName: 200,
  /** Parts in a whole message, at every depth. */
  parts: 100,
  depth: 6,
} as const;

const cap = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

export function normaliseNewlines(raw: string): string {
  return raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
}

/** Splits a message into its header block (at most LIMITS.headerBlock) and body at the first empty line. */
export function splitMessage(text: string): { head: string; body: string } {
  if (text.startsWith('\n')) return { head: '', body: text.slice(1) };
  const i = text.indexOf('\n\n');
  if (i === -1) return { head: cap(text, LIMITS.headerBlock), body: '' };
  return { head: cap(text.slice(0, i), LIMITS.headerBlock), body: text.slice(i + 2) };
}

// RFC 5322 field name: printable ASCII except ':' (and space).
const FIELD_NAME = /^[!-9;-~]+$/;

/** `name: value` of one header line, or null for mbox "From " separators and garbage lines. */
function headerLine(line: string): { name: string; value: string } | null {
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > LIMITS.headerName) return null;
  let nameEnd = colon;
  while (nameEnd > 0 && isBlank(line, nameEnd - 1)) nameEnd--;
  const name = line.slice(0, nameEnd);
  if (!FIELD_NAME.test(name)) return null;
  let valueStart = colon + 1;
  while (isBlank(line, valueStart)) valueStart++;
  return { name: name.toLowerCase(), value: line.slice(valueStart, valueStart + LIMITS.header) };
}

const isBlank = (s: string, i: number) => s[i] === ' ' || s[i] === '\t';

export function parseHeaders(block: string): Headers {
  const headers: Headers = new Map();
  let name: string | null = null;
  let value = '';
  const flush = () => {
    if (name === null) return;
    const list = headers.get(name);
    if (list) list.push(value.trim());
    else headers.set(name, [value.trim()]);
  };
  for (const line of cap(block, LIMITS.headerBlock).split('\n')) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && name !== null) {
      // Appending builds a rope; it is cut (and flattened) once, when it reaches the cap.
      if (value.length < LIMITS.header) value = cap(value + ' ' + line.trim(), LIMITS.header);
      continue;
    }
    const field = headerLine(line);
    if (!field) continue;
    flush();
    ({ name, value } = field);
  }
  flush();
  return headers;
}

export const header = (h: Headers, name: string): string => h.get(name)?.[0] ?? '';

/** Parses `type/subtype; a=b; c="d"` into a lower-case type and its parameters. */
export function parseContentType(value: string): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const parts = value.split(';');
  let type = (parts.shift() ?? '').trim().toLowerCase();
  // A parameter folded onto the next line without its ';' ("text/plain\n charset=x", which
  // the unfolding made "text/plain charset=x"): the type is the first word, the rest a parameter.
  const space = type.search(/\s/);
  if (space !== -1) {
    parts.unshift(type.slice(space));
    type = type.slice(0, space);
  }
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

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.replace(/\*.*$/, '').trim().toLowerCase() || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8'); // unknown charset: read as UTF-8
  }
}

const BETWEEN_WORDS = /(\?=)[ \t\n]+(?==\?[^?\s]+\?[bBqQ]\?)/g;

/**
 * RFC 2047 encoded words (subjects of auto-replies and Japanese bounces are often encoded),
 * in their own charset (ISO-2022-JP, Shift_JIS, ISO-8859-x...). Blanks between two encoded
 * words are dropped (RFC 2047 6.2): a subject split over folded lines reads as one.
 */
export function decodeWords(value: string): string {
  if (value.indexOf('=?') === -1) return value;
  return value.replace(BETWEEN_WORDS, '$1').replace(ENCODED_WORD, (_all, charset: string, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? decodeCharset(Buffer.from(text, 'base64'), charset)
      : decodeCharset(Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1'), charset),
  );
}

/** Parses a message (or part) of at most LIMITS.part characters into its MIME tree. */
export function parsePart(text: string, depth = 0, budget: { parts: number } = { parts: LIMITS.parts }): MimePart {
  const { head, body } = splitMessage(cap(text, LIMITS.part));
  const headers = parseHeaders(head);
  return buildPart(headers, body, depth, budget);
}

// RFC 2046 allows 70 characters; a longer "boundary" is no multipart worth reading.
const MAX_BOUNDARY = 200;

function buildPart(headers: Headers, body: string, depth: number, budget: { parts: number }): MimePart {
  const ct = parseContentType(header(headers, 'content-type'));
  const part: MimePart = { headers, contentType: ct.type, params: ct.params, body, children: [] };
  const boundary = ct.params.get('boundary');
  if (ct.type.startsWith('multipart/') && boundary && boundary.length <= MAX_BOUNDARY && depth < LIMITS.depth) {
    const texts = splitMultipart(body, boundary, budget.parts);
    budget.parts -= texts.length;
    part.children = texts.map((p) => parsePart(p, depth + 1, budget));
    // A "multipart" without any delimiter in it is read as the plain text it really is.
    if (part.children.length === 0) part.contentType = 'text/plain';
    else part.body = '';
  } else if (ct.type === 'message/rfc822' || ct.type === 'message/global' || ct.type === 'text/rfc822-headers') {
    part.body = cap(body, LIMITS.partScan);
  } else {
    part.body = decodeBody(cap(body, LIMITS.partScan), header(headers, 'content-transfer-encoding'));
  }
  return part;
}

function splitMultipart(body: string, boundary: string, max: number): string[] {
  const parts = splitAt(body, boundary, max);
  if (parts.length) return parts;
  // Some MTAs rewrite the header's boundary but not the body's: use the body's own.
  const guess = boundaryInBody(body);
  return guess && guess !== boundary ? splitAt(body, guess, max) : [];
}

/** The first line that looks like a delimiter: "--" and 6+ non-blank characters, the first no "-". */
function boundaryInBody(body: string): string | null {
  for (let pos = body.startsWith('--') ? 0 : body.indexOf('\n--'); pos !== -1; pos = body.indexOf('\n--', pos + 1)) {
    const from = body[pos] === '\n' ? pos + 3 : pos + 2;
    const eol = body.indexOf('\n', from);
    const token = body.slice(from, eol === -1 ? undefined : eol).trimEnd();
    if (token.length >= 6 && token.length <= MAX_BOUNDARY && token[0] !== '-' && !/\s/.test(token)) return token;
  }
  return null;
}

/**
 * The next delimiter line at or after `from`: `--boundary` at the start of a line, after at
 * most a few blanks (some gateways indent it; RFC 2046 does not, but readers tolerate it).
 * Returns the index of the line start (where the preceding part ends) and of the "--".
 */
function nextDelimiter(body: string, delimiter: string, from: number): { lineStart: number; at: number } | null {
  for (let at = body.indexOf(delimiter, from); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    let lineStart = at;
    while (lineStart > 0 && at - lineStart < 8 && isBlank(body, lineStart - 1)) lineStart--;
    if (lineStart === 0 || body[lineStart - 1] === '\n') return { lineStart, at };
  }
  return null;
}

function splitAt(body: string, boundary: string, max: number): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let d = nextDelimiter(body, delimiter, 0);
  while (d && parts.length < max) {
    let start = d.at + delimiter.length;
    if (body.startsWith('--', start)) break; // closing delimiter
    const eol = body.indexOf('\n', start);
    if (eol === -1) break;
    start = eol + 1;
    const next = nextDelimiter(body, delimiter, start);
    // The line break before the delimiter belongs to it, not to the part.
    parts.push(body.slice(start, next ? Math.max(start, next.lineStart - 1) : undefined));
    if (!next) break;
    d = next;
  }
  return parts;
}

/** Depth-first list of all leaf parts (and message/* parts, which are not descended). */
export function leaves(part: MimePart): MimePart[] {
  if (part.children.length === 0) return [part];
  return part.children.flatMap(leaves);
}
