// Operator command: `npm run -s bounce:classify -- <file.eml>` prints the classification as
// one JSON line (exit 0); unreadable input exits 2 with a message on stderr.
import { readFileSync } from 'node:fs';
import { classifyBounce } from '../bounce/classify.ts';

function fail(message: string): never {
  process.stderr.write(`bounce:classify: ${message}\n`);
  process.exit(2);
}

const file = process.argv[2];
if (!file) fail('usage: npm run -s bounce:classify -- <file.eml>');

let raw: Buffer;
try {
  raw = readFileSync(file);
} catch (err) {
  fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
}
if (raw.length === 0) fail(`${file} is empty`);
if (raw.subarray(0, 4096).includes(0)) fail(`${file} is not a mail message (binary data)`);

process.stdout.write(`${JSON.stringify(classifyBounce(raw))}\n`);
