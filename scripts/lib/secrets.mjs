// The secrets behind signed public links, sessions and encryption at rest. A .env copied from
// .env.example (or a tutorial) would give every such installation the same keys: anyone
// could forge unsubscribe and preference links or sessions and decrypt DKIM keys. `npm start`
// therefore refuses placeholder, short or well-known values before it starts anything.
import fs from 'node:fs';

export const SECRET_KEYS = ['APP_SECRET', 'NEXTAUTH_SECRET', 'ENCRYPTION_KEY'];
const PLACEHOLDER = /change[-_ ]?me|placeholder|example|replace|your[-_ ]?secret|^secret$|todo|xxxx/i;

/** The placeholder values of an .env.example text, by key. */
export function examplePlaceholders(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && SECRET_KEYS.includes(m[1])) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** What is wrong with each secret in `env` (empty when all are real). */
export function secretProblems(env, placeholders = {}) {
  const problems = [];
  for (const key of SECRET_KEYS) {
    const v = (env[key] ?? '').trim();
    let why = null;
    if (!v) why = 'is not set';
    else if (placeholders[key] && v === placeholders[key]) why = 'is the placeholder from .env.example';
    else if (PLACEHOLDER.test(v)) why = 'looks like a placeholder';
    else if (/^(.)\1*$/.test(v)) why = 'repeats one character';
    else if (key === 'ENCRYPTION_KEY' && !/^[0-9a-f]{64}$/i.test(v)) why = 'must be 64 hex characters (32 bytes)';
    else if (v.length < 32) why = 'is shorter than 32 characters';
    if (why) problems.push({ key, why });
  }
  return problems;
}

/** Throws one readable error naming every bad secret and how to fix it. */
export function assertRealSecrets(env, examplePath) {
  const placeholders = examplePath && fs.existsSync(examplePath) ? examplePlaceholders(fs.readFileSync(examplePath, 'utf8')) : {};
  const problems = secretProblems(env, placeholders);
  if (problems.length === 0) return;
  throw new Error([
    'Refusing to start with placeholder secrets:',
    ...problems.map((p) => `  ${p.key} ${p.why}`),
    'Put a random value in .env for each (openssl rand -hex 32), or delete those lines and npm start generates them.',
  ].join('\n'));
}
