// Operator command: `npm run -s bounce:classify -- <file.eml> [--time]` prints the classification
// as one JSON line (exit 0); unreadable input exits 2 with a message on stderr. --time adds the
// classification's own duration on stderr (the process's start-up is most of its wall clock).
import { readFileSync } from 'node:fs';
import { classifyBounce } from '../bounce/classify.ts';

function fail(message: string): never {
  process.stderr.write(`bounce:classify: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const timed = args.includes('--time');
const file = args.find((a) => a !== '--time');
if (!file) fail('usage: npm run -s bounce:classify -- <file.eml> [--time]');

let raw: Buffer;
try {
  raw = readFileSync(file);
} catch (err) {
  fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
}
if (raw.length === 0) fail(`${file} is empty`);
if (raw.subarray(0, 4096).includes(0)) fail(`${file} is not a mail message (binary data)`);

const started = performance.now();
const result = classifyBounce(raw);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify(result)}\n`);
if (timed) process.stderr.write(`bounce:classify: classified ${raw.length} bytes in ${ms.toFixed(1)} ms\n`);
