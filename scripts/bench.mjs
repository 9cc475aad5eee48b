// `npm run bench [-- --recipients 20000]`: every benchmark in scripts/bench/*.ts against a
// fresh bench database; each prints one JSON object; the combined JSON is printed last and
// written to bench-results/latest.json.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDatabase, loadEnv, migrate, setup, ROOT } from './lib/setup.mjs';
import { fail, log } from './lib/sh.mjs';

const args = process.argv.slice(2);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args.splice(onlyIdx, 2)[1].split(',') : null;

const local = loadEnv();
const u = new URL(local.DATABASE_URL);
// BENCH_DB: another database name, so two people on one machine do not drop each other's
u.pathname = `/${process.env.BENCH_DB || 'rundbrief_bench'}`;
const env = {
  ...local,
  DATABASE_URL: u.toString(),
  QUEUE_PREFIX: `rbbench${process.pid}`,
  APP_URL: 'http://localhost:3000',
};

try {
  await setup(env);
  await ensureDatabase(env.DATABASE_URL, { fresh: true });
  migrate(env);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

const dir = path.join(ROOT, 'scripts/bench');
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, '')).filter((n) => !only || only.includes(n)).sort();
const results = {};
for (const name of benches) {
  log(`bench: ${name} ...`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`), ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024,
  });
  const lastJson = r.stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  try {
    results[name] = lastJson ? JSON.parse(lastJson) : { error: `no JSON output (exit ${r.status})` };
  } catch {
    results[name] = { error: 'unparseable output', tail: r.stdout.slice(-500) };
  }
  if (r.status !== 0) results[name].exitCode = r.status;
}
const out = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString(), results };
fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench-results/latest.json'), JSON.stringify(out, null, 2));
console.log(JSON.stringify(out));
