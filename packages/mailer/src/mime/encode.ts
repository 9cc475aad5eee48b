// Transfer encodings for generated mail. Quoted-printable rather than base64 for the text
// parts: spam filters score base64-wrapped plain text (SpamAssassin MIME_BASE64_TEXT), and QP
// keeps mostly-ASCII HTML small. The output is already in DKIM relaxed canonical form: no
// whitespace before a line break, no tab, never two spaces in a row (a space following a
// space is written =20), so the signer can hash it without canonicalising 25 KB per mail.

const HEX = '0123456789ABCDEF';
const EQ = 0x3d;

/** RFC 2045 quoted-printable of UTF-8 text, CRLF line breaks, lines <= 76 chars. */
export function encodeQuotedPrintable(text: string): string {
  const src = Buffer.from(text, 'utf8');
  // Worst case every byte becomes "=XX" plus a soft break every 25 bytes.
  const out = Buffer.allocUnsafe(src.length * 3 + Math.ceil(src.length / 24) * 3 + 4);
  let o = 0;
  let col = 0;
  const softBreak = () => {
    out[o++] = EQ; out[o++] = 13; out[o++] = 10;
    col = 0;
  };
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
      if (col >= 75) softBreak();
      out[o++] = c;
      col += 1;
    } else {
      if (col >= 73) softBreak();
      out[o++] = EQ; out[o++] = HEX.charCodeAt(c >> 4); out[o++] = HEX.charCodeAt(c & 15);
      col += 3;
    }
  }
  return out.toString('latin1', 0, o);
}

/**
 * QP of one piece of a part encoded in pieces (static template text encoded once per
 * campaign, merge values per recipient): it starts at column 0 and, unless it ends a line,
 * closes with a soft line break, so the next piece starts at column 0 too. The decoded
 * concatenation equals the concatenated text; only the soft breaks differ.
 */
const QP_LITERAL = /^[!-<>-~](?:[ !-<>-~]*[!-<>-~])?$/;

export function encodeQpPiece(text: string): string {
  if (text.length === 0) return '';
  // Fast path (most merge values: names, URLs): printable ASCII without "=", no space at
  // either end or twice in a row, short enough for one line: the value is its own encoding.
  if (text.length <= 75 && QP_LITERAL.test(text) && !text.includes('  ')) return `${text}=\r\n`;
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
