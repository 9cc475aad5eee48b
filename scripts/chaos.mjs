// `npm run chaos [-- --recipients 20000 --kills 10]`: runs scripts/chaos.ts against a fresh
// chaos database (rundbrief_chaos, beside the one in .env) and its own queue prefix, so the
// development data and queues are untouched. Prints chaos.ts's one JSON line; exits with its code.
//
// --private-services: the run starts its own Redis and PostgreSQL on free loopback ports
// (scripts/lib/private-services.mjs) and points --restart-redis / --restart-postgres at them,
// so both restarts can be exercised on a machine whose servers other people use. They are
// stopped and removed when the run ends.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startPrivateServices } from './lib/private-services.mjs';
import { ensureDatabase, loadEnv, migrate, setup, ROOT } from './lib/setup.mjs';
import { fail } from './lib/sh.mjs';

const local = loadEnv();
const u = new URL(local.DATABASE_URL);
u.pathname = '/rundbrief_chaos';
const env = { ...local, DATABASE_URL: u.toString(), QUEUE_PREFIX: `rbchaos${process.pid}`, APP_URL: 'http://localhost:3000' };
let privateServices;
const stopPrivate = () => privateServices?.stop();
process.on('exit', stopPrivate);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
try {
  if (process.argv.includes('--private-services')) {
    privateServices = await startPrivateServices();
    env.DATABASE_URL = privateServices.databaseUrl;
    env.REDIS_URL = privateServices.redisUrl;
    env.CHAOS_REDIS_RESTART_CMD = privateServices.redisRestartCmd;
    env.CHAOS_POSTGRES_RESTART_CMD = privateServices.postgresRestartCmd;
  }
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
