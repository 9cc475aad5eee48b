// `npm start`: set-up (dependencies, services, migrations, demo tenant, build), then web on
// :3000, the worker, inbound SMTP, the dev DNS and the local mail sink. Ctrl-C stops everything.
// `npm run setup` (--setup-only) stops after the demo tenant: nothing is built or started.
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
  if (process.argv.includes('--setup-only')) {
    log('set-up done: `npm start` runs the product, `npm test` every suite.');
    process.exit(0);
  }
  if (!process.argv.includes('--no-build')) {
    log('building the web app ...');
    run('npx', ['turbo', 'run', 'build', '--filter=@rundbrief/web', '--output-logs=new-only'], { cwd: ROOT, env: { ...process.env, ...env } });
  }
  const { startStack } = await import('./lib/stack.mjs');
  const stack = await startStack(env, { webPort: Number(process.env.PORT ?? 3000) });
  log(`Rundbrief is running: ${env.APP_URL}  (mail sink: ${env.APP_URL}/dev/inbox, SMTP 127.0.0.1:${env.SINK_SMTP_PORT}; inbound SMTP 127.0.0.1:${env.INBOUND_SMTP_PORT}). Ctrl-C stops.`);
  await stack.done;
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
