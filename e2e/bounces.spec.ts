// Operator pages of the feedback loop: the sending IP pool with blocklist status and
// "check now", and the alerts list. The demo owner is a platform operator (seed).
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
  // The lookup ran (listed, not listed, or no answer from the lists): the check time is shown.
  await expect(row.getByRole('cell').nth(3)).toHaveText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/, { timeout: 30_000 });
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
