import { expect, test } from '@playwright/test';
import { login, OWNER } from './fixtures.ts';

test('the login page guards the app', async ({ page }) => {
  await page.goto('/app');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel('Password', { exact: true }).fill('wrong-password-123!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#login-error')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('the demo owner signs in, sees the dashboard and the welcome mail in the sink', async ({ page }) => {
  await login(page);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Demo Shop').first()).toBeVisible();

  // The seed queued a welcome mail: worker -> sending IP -> sink -> /dev/inbox. Searched for,
  // because other specs' mail pushes it off the inbox's first page when this spec runs late.
  const row = page.locator('table tbody tr', { hasText: 'Welcome to Rundbrief' }).first();
  await expect(async () => {
    await page.goto('/dev/inbox?q=Welcome%20to%20Rundbrief');
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 45_000, intervals: [1000, 2000] });
  await expect(row.getByTestId('remote-ip')).toHaveText(/^127\.0\.0\.[23]$/);
  await row.getByRole('link', { name: 'Welcome to Rundbrief' }).click();
  await expect(page).toHaveURL(/\/dev\/inbox\/[0-9a-f-]+/);
  await expect(page.getByText(OWNER.email).first()).toBeVisible();
});

test('health reports database and redis', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ db: 'ok', redis: 'ok' });
});
