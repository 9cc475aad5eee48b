// The linear rewrites give the same answers as the backtracking expressions they replaced.
// The old expressions are the reference here, on short inputs only (where they are fast):
// every line of the bounce corpus that names an address, the address corpora, and random
// strings over the characters that make the expressions branch.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressesIn, firstAddress } from '../../src/bounce/address.ts';
import { reportText } from '../../src/bounce/text-report.ts';
import { corporaDir, sisimaiDir } from './corpus.ts';

const OLD_FIRST = /<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?/;
const OLD_ALL = /<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})>?/g;
const oldFirst = (v: string) => OLD_FIRST.exec(v)?.[1]!.toLowerCase().replace(/\.$/, '') ?? null;
const oldAll = (line: string) => [...line.matchAll(OLD_ALL)].map((m) => m[1]!.toLowerCase().replace(/^\.+|\.+$/g, ''));

// A fixed-seed generator, so a failure names an input that can be reproduced.
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 16) % n; // the low bits of this generator repeat too soon
  };
}
const strings = (pieces: string[], count: number, maxLen: number, seed: number) => {
  const next = random(seed);
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(maxLen) }, () => pieces[next(pieces.length)]).join(''));
};

function corpusLines(): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.eml')) lines.push(...readFileSync(p, 'utf8').split(/\r?\n|\r/).filter((l) => l.includes('@')));
    }
  };
  walk(join(sisimaiDir, 'maildir'));
  for (const f of ['mailbox_valid.txt', 'mailbox_invalid.txt', 'abridged_localpart_valid.txt', 'abridged_localpart_invalid.txt']) {
    lines.push(...readFileSync(join(corporaDir, 'addresses/flanker', f), 'utf8').split('\n'));
  }
  const isemail = JSON.parse(readFileSync(join(corporaDir, 'addresses/hapi-isemail/tests.json'), 'utf8')) as unknown;
  JSON.stringify(isemail, (_k, v: unknown) => {
    if (typeof v === 'string' && v.includes('@')) lines.push(v);
    return v;
  });
  return lines;
}

describe('the linear address finder', () => {
  const lines = corpusLines();
  const random = strings(['a', 'B', '1', '.', '.', '@', '@', '-', '<', '>', ' ', '_', 'com', 'x.', '..'], 20_000, 14, 17);

  it('finds the same first address as the old expression', () => {
    expect(lines.length).toBeGreaterThan(3000);
    for (const v of [...lines, ...random]) expect(firstAddress(v), JSON.stringify(v)).toBe(oldFirst(v));
  });

  it('finds the same addresses in report lines as the old global expression', () => {
    for (const v of [...lines, ...random]) expect(addressesIn(v), JSON.stringify(v)).toEqual(oldAll(v));
  });
});

describe('the linear pattern rewrites', () => {
  it('the marker that cuts the quoted original off a report is found where it was', () => {
    const OLD_PREFIX = /^[ \t>]*(?:[-=_*]+ ?)?(?:(?:-+ ?)?original message ?-|returned message|----- message text follows)/im;
    // Every combination of the pieces a marker line is made of (indent, dash runs, spaces).
    const grid = [['', ' ', '>', ' > '], ['', '-', '=', '--', '=-', '-=', '*_'], ['', ' ', '  '], ['', '-', '--', '='], ['', ' '],
      ['original message', 'returned message', '----- message text follows', 'x'], ['', '-', ' -', ' x']];
    const texts = grid.reduce<string[]>((acc, pieces) => acc.flatMap((a) => pieces.map((p) => a + p)), ['report\n']);
    for (const t of texts) {
      const unquoted = t.includes('\n>') ? t.replace(/^>+ ?(?!>)/gm, '') : t;
      const m = OLD_PREFIX.exec(unquoted);
      expect(reportText(t), JSON.stringify(t)).toBe(m ? unquoted.slice(0, m.index) : unquoted);
    }
  });
});
