// `node scripts/stack.mjs`: the stack alone with the settings in the environment (used by
// the Playwright harness, which has already set up the database and built the web app).
// `--fresh-database` first drops and re-creates DATABASE_URL's database and applies the
// migrations, without any seed: an installation as a newcomer finds it (e2e/newcomer.spec.ts).
import { startStack } from './lib/stack.mjs';
import { ensureDatabase, migrate } from './lib/setup.mjs';
import { fail, log } from './lib/sh.mjs';

try {
  if (process.argv.includes('--fresh-database')) {
    await ensureDatabase(process.env.DATABASE_URL, { fresh: true });
    migrate(process.env);
  }
  const stack = await startStack(process.env, { webPort: Number(process.env.PORT ?? 3000) });
  log('stack ready');
  await stack.done;
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
