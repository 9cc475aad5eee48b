// Guards "one writer for suppressions" (issue 13): every insert, update or delete of the
// Suppression table is in packages/core/src/deliverability/suppress.ts (`writeSuppressions`,
// `liftSuppressions`), where the rules are (which reason outranks which, who may lift
// which). A syntactic scan of the sources of packages/core, apps/web and apps/worker:
// Prisma writes on the `suppression` delegate or the `suppressions` relation, and raw
// INSERT / UPDATE / DELETE / TRUNCATE on "Suppression". Tests, seeds and e2e fixtures
// write rows to set a scene and are not scanned.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../..');
const SCANNED = ['packages/core', 'apps/web', 'apps/worker'];
const WRITER = 'packages/core/src/deliverability/suppress.ts';

const WRITES: RegExp[] = [
  /\.suppression\s*\??\.\s*(create|update|delete|upsert)\w*\s*\(/g,
  /\bsuppressions\s*:\s*\{\s*(create|connectOrCreate|update|upsert|delete|set)\w*\s*:/g,
  /\bINSERT\s+INTO\s+"Suppression"/gi,
  /\bUPDATE\s+"Suppression"/gi,
  /\bDELETE\s+FROM\s+"Suppression"/gi,
  /\bTRUNCATE\s+(TABLE\s+)?"Suppression"/gi,
];

const skipDir = (name: string) => name === 'node_modules' || name === '.next' || name === 'generated' || name === 'test' || name === 'e2e' || name.startsWith('.');
const scanned = (file: string) => /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(file) && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(file) && !/seed/i.test(file.split('/').pop()!);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (!skipDir(name)) out.push(...sources(p)); } else if (scanned(p)) out.push(p);
  }
  return out;
}

/** `path:line: text` of every write to the Suppression table in `text`. */
export function suppressionWrites(rel: string, text: string): string[] {
  const hits: string[] = [];
  for (const re of WRITES) {
    for (const m of text.matchAll(re)) {
      const line = text.slice(0, m.index).split('\n').length;
      hits.push(`${rel}:${line}: ${m[0].replace(/\s+/g, ' ')}`);
    }
  }
  return hits;
}

describe('one writer for suppressions', () => {
  const files = SCANNED.flatMap((d) => sources(join(ROOT, d)));
  const writes = files.flatMap((f) => suppressionWrites(relative(ROOT, f), readFileSync(f, 'utf8')));

  it('scans the sources and finds the writer itself (not vacuous)', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(writes.filter((w) => w.startsWith(`${WRITER}:`)).length).toBeGreaterThanOrEqual(2);
  });

  it('writes the Suppression table only in deliverability/suppress.ts', () => {
    expect(writes.filter((w) => !w.startsWith(`${WRITER}:`))).toEqual([]);
  });

  it('recognises each kind of write', () => {
    const samples = [
      'await db.suppression.deleteMany({ where: { id } })', 'tx.suppression.createManyAndReturn({ data })', 'db.suppression.upsert({',
      'tenant.update({ data: { suppressions: { create: { email } } } })',
      'sql`insert into "Suppression" (id) values (1)`', 'UPDATE "Suppression" SET note = 1', 'DELETE  FROM\n "Suppression" WHERE', 'TRUNCATE "Suppression"',
    ];
    for (const s of samples) expect(suppressionWrites('x.ts', s), s).toHaveLength(1);
    for (const s of ['db.suppression.findFirst({ where })', 'SELECT 1 FROM "Suppression" x', 'ON CONFLICT ("tenantId", "emailHash") DO UPDATE SET reason = 1']) {
      expect(suppressionWrites('x.ts', s), s).toEqual([]);
    }
  });
});
