// Locates the shared real-world corpora (../shared/corpora relative to the repo root)
// without copying them into the repository.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const corporaDir = resolve(repoRoot, '../shared/corpora');
export const sisimaiDir = resolve(corporaDir, 'sisimai');
export const arfDir = resolve(corporaDir, 'arf/stalwart-mail-auth');

if (!existsSync(sisimaiDir)) throw new Error(`bounce corpus not found at ${sisimaiDir}`);
