// Accounts and admin security, end to end: sign-up, the password policy message, invitation
// by mail (through the worker and the sink) and acceptance, the IP allowlist lock-out
// warning, and TOTP enrolment followed by a sign-in with the code.
import { expect, test, type Page } from '@playwright/test';
import { authenticator } from 'otplib';
import { login, openMail, OWNER } from './fixtures.ts';

const unique = () => Math.random().toString(36).slice(2, 8);
const PASSWORD = 'e2e correct horse battery 42';

async function signUp(page: Page, org: string, email: string, password: string) {
  await page.goto('/signup');
  await page.getByLabel('Organisation').fill(org);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

test('sign-up shows which policy rule failed, then creates the account and signs in', async ({ page }) => {
  const id = unique();
  await signUp(page, `Shop ${id}`, `founder-${id}@example.test`, 'short');
  await expect(page.locator('.field .error').first()).toContainText('Use at least 12 characters.');
  await expect(page).toHaveURL(/\/signup/);

  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await expect(page.getByText(/Strength: (Good|Strong)/)).toBeVisible();
  // The refusal was about 'short'; typing a valid password clears it before the next submit.
  await expect(page.getByText('Use at least 12 characters.')).toHaveCount(0);
  await expect(page.getByLabel('Password', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/app(\/|$)/);
  await expect(page.getByTestId('tenant-name')).toHaveText(`Shop ${id}`);
  await page.goto('/app/settings/members');
  await expect(page.getByTestId(`member-founder-${id}@example.test`)).toContainText('Owner');
});

test('sign-in never follows a callbackUrl off the site (/.//host is protocol-relative to a browser)', async ({ page }) => {
  const evil = '/.//evil.example/app';
  await page.goto(`/login?callbackUrl=${encodeURIComponent(evil)}`);
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app(\/|$|\?)/);
  expect(new URL(page.url()).host).not.toContain('evil');
  // Signed in already: the login page redirects on the server, to this site as well.
  await page.goto(`/login?callbackUrl=${encodeURIComponent(evil)}`);
  await page.waitForURL(/\/app(\/|$|\?)/);
  expect(new URL(page.url()).host).not.toContain('evil');
});

test('an admin invites a member by mail; the link signs them up once', async ({ page, browser }) => {
  const invitee = `invitee-${unique()}@example.test`;
  await login(page);
  await page.goto('/app/settings/members');
  await page.getByLabel('E-mail', { exact: true }).fill(invitee);
  await page.getByLabel('Role', { exact: true }).selectOption('MARKETER');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}`)).toBeVisible();

  await openMail(page, invitee);
  const body = await page.content();
  const link = /https?:\/\/[^\s"'<>]+\/invite\/[A-Za-z0-9_-]+/.exec(body)?.[0];
  expect(link, 'accept link in the invitation mail').toBeTruthy();
  const path = new URL(link!).pathname;

  const guest = await browser.newContext();
  const p2 = await guest.newPage();
  await p2.goto(path, { waitUntil: 'networkidle' });
  await expect(p2.getByRole('heading', { name: /Join / })).toBeVisible();
  await p2.getByLabel('Choose a password').fill('tooshort');
  await p2.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(p2.locator('.field .error').first()).toContainText('Use at least');
  await p2.getByLabel('Choose a password').fill(PASSWORD);
  await p2.getByRole('button', { name: 'Accept invitation' }).click();
  await p2.waitForURL(/\/app(\/|$)/);
  await p2.goto(path);
  await expect(p2.getByText('This invitation has expired or was already used')).toBeVisible();
  await guest.close();

  await page.goto('/app/settings/members');
  await expect(page.getByTestId(`member-${invitee}`)).toContainText('Marketer');
});

test('the allowlist editor shows the current IP and warns before locking the admin out', async ({ page }) => {
  const id = unique();
  await signUp(page, `Locked ${id}`, `admin-${id}@example.test`, PASSWORD);
  await page.waitForURL(/\/app(\/|$)/);
  await page.goto('/app/settings/security');
  const ip = (await page.getByTestId('current-ip').locator('strong').textContent())!.trim();
  expect(ip).toMatch(/^(127\.0\.0\.1|::1)$/);

  await page.getByRole('button', { name: 'Add entry' }).click();
  await page.getByLabel('Address or CIDR 1').fill('10.0.0.0/8');
  await page.getByRole('button', { name: 'Save allowlist' }).click();
  await expect(page.getByTestId('lockout-warning')).toContainText('This would lock you out');
  await expect(page.getByTestId('lockout-warning')).toContainText(ip);
  // nothing was saved: the app still opens
  await page.goto('/app/settings/security');
  await expect(page.getByText('No entries: every address is allowed.')).toBeVisible();

  // Adding the current address makes the list safe to save.
  await page.getByRole('button', { name: 'Add my current IP' }).click();
  await page.getByRole('button', { name: 'Save allowlist' }).click();
  await expect(page.getByText(/Allowlist saved \(1 entry\)/)).toBeVisible();

  // Saving a list without the current address after confirming: the next page is refused.
  await page.goto('/app/settings/security');
  await page.getByLabel('Address or CIDR 1').fill('10.0.0.0/8');
  await page.getByRole('button', { name: 'Save allowlist' }).click();
  await page.getByLabel('I understand that I will lose access from this address').check();
  const saved = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Save allowlist' }).click();
  await saved;
  // The README promises 403 for a request from outside the allowlist.
  const refused = await page.goto('/app');
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Your IP address is not allowed' })).toBeVisible();
  await expect(page.getByTestId('refused-ip')).toHaveText(ip);
  // Naming an allowed address in X-Forwarded-For does not help: loopback is no trusted proxy.
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': '10.1.2.3', 'x-rundbrief-peer': '10.1.2.3' });
  expect((await page.goto('/app'))?.status()).toBe(403);
  await expect(page.getByTestId('refused-ip')).toHaveText(ip);
});

test('TOTP: enrol with the QR secret, then sign-in asks for the code', async ({ page }) => {
  const id = unique();
  const email = `totp-${id}@example.test`;
  await signUp(page, `Totp ${id}`, email, PASSWORD);
  await page.waitForURL(/\/app(\/|$)/);
  await page.goto('/app/settings/account');
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await expect(page.getByAltText('QR code for your authenticator app')).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Code from the app').fill('000000' === authenticator.generate(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('That code is not valid')).toBeVisible();
  await page.getByLabel('Code from the app').fill(authenticator.generate(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);

  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByLabel('Code from your authenticator app');
  await expect(code).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await code.fill(authenticator.generate(secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app(\/|$)/);
  await expect(page.getByTestId('tenant-name')).toHaveText(`Totp ${id}`);
});

test('a viewer cannot reach admin settings', async ({ page }) => {
  const id = unique();
  const viewer = `viewer-${id}@example.test`;
  await login(page);
  await page.goto('/app/settings/members');
  await page.getByLabel('E-mail', { exact: true }).fill(viewer);
  await page.getByLabel('Role', { exact: true }).selectOption('VIEWER');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await openMail(page, viewer);
  const link = /https?:\/\/[^\s"'<>]+\/invite\/[A-Za-z0-9_-]+/.exec(await page.content())![0];
  await page.context().clearCookies();
  await page.goto(new URL(link).pathname, { waitUntil: 'networkidle' });
  await page.getByLabel('Choose a password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForURL(/\/app(\/|$)/);
  await page.goto('/app/settings/members');
  await expect(page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link')).toHaveText(['Members', 'My account']);
  await expect(page.getByRole('button', { name: 'Send invitation' })).toHaveCount(0);
  await page.goto('/app/settings/security');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(page.getByText('Password policy')).toHaveCount(0);
});

test('password reset by mail: the link sets a new password once', async ({ page, browser }) => {
  const id = unique();
  const email = `reset-${id}@example.test`;
  await signUp(page, `Reset ${id}`, email, PASSWORD);
  await page.waitForURL(/\/app(\/|$)/);
  await page.context().clearCookies();
  await page.goto('/reset-password', { waitUntil: 'networkidle' });
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('If an account exists for this address')).toBeVisible();

  const operator = await browser.newContext();
  const inbox = await operator.newPage();
  await login(inbox);
  await openMail(inbox, email);
  const link = /https?:\/\/[^\s"'<>]+\/reset-password\/[A-Za-z0-9_-]+/.exec(await inbox.content())![0];
  await operator.close();

  const path = new URL(link).pathname;
  await page.goto(path, { waitUntil: 'networkidle' });
  await page.getByLabel('New password').fill(PASSWORD); // the current one: history counts it
  await page.getByLabel('New password').fill('a fresh password for e2e 7');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('Your password was changed.')).toBeVisible();
  await page.goto(path);
  await expect(page.getByText('This reset link has expired or was already used')).toBeVisible();
  await login(page, { email, password: 'a fresh password for e2e 7' });
});

test('API keys are shown once, revoked with confirmation, and both show in the audit log', async ({ page }) => {
  const id = unique();
  await signUp(page, `Keys ${id}`, `keys-${id}@example.test`, PASSWORD);
  await page.waitForURL(/\/app(\/|$)/);
  await page.goto('/app/settings/api-keys', { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByText('Choose at least one scope')).toBeVisible();
  await page.getByLabel('Name').fill('CRM sync');
  await page.getByLabel(/lists:read/).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByTestId('new-api-key').locator('code');
  await expect(shown).toHaveText(/^rb_[A-Za-z0-9]{12}_/);
  const key = (await shown.textContent())!;

  // the key works against the API until it is revoked
  const ok = await page.request.get('/api/v1/lists', { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).not.toBe(401);
  await page.reload();
  await expect(page.getByTestId('new-api-key')).toHaveCount(0);
  const row = page.getByTestId('api-key-CRM sync');
  await expect(row).toContainText(`${key.slice(0, 16)}…`);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
  await expect(row).toContainText('Revoked');
  const refused = await page.request.get('/api/v1/lists', { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);

  await page.goto('/app/settings/audit');
  await expect(page.locator('table tbody')).toContainText('apikey.revoked');
  await expect(page.locator('table tbody')).toContainText('apikey.created');
  await page.getByLabel('Action').selectOption('apikey.created');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator('table tbody tr')).toHaveCount(1);
});

test('exports of subscriber data are in the audit log with who and from where', async ({ page }) => {
  await login(page);
  const res = await page.request.get('/app/subscribers/export');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  expect((await res.text()).split('\n').length).toBeGreaterThan(100);
  await page.goto('/app/settings/audit');
  await page.getByLabel('Action').selectOption('export');
  await page.getByRole('button', { name: 'Filter' }).click();
  const row = page.locator('table tbody tr').first();
  await expect(row).toContainText('subscribers.csv');
  await expect(row).toContainText('owner@demo.rundbrief.localhost');
  await expect(row).toContainText('127.0.0.1');
});
