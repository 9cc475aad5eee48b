// The operator command, run as an operator would run it.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sisimaiDir } from './corpus.ts';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../../src/cli/classify.ts');
const classify = (...args: string[]) => run(process.execPath, ['--import', 'tsx', cli, ...args]).then(
  (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
);

describe('bounce:classify command', () => {
  it('prints the classification of a bounce as one JSON line', async () => {
    const r = await classify(join(sisimaiDir, 'maildir/bsd/lhost-qmail-01.eml'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ isBounce: true, category: 'hard', recipient: 'kijitora@example.ne.jp', smtpCode: 550 });
  });

  it('lists several recipients, the first also at top level', async () => {
    const r = await classify(join(sisimaiDir, 'maildir/bsd/lhost-v5sendmail-07.eml'));
    const out = JSON.parse(r.stdout) as { recipient: string; recipients: { recipient: string }[] };
    expect(out.recipients.length).toBeGreaterThan(1);
    expect(out.recipient).toBe(out.recipients[0]!.recipient);
  });

  it('--time reports the classification time on stderr; a 2 MB unfolded From: header is read capped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rb-cli-')), 'from-2mb.eml');
    writeFileSync(file, `From: ${'a'.repeat(2 * 1024 * 1024)}\nSubject: Undelivered Mail Returned to Sender\n\nbody\n`);
    const r = await classify(file, '--time');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ isBounce: false, category: 'not-a-bounce' });
    expect(r.stderr).toMatch(/^bounce:classify: classified 2097\d{3} bytes in \d+\.\d ms\n$/);
  });

  it('exits 2 with a message for unreadable input', async () => {
    const missing = await classify('/nonexistent/bounce.eml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
    const dir = mkdtempSync(join(tmpdir(), 'rb-cli-'));
    expect((await classify(dir)).code).toBe(2);
    const empty = join(dir, 'empty.eml');
    writeFileSync(empty, '');
    expect((await classify(empty)).stderr).toMatch(/empty/);
  });
});
