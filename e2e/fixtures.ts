// Shared helpers for the e2e specs: the demo owner's login (seeded by npm test with
// DEMO_PASSWORD) and the /dev/inbox mail sink.
import { expect, type Page } from '@playwright/test';

export const OWNER = {
  email: process.env.DEMO_OWNER_EMAIL ?? 'owner@demo.rundbrief.localhost',
  password: process.env.DEMO_PASSWORD ?? 'Demo-e2e-password-2026!',
};

export async function login(page: Page, who: { email: string; password: string } = OWNER) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app(\/|$|\?)/);
}

/** Polls /dev/inbox (searching by recipient or subject) until a mail shows up; opens it. */
export async function openMail(page: Page, search: string, { timeoutMs = 30_000 } = {}) {
  const link = page.locator('table tbody tr td a').first();
  await expect(async () => {
    await page.goto(`/dev/inbox?q=${encodeURIComponent(search)}`);
    await expect(link).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: timeoutMs, intervals: [500, 1000, 2000] });
  await link.click();
  await page.waitForURL(/\/dev\/inbox\/[0-9a-f-]+/);
}
