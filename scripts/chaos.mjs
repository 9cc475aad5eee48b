// `npm run chaos [-- --recipients 20000 --kills 10]`: runs scripts/chaos.ts against a fresh
// chaos database (rundbrief_chaos, beside the one in .env) and its own queue prefix, so the
// development data and queues are untouched. Prints chaos.ts's one JSON line; exits with its code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureDatabase, loadEnv, migrate, setup, ROOT } from './lib/setup.mjs';
import { fail } from './lib/sh.mjs';

const local = loadEnv();
const u = new URL(local.DATABASE_URL);
u.pathname = '/rundbrief_chaos';
const env = { ...local, DATABASE_URL: u.toString(), QUEUE_PREFIX: `rbchaos${process.pid}`, APP_URL: 'http://localhost:3000' };
try {
  await setup(env);
  await ensureDatabase(env.DATABASE_URL, { fresh: true });
  migrate(env);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/chaos.ts'), ...process.argv.slice(2)], {
  cwd: ROOT, env: { ...process.env, ...env }, stdio: 'inherit',
});
process.exit(r.status ?? 1);
