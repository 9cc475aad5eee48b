// `npm test`: the same set-up as `npm start` against test databases, then every suite:
// unit, integration (real Postgres, Redis, SMTP on loopback) and Playwright e2e (Debian's
// Chromium). One summary line per runner and a total.
//   npm test -- --only unit,int     run some suites
//   npm test -- --only e2e --spec e2e/accounts.spec.ts   one Playwright file
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDatabase, loadEnv, migrate, setup, ROOT } from './lib/setup.mjs';
import { ensureChromium } from './lib/services.mjs';
import { fail, log, run } from './lib/sh.mjs';

const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.split('=')[1] ?? process.argv[process.argv.indexOf(onlyArg) + 1]).split(',') : null;
const want = (suite) => !only || only.includes(suite);
const specArg = process.argv.indexOf('--spec');
const specs = specArg > 0 ? process.argv.slice(specArg + 1).filter((a) => !a.startsWith('--')) : [];

const local = loadEnv();
const base = new URL(local.DATABASE_URL);
const dbUrl = (name) => {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
};

const E2E_PORT = Number(process.env.E2E_PORT ?? 3200);
const testEnv = {
  REDIS_URL: local.REDIS_URL,
  DATABASE_URL: dbUrl('rundbrief_test'),
  APP_URL: `http://localhost:${E2E_PORT}`,
  NEXTAUTH_URL: `http://localhost:${E2E_PORT}`,
  APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
  NEXTAUTH_SECRET: 'test-nextauth-secret-0123456789abcdef012345',
  ENCRYPTION_KEY: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  BOUNCE_DOMAIN: 'bounces.rundbrief.localhost',
};
const e2eEnv = {
  ...testEnv,
  DATABASE_URL: dbUrl('rundbrief_e2e'),
  QUEUE_PREFIX: `rbe2e${process.pid}`,
  SMTP_RELAY_URL: 'smtp://127.0.0.1:2625',
  SINK_SMTP_PORT: '2625',
  INBOUND_SMTP_PORT: '2626',
  PORT: String(E2E_PORT),
  E2E_PORT: String(E2E_PORT),
  DEMO_PASSWORD: 'Demo-e2e-password-2026!',
  SEND_RETRY_DEADLINE_SECONDS: '30',
  // Test allowance of the webhook address guard: e2e/webhooks.spec.ts runs its receiver on loopback.
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  // The stack's dev DNS server (DevDnsRecord table): the seed publishes the demo domain's
  // records there, specs publish theirs through /dev/dns or the domain page.
  DEV_DNS_PORT: '5354',
  DNS_RESOLVER: '127.0.0.1:5354',
};

const results = [];
const resultsDir = path.join(ROOT, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

// Counts that e2e specs leave in test-results/, printed after the suite summaries (only
// when this run wrote them).
const E2E_COUNTS = {
  'hostile-input.json': (j) => `hostile-input: ${j.requests} requests, ${j.status500} answered 500, ${j.partialWrites} partial writes`,
  'attack.json': (j) => `cross-tenant attack: ${j.calls} calls (actions ${j.actions}, routes ${j.routes}), ${j.writes} writes, ${j.status500} answered 500`,
};
// The same for unit and integration tests: measurements that are the evidence of a goal.
const SUITE_COUNTS = {
  'sisimai.json': (j) => `sisimai: ${j.agree}/${j.total} agree (${j.percent.toFixed(1)} %), ${j.disagreements.length} disagreements explained in packages/mailer/src/bounce/README.md`,
};
for (const f of [...Object.keys(E2E_COUNTS), ...Object.keys(SUITE_COUNTS)]) fs.rmSync(path.join(resultsDir, f), { force: true });

function vitest(project) {
  const out = path.join(resultsDir, `${project}.json`);
  fs.rmSync(out, { force: true });
  log(`running ${project} tests ...`);
  const r = spawnSync(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...testEnv } },
  );
  let passed = 0, failed = 0, skipped = 0;
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed = j.numPassedTests; failed = j.numFailedTests; skipped = j.numPendingTests + (j.numTodoTests ?? 0);
  }
  if (r.status !== 0 && failed === 0) failed = 1; // a suite that crashed before counting
  results.push({ suite: project, passed, failed, skipped });
}

function e2e() {
  const chromium = ensureChromium();
  log('building the web app for e2e ...');
  run('npx', ['turbo', 'run', 'build', '--filter=@rundbrief/web', '--output-logs=new-only'], { cwd: ROOT, env: { ...process.env, ...e2eEnv } });
  run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { cwd: ROOT, env: { ...process.env, ...e2eEnv } });
  const out = path.join(resultsDir, 'e2e.json');
  fs.rmSync(out, { force: true });
  log('running e2e tests (Playwright, Chromium) ...');
  const r = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...specs.map((f) => path.resolve(ROOT, f))], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...e2eEnv, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  let passed = 0, failed = 0, skipped = 0;
  if (fs.existsSync(out)) {
    const s = JSON.parse(fs.readFileSync(out, 'utf8')).stats ?? {};
    passed = (s.expected ?? 0) + (s.flaky ?? 0); failed = s.unexpected ?? 0; skipped = s.skipped ?? 0;
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  results.push({ suite: 'e2e', passed, failed, skipped });
}

try {
  // The unit/int database is re-created only when those suites run: an e2e-only run
  // (`--only e2e --spec ...`) must not drop it under a unit/int run in progress.
  await setup(testEnv, { fresh: want('unit') || want('int') });
  if (want('unit')) vitest('unit');
  if (want('int')) vitest('int');
  if (want('e2e')) {
    await ensureDatabase(e2eEnv.DATABASE_URL, { fresh: true });
    migrate(e2eEnv);
    e2e();
  }
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

console.log('');
let tp = 0, tf = 0;
for (const r of results) {
  tp += r.passed; tf += r.failed;
  console.log(`${r.suite}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
}
for (const [file, line] of Object.entries({ ...SUITE_COUNTS, ...E2E_COUNTS })) {
  const f = path.join(resultsDir, file);
  if (fs.existsSync(f)) console.log(line(JSON.parse(fs.readFileSync(f, 'utf8'))));
}
console.log(`total: ${tp} passed, ${tf} failed`);
process.exit(tf > 0 || results.length === 0 ? 1 : 0);
