// Operator pages of the feedback loop: the sending IP pool with blocklist status and
// "check now", the alerts list, and the feedback-loop reporters. The demo owner is a
// platform operator (seed).
import { expect, test } from '@playwright/test';
import { login } from './fixtures';

test('an operator sees the sending IPs with their blocklist status and can check one now', async ({ page }) => {
  await login(page);
  await page.goto('/admin/ips');
  await expect(page.getByRole('heading', { name: 'Sending IPs', level: 1 })).toBeVisible();
  const table = page.getByTestId('sending-ips');
  const row = table.getByRole('row').filter({ hasText: '127.0.0.2' });
  await expect(row).toBeVisible();
  await expect(row.getByText(/^(active|listed|disabled)$/)).toBeVisible();

  await row.getByRole('button', { name: 'Check now' }).click();
  // The lookup ran (listed, not listed, or no answer from the lists): the check time is shown
  // (locale-formatted, e.g. "Dec 7, 2026, 02:49 PM UTC").
  // columns: address, status, listings, warm-up cap, last check
  await expect(row.getByRole('cell').nth(4)).toHaveText(/\d{4}, \d{2}:\d{2}\s?(AM|PM)? UTC/, { timeout: 30_000 });
  await expect(row.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Resting for a domain' })).toBeVisible();
});

test('the alerts page filters by kind and offers acknowledged alerts on request', async ({ page }) => {
  await login(page);
  await page.goto('/admin/alerts');
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Blocklist listing' }).click();
  await expect(page).toHaveURL(/kind=IP_LISTED/);
  await expect(page.getByRole('link', { name: 'Blocklist listing' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'Include acknowledged' }).click();
  await expect(page).toHaveURL(/show=all/);
  await expect(page.getByText(/Open and acknowledged alerts/)).toBeVisible();
});

test('an operator adds a feedback-loop reporter (a too wide range is explained) and removes it again', async ({ page }) => {
  const name = `E2E reporter ${Date.now().toString(36)}`;
  await login(page);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Feedback loop & proxies' }).click();
  await expect(page.getByRole('heading', { name: 'Feedback loop and proxies', level: 1 })).toBeVisible();
  const form = page.getByRole('form', { name: 'Add or replace a feedback-loop reporter' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Source addresses').fill('0.0.0.0/0');
  await form.getByRole('button', { name: 'Save reporter' }).click();
  await expect(form.getByText('"0.0.0.0/0" is too wide')).toBeVisible();

  await form.getByLabel('Source addresses').fill('192.0.2.0/24');
  await form.getByRole('button', { name: 'Save reporter' }).click();
  const row = page.getByTestId('fbl-reporters').getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('192.0.2.0/24');

  await row.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove reporter' }).click();
  await expect(page.getByTestId('fbl-reporters').getByRole('row').filter({ hasText: name })).toHaveCount(0);
});
