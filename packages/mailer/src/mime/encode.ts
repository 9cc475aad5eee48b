// Transfer encodings for generated mail. Quoted-printable rather than base64 for the text
// parts: spam filters score base64-wrapped plain text (SpamAssassin MIME_BASE64_TEXT), and QP
// keeps mostly-ASCII HTML small. The output is already in DKIM relaxed canonical form: no
// whitespace before a line break, no tab, never two spaces in a row (a space following a
// space is written =20), so the signer can hash it without canonicalising 25 KB per mail.

const HEX = '0123456789ABCDEF';
const EQ = 0x3d;

/** RFC 2045 quoted-printable of UTF-8 text, CRLF line breaks, lines <= 76 chars. */
export function encodeQuotedPrintable(text: string): string {
  // Short values (merge values, per recipient) are encoded from the string's code points:
  // no Buffer round trip. Long texts (whole parts, once per campaign or system mail) go
  // through bytes. Both produce the same output (encode.test.ts compares them).
  return text.length <= SHORT_QP ? qpShort(text) : qpBytes(text);
}

const SHORT_QP = 256;
/** "=XX" of every byte value, made once. */
const QP_BYTE: string[] = Array.from({ length: 256 }, (_, b) => `=${HEX[b >> 4]}${HEX[b & 15]}`);

/**
 * The UTF-8 bytes of `text` as an array (code points above 0x7f spelt out; a lone surrogate
 * becomes U+FFFD as in Buffer.from), for qpShort.
 */
function utf8Bytes(text: string, out: number[]): void {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
}

/** qpBytes for short strings: the same rules over a byte array, built as a string. */
function qpShort(text: string): string {
  const src: number[] = [];
  utf8Bytes(text, src);
  let out = '';
  let col = 0;
  let prev = -1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 13 && src[i + 1] === 10) continue; // CRLF handled at LF
    if (c === 10) {
      out += '\r\n';
      col = 0;
      prev = 10;
      continue;
    }
    const next = src[i + 1];
    const atLineEnd = next === undefined || next === 10 || next === 13;
    if ((c >= 33 && c <= 126 && c !== EQ) || (c === 32 && !atLineEnd && prev !== 32)) {
      if (col >= 75) {
        out += '=\r\n';
        col = 0;
      }
      out += String.fromCharCode(c);
      col += 1;
      prev = c;
    } else {
      if (col >= 73) {
        out += '=\r\n';
        col = 0;
      }
      out += QP_BYTE[c]!;
      col += 3;
      prev = -1;
    }
  }
  return out;
}

/** Quoted-printable through bytes (long texts). */
function qpBytes(text: string): string {
  const src = Buffer.from(text, 'utf8');
  // Worst case every byte becomes "=XX" plus a soft break every 25 bytes.
  const out = Buffer.allocUnsafe(src.length * 3 + Math.ceil(src.length / 24) * 3 + 4);
  let o = 0;
  let col = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 13 && src[i + 1] === 10) continue; // CRLF handled at LF
    if (c === 10) {
      out[o++] = 13; out[o++] = 10;
      col = 0;
      continue;
    }
    const next = src[i + 1];
    const atLineEnd = next === undefined || next === 10 || next === 13;
    const literal = (c >= 33 && c <= 126 && c !== EQ) || (c === 32 && !atLineEnd && out[o - 1] !== 32);
    if (literal) {
      if (col >= 75) {
        out[o++] = EQ; out[o++] = 13; out[o++] = 10;
        col = 0;
      }
      out[o++] = c;
      col += 1;
    } else {
      if (col >= 73) {
        out[o++] = EQ; out[o++] = 13; out[o++] = 10;
        col = 0;
      }
      out[o++] = EQ; out[o++] = HEX.charCodeAt(c >> 4); out[o++] = HEX.charCodeAt(c & 15);
      col += 3;
    }
  }
  return out.toString('latin1', 0, o);
}

/** For tests: the byte-based encoder on any length (the reference for the short path). */
export const encodeQuotedPrintableBytes = qpBytes;

/**
 * QP of one piece of a part encoded in pieces (static template text encoded once per
 * campaign, merge values per recipient): it starts at column 0 and, unless it ends a line,
 * closes with a soft line break, so the next piece starts at column 0 too. The decoded
 * concatenation equals the concatenated text; only the soft breaks differ.
 */
const QP_LITERAL = /^[!-<>-~](?:[ !-<>-~]*[!-<>-~])?$/;
const QP_SAFE_RUN = /^[!-<>-~]+$/;

export function encodeQpPiece(text: string): string {
  if (text.length === 0) return '';
  // Fast path (most merge values: names, URLs): printable ASCII without "=", no space at
  // either end or twice in a row, short enough for one line: the value is its own encoding.
  if (text.length <= 75 && QP_LITERAL.test(text) && !text.includes('  ')) return `${text}=\r\n`;
  // Long values without a space or anything to escape (tracked link URLs): cut into lines.
  if (QP_SAFE_RUN.test(text)) {
    let out = '';
    for (let i = 0; i < text.length; i += 75) out += `${text.slice(i, i + 75)}=\r\n`;
    return out;
  }
  const qp = encodeQuotedPrintable(text);
  return qp.length === 0 || qp.endsWith('\r\n') ? qp : `${qp}=\r\n`;
}

const needsEncoding = /[^\x20-\x7e]/;

/** RFC 2047 encoded-word (base64) for header text that is not plain printable ASCII. */
export function encodeHeaderWord(value: string): string {
  if (!needsEncoding.test(value)) return value;
  // Split into chunks whose encoded-word stays under 75 chars, never inside a code point.
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

const atomSafe = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ .]*$/;

/** `Display Name <addr>` with the name quoted or encoded as needed. */
export function formatAddress(address: string, name?: string | null): string {
  if (!name) return `<${address}>`;
  if (needsEncoding.test(name)) return `${encodeHeaderWord(name)} <${address}>`;
  if (atomSafe.test(name) && !name.includes('.')) return `${name} <${address}>`;
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}
