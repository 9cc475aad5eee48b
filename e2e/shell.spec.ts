// The web shell: security headers, the operator's mail sink views, signing out.
import { expect, test } from '@playwright/test';
import { login, openMail, OWNER } from './fixtures.ts';

test('pages carry the security headers', async ({ request }) => {
  const res = await request.get('/login');
  const h = res.headers();
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).toContain("default-src 'self'");
  expect(h['content-security-policy']).not.toMatch(/https?:\/\//);
  // Scripts run by per-request nonce, never by 'unsafe-inline'.
  const scriptSrc = /script-src ([^;]*)/.exec(h['content-security-policy'] ?? '')?.[1] ?? '';
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain('unsafe-inline');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['permissions-policy']).toContain('camera=()');
});

test('the browser finds an icon at /favicon.ico and /icon.svg', async ({ request }) => {
  // Browsers ask for /favicon.ico on their own, whatever the page links to.
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // ICO header
  expect((await request.get('/icon.svg')).status()).toBe(200);
});

test('every page in the navigation renders without CSP violations or script errors', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
  await login(page);
  const hrefs = await page.locator('nav[aria-label="Main"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(3);
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  }
  expect(problems).toEqual([]);
});

test('the inbox shows a mail as sandboxed HTML, text, headers and raw source', async ({ page }) => {
  await login(page);
  await openMail(page, OWNER.email, { timeoutMs: 45_000 });
  await expect(page.getByTestId('remote-ip')).toHaveText(/^127\.0\.0\.[23]$/);

  const frame = page.locator('iframe[title="HTML body"]');
  await expect(frame).toBeVisible();
  const sandbox = (await frame.getAttribute('sandbox')) ?? '';
  expect(sandbox).not.toContain('allow-scripts');
  expect(sandbox).not.toContain('allow-same-origin');

  await page.getByRole('link', { name: 'Headers' }).click();
  const subjectRow = page.locator('table tbody tr', { has: page.locator('td', { hasText: /^Subject$/i }) });
  await expect(subjectRow).toHaveCount(1);
  await expect(page.locator('table tbody td', { hasText: /^Message-ID$/i })).toHaveCount(1);

  await page.getByRole('link', { name: 'Raw source' }).click();
  await expect(page.locator('pre')).toContainText(/^Subject:/m);

  await page.getByRole('link', { name: 'Text' }).click();
  await expect(page.getByRole('link', { name: 'Text' })).toHaveAttribute('aria-current', 'page');
});

test('the inbox search narrows by recipient and says when nothing matches', async ({ page }) => {
  await login(page);
  await page.goto('/dev/inbox?q=' + encodeURIComponent('nobody-at-all@example.invalid'));
  await expect(page.getByRole('heading', { name: 'No matching mail' })).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
  await login(page);
  await page.getByText(OWNER.email, { exact: true }).first().click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/app');
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
});
