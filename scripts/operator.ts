// `npm run -s operator -- <command>`: platform operators from the shell, for an installation
// without the demo seed (nothing here needs SQL).
//   add <email>      make <email> an operator; a new account gets a set-password link (24 h)
//   remove <email>   take the role away (not from the last operator)
//   list             the operators
// Exit codes: 0 done, 2 bad usage or input (message on stderr), 1 anything else.
import { loadEnv } from './lib/setup.mjs';

// The installation's settings (.env, as npm start uses them); the environment wins.
Object.assign(process.env, loadEnv());
const { getDb } = await import('@rundbrief/db');
const { DomainError } = await import('@rundbrief/core');
const { grantOperator, listOperators, revokeOperator, SHELL } = await import('@rundbrief/core/platform/bootstrap');

const USAGE = 'usage: npm run -s operator -- add <email> | remove <email> | list';
const [command, arg, ...rest] = process.argv.slice(2);

async function main(): Promise<number> {
  if (rest.length || !command) return usage();
  if (command === 'list') {
    if (arg) return usage();
    const ops = await listOperators(SHELL);
    if (ops.length === 0) console.log('no platform operators yet: npm run -s operator -- add <email>');
    for (const o of ops) console.log(`${o.email}\t(since ${o.createdAt.toISOString().slice(0, 10)})`);
    return 0;
  }
  if (!arg) return usage();
  if (command === 'add') {
    const r = await grantOperator(arg);
    if (r.kind === 'already') console.log(`${r.email} is already a platform operator`);
    if (r.kind === 'promoted') console.log(`${r.email} is now a platform operator (signs in with their existing password)`);
    if (r.kind === 'created') {
      console.log(`${r.email} is now a platform operator. Give them this link to choose a password`);
      console.log(`(works once, until ${r.expiresAt.toISOString()}):`);
      console.log(`  ${r.setPasswordUrl}`);
    }
    return 0;
  }
  if (command === 'remove') {
    await revokeOperator(arg);
    console.log(`${arg.trim().toLowerCase()} is no longer a platform operator`);
    return 0;
  }
  return usage();
}

function usage() {
  process.stderr.write(`operator: ${USAGE}\n`);
  return 2;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.stderr.write(`operator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof DomainError ? 2 : 1;
} finally {
  await getDb().$disconnect();
}
