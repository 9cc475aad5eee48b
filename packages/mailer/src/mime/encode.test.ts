import { describe, expect, it } from 'vitest';
import { encodeQpPiece, encodeQuotedPrintable, encodeQuotedPrintableBytes } from './encode.ts';

/** Deterministic pseudo-random strings over the characters that matter to quoted-printable. */
function samples(count: number): string[] {
  const alphabet = ['a', 'Z', '0', ' ', ' ', '=', '.', '\t', '\r\n', '\n', '\r', 'ä', 'ß', '€', '😀', '\ud83d', '\ude00', '~', '!', '<', '&', '"'];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const out: string[] = ['', ' ', '  ', 'a ', ' a', '=', 'x'.repeat(75), 'x'.repeat(76), 'x'.repeat(74) + ' ', 'ä'.repeat(40), `${'y'.repeat(72)}=`, '\ud800', 'a\udc00b'];
  for (let i = 0; i < count; i++) {
    const len = Math.floor(rnd() * 300);
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)]!;
    out.push(s);
  }
  return out;
}

describe('quoted-printable of short values', () => {
  it('the string path encodes exactly like the byte path (the reference), for ASCII, umlauts, emoji, lone surrogates, spaces and line breaks', () => {
    for (const s of samples(3000)) expect(encodeQuotedPrintable(s), JSON.stringify(s)).toBe(encodeQuotedPrintableBytes(s));
  });

  it('a merge value piece (with its fast paths for short and long plain values) equals the byte encoder plus its closing soft break', () => {
    const long = ['https://rundbrief.example/t/c/eyJtIjoiMTIzIn0.abcDEF_-123.7', 'x'.repeat(75), 'x'.repeat(150), 'y'.repeat(151), 'a=b'.repeat(40), 'a b'.repeat(40)];
    for (const s of [...samples(1500), ...long, ...long.map((l) => l.repeat(3))]) {
      const qp = encodeQuotedPrintableBytes(s);
      expect(encodeQpPiece(s), JSON.stringify(s)).toBe(qp.length === 0 || qp.endsWith('\r\n') ? qp : `${qp}=\r\n`);
    }
  });

  it('a merge value piece decodes to the value and ends at column 0', () => {
    for (const v of ['Jörg', 'https://example.com/t/c/abc.def.1?x=1&y=2'.repeat(3), 'a  b', 'Müller-Lüdenscheidt GmbH & Co. KG']) {
      const qp = encodeQpPiece(v);
      expect(qp.endsWith('\r\n')).toBe(true);
      const decoded = Buffer.from(qp.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
      expect(decoded).toBe(v);
      expect(qp.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    }
  });
});
