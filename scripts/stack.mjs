// `node scripts/stack.mjs`: the stack alone with the settings in the environment (used by
// the Playwright harness, which has already set up the database and built the web app).
import { startStack } from './lib/stack.mjs';
import { fail, log } from './lib/sh.mjs';

try {
  const stack = await startStack(process.env, { webPort: Number(process.env.PORT ?? 3000) });
  log('stack ready');
  await stack.done;
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
