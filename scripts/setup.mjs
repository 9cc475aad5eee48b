// `npm run setup`: everything `npm start` does before it starts the processes (dependencies,
// services, migrations, demo tenant), without building or running anything. Useful before
// working on one package or running a single test file.
import path from 'node:path';
import { loadEnv, setup, ROOT } from './lib/setup.mjs';
import { assertRealSecrets } from './lib/secrets.mjs';
import { fail, log, run } from './lib/sh.mjs';

try {
  const env = loadEnv();
  assertRealSecrets(env, path.join(ROOT, '.env.example'));
  await setup(env);
  log('seeding the demo tenant ...');
  run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
  log('set-up done: `npm start` runs the product, `npm test` every suite.');
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
