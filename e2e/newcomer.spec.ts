// A newcomer's whole first day, on an installation WITHOUT the demo seed (its own database,
// re-created empty, and its own web, worker, inbound, sink and dev DNS processes), and
// without SQL anywhere:
//   the installer names an operator from the shell (npm run operator), who chooses a password
//   and adds a sending IP; a tenant signs up, enters its company details, adds its domain,
//   publishes the records in the local dev DNS (typed in, as one would at a DNS host), sees
//   each record pass, creates a list, imports subscribers, writes a campaign from the starter
//   template, passes the checklist, sends, and reads the report. The mail the sink received
//   is verified with mailauth as a receiving server would: DKIM pass (RSA and Ed25519),
//   SPF pass for the source IP on the envelope domain, DMARC pass with both aligned.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createResolver } from '../packages/core/src/senders/dns.ts';
import { authenticate } from 'mailauth';
import { expect, test, type Browser, type Page } from '@playwright/test';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

const ROOT = new URL('..', import.meta.url).pathname;
const PORT = Number(process.env.NEWCOMER_PORT ?? 3300);
const BASE = `http://localhost:${PORT}`;
const DNS_PORT = Number(process.env.NEWCOMER_DNS_PORT ?? 5364);
const db = new URL(process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/rundbrief_e2e');
db.pathname = '/rundbrief_e2e_newcomer';

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: db.toString(),
  PORT: String(PORT),
  E2E_PORT: String(PORT),
  APP_URL: BASE,
  NEXTAUTH_URL: BASE,
  QUEUE_PREFIX: `rbnew${process.pid}`,
  SMTP_RELAY_URL: 'smtp://127.0.0.1:2725',
  SINK_SMTP_PORT: '2725',
  INBOUND_SMTP_PORT: '2726',
  DEV_DNS_PORT: String(DNS_PORT),
  DNS_RESOLVER: `127.0.0.1:${DNS_PORT}`,
};

const SENDING_IP = '127.0.0.9';
const OPERATOR = { email: 'installer@newcomer.test', password: 'the installer chooses 42 words' };
const uniq = Math.random().toString(36).slice(2, 8);
const TENANT = { org: `Neu ${uniq}`, email: `owner-${uniq}@newcomer.test`, password: 'newcomer correct horse 2026' };
const DOMAIN = `neu-${uniq}.example`;

let stack: ChildProcess | undefined;
let stackLog = '';

test.use({ baseURL: BASE });

test.beforeAll(async () => {
  stack = spawn(process.execPath, ['scripts/stack.mjs', '--fresh-database'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => { stackLog = (stackLog + b.toString()).slice(-20_000); };
  stack.stdout!.on('data', keep);
  stack.stderr!.on('data', keep);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (stack.exitCode !== null) throw new Error(`the newcomer stack stopped:\n${stackLog}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`the newcomer stack did not start:\n${stackLog}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (!stack || stack.exitCode !== null) return;
  const exited = new Promise((r) => stack!.once('exit', r));
  stack.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (stack.exitCode === null) stack.kill('SIGKILL');
});

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A second browser context: the installer/operator works beside the tenant. */
async function operatorPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: BASE });
  const page = await ctx.newPage();
  await signIn(page, OPERATOR);
  return page;
}

test('the installer names an operator from the shell; the operator sets a password and adds a sending IP', async ({ page }) => {
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/operator.ts', 'add', OPERATOR.email], { cwd: ROOT, env, encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(cli.stdout)?.[0];
  expect(link).toBeTruthy();

  await page.goto(link!);
  await page.getByLabel('New password').fill(OPERATOR.password);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password was changed. Sign in with the new password.');
  await signIn(page, OPERATOR);
  await page.goto('/admin/ips');
  await expect(page.getByText('No sending IPs')).toBeVisible(); // a new installation has none
  const form = page.getByRole('form', { name: 'Add a sending IP' });
  await form.getByLabel('IP address').fill(SENDING_IP);
  await form.getByLabel('HELO name').fill('mta1.newcomer.test');
  await form.getByRole('button', { name: 'Add IP' }).click();
  await expect(page.getByTestId('sending-ips').getByRole('row').filter({ hasText: SENDING_IP })).toContainText('active');
});

test('a new tenant signs up, verifies its domain through the dev DNS, imports, sends and reads the report', async ({ page, browser }) => {
  // Sign-up and company details (the imprint every campaign needs).
  await page.goto('/signup');
  await page.getByLabel('Organisation').fill(TENANT.org);
  await page.getByLabel('E-mail').fill(TENANT.email);
  await page.getByLabel('Password', { exact: true }).fill(TENANT.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/app(\/|$)/);
  await page.goto('/app/settings/company');
  await page.getByLabel('Legal name').fill(`${TENANT.org} GmbH`);
  await page.getByLabel('Postal address').fill('Hauptstraße 1\n10115 Berlin');
  await page.getByRole('button', { name: 'Save company details' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Company details saved' })).toBeVisible();

  // The domain: its records, typed into the local dev DNS by the installer.
  await page.goto('/app/settings/domains');
  await page.getByRole('textbox', { name: 'Domain' }).fill(DOMAIN);
  await page.getByRole('button', { name: 'Add domain' }).click();
  const card = page.getByTestId('sender-domain').filter({ hasText: DOMAIN });
  await expect(card.getByTestId('domain-status')).toHaveText('not verified');
  const rows = card.locator('tr[data-kind]');
  const records: { kind: string; type: string; name: string; value: string; priority: string }[] = [];
  for (const row of await rows.all()) {
    records.push({
      kind: (await row.getAttribute('data-kind'))!,
      type: (await row.getByTestId('record-type').innerText()).trim(),
      name: (await row.getByTestId('record-name').innerText()).trim(),
      value: (await row.getByTestId('record-value').innerText()).trim(),
      priority: (await row.getByTestId('record-priority').count()) ? (await row.getByTestId('record-priority').innerText()).trim() : '',
    });
  }
  expect(records.map((r) => r.kind).sort()).toEqual(['DKIM', 'DKIM-ED25519', 'DMARC', 'RETURN-PATH-MX', 'RETURN-PATH-SPF']);

  const op = await operatorPage(browser);
  await op.goto('/dev/dns');
  for (const r of records) {
    const add = op.getByRole('form', { name: 'Add a DNS record' });
    await add.getByLabel('Name').fill(r.name);
    await add.getByLabel('Type').selectOption(r.type);
    await add.getByLabel('Value').fill(r.value);
    if (r.priority) await add.getByLabel('Priority').fill(r.priority);
    await add.getByRole('button', { name: 'Add record' }).click();
    await expect(add.getByRole('status')).toContainText(`Added ${r.type} ${r.name}`);
  }

  await card.getByRole('button', { name: 'Check DNS now' }).click();
  await expect(card.getByTestId('domain-status')).toHaveText('verified', { timeout: 30_000 });
  for (const r of records) await expect(card.locator(`tr[data-kind="${r.kind}"]`).getByTestId('record-status')).toHaveText('Pass');
  await expect(card.getByTestId('domain-summary')).not.toContainText(/fail/i);

  // A sender on the domain.
  await page.goto('/app/settings/senders');
  await page.getByLabel('From name').fill(TENANT.org);
  await page.getByLabel('Address').fill('news');
  await page.getByLabel('Domain', { exact: true }).selectOption({ label: `@${DOMAIN}` });
  await page.getByRole('button', { name: 'Add sender' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Sender “${TENANT.org}” added.` })).toBeVisible();

  // A list and an import.
  await page.goto('/app/lists');
  await page.getByLabel('Name', { exact: true }).fill('Newsletter');
  await page.getByRole('button', { name: 'Create list' }).click();
  await page.getByRole('status').getByRole('link', { name: 'Open it' }).click();
  await page.waitForURL(/\/app\/lists\/[0-9a-f-]+$/);
  const people = ['email,first_name', ...['ada', 'bo', 'cem', 'dana', 'eli'].map((n) => `${n}-${uniq}@inbox.example,${n[0]!.toUpperCase()}${n.slice(1)}`)];
  await page.getByLabel(/CSV file/).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(people.join('\n')) });
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]+$/);
  await page.getByLabel(/How did these people consent/).fill('Customers who ticked the newsletter box at checkout.');
  await page.getByRole('button', { name: 'Start import' }).click();
  await expect(page.getByTestId('import-done')).toContainText('5 of 5 rows imported', { timeout: 60_000 });

  // A campaign from the starter template; the checklist passes; send.
  await page.goto('/app/campaigns');
  await page.getByRole('textbox', { name: 'Name' }).fill('First newsletter');
  await page.getByLabel('Content').selectOption({ label: 'Newsletter starter' });
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
  await page.getByLabel('From', { exact: true }).selectOption({ label: `${TENANT.org} <news@${DOMAIN}>` });
  await page.getByLabel('Subject', { exact: true }).fill(`Hello {{ firstName | "friend" }} from ${TENANT.org}`);
  await page.getByLabel('Preheader', { exact: true }).fill('Our first newsletter');
  await page.getByRole('checkbox', { name: 'Newsletter' }).check();
  await expect(page.getByTestId('recipient-count')).toContainText('5 recipients');
  await page.getByRole('button', { name: 'Save campaign' }).click();
  await expect(page.getByText('Saved. The checklist below is up to date.')).toBeVisible();
  await expect(page.getByTestId('checklist')).toContainText('Ready to send.');
  await page.getByRole('button', { name: 'Send now' }).click();
  await page.getByRole('dialog', { name: 'Send this campaign now?' }).getByRole('button', { name: 'Start sending' }).click();
  const progress = page.getByTestId('campaign-progress');
  await expect(progress).toHaveAttribute('data-percent', '100', { timeout: 180_000 });
  await expect(progress).toHaveAttribute('data-status', 'SENT');

  // The report.
  await page.getByRole('link', { name: 'Report', exact: true }).click();
  await page.waitForURL(/\/report$/);
  await expect(page.getByTestId('message-log')).toContainText(`ada-${uniq}@inbox.example`);
  await expect(page.getByTestId('alignment')).toContainText(/DMARC/);

  // The mail as a receiving server sees it.
  await op.goto(`/dev/inbox?q=${encodeURIComponent(`ada-${uniq}@inbox.example`)}`);
  await op.locator('table tbody tr td a').first().click();
  await op.waitForURL(/\/dev\/inbox\/[0-9a-f-]+$/);
  const res = await op.request.get(`${op.url()}/raw`);
  expect(res.status()).toBe(200);
  const raw = await res.body();
  const h = res.headers();
  expect(h['x-sink-remote-ip']).toBe(SENDING_IP);
  const envelopeDomain = h['x-sink-mail-from']!.split('@')[1];
  expect(envelopeDomain).toBe(`bounces.${DOMAIN}`);
  const resolve = createResolver(`127.0.0.1:${DNS_PORT}`);
  const auth = await authenticate(raw, {
    ip: h['x-sink-remote-ip'], helo: h['x-sink-helo'], sender: h['x-sink-mail-from'], mta: 'mx.inbox.example',
    resolver: resolve as never,
  });
  // mailauth 4.13 reports the algorithm as `algo` (its typings say `algorithm`)
  const dkim = auth.dkim.results.map((r) => `${r.signingDomain}:${(r as { algo?: string }).algo ?? r.algorithm}:${r.status.result}`).sort();
  expect(dkim).toEqual([`${DOMAIN}:ed25519-sha256:pass`, `${DOMAIN}:rsa-sha256:pass`]);
  expect(auth.spf && auth.spf.status.result).toBe('pass');
  expect(auth.dmarc && auth.dmarc.status.result).toBe('pass');
  // both identifiers align with the From domain (relaxed): DMARC holds if either one breaks
  expect(String(auth.dmarc && auth.dmarc.alignment.spf.result)).toContain(DOMAIN);
  expect(String(auth.dmarc && auth.dmarc.alignment.dkim.result)).toContain(DOMAIN);
  await op.context().close();
});
