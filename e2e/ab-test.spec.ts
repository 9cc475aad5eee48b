// A/B test in the browser: a campaign with two subject variants (form errors for a bad test
// share and for identical variants first), sent; the campaign page shows the variants side
// by side and when the winner will be chosen; the marketer picks B by hand (asked first) and
// the rest of the list gets B; the report marks the winner and how it was chosen.
import { expect, test } from '@playwright/test';
import { login, openMail } from './fixtures.ts';

test.describe.configure({ timeout: 300_000 });

test('create an A/B campaign, send it, see the variants, pick the winner by hand', async ({ page }) => {
  await login(page);
  const tag = Math.random().toString(36).slice(2, 8);
  await page.goto('/app/campaigns');
  await page.getByRole('textbox', { name: 'Name' }).fill(`AB ${tag}`);
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
  const campaignUrl = page.url();
  await page.getByLabel('From', { exact: true }).selectOption({ label: 'Demo Shop <news@demo.rundbrief.localhost>' });
  await page.getByLabel('Subject', { exact: true }).fill(`Base ${tag}`);
  await page.getByLabel('Preheader', { exact: true }).fill('This week at the demo shop');
  await page.getByRole('checkbox', { name: 'Newsletter' }).check();

  const ab = page.getByTestId('ab-test');
  await ab.getByRole('checkbox', { name: /Test 2–4 variants/ }).check();
  await expect(ab.getByText(/On a tie the earlier variant \(A before B\) wins/)).toBeVisible();
  // Add and remove a third variant.
  await ab.getByRole('button', { name: 'Add variant' }).click();
  await expect(ab.getByTestId('ab-variant-C')).toBeVisible();
  await ab.getByRole('button', { name: 'Remove variant C' }).click();
  await expect(ab.getByTestId('ab-variant-C')).toHaveCount(0);

  // Form errors: the share out of range and two identical variants.
  await ab.getByLabel('Test share (%)').fill('60');
  await page.getByRole('button', { name: 'Save campaign' }).click();
  await expect(ab.getByText('The test share is at most 50 %.')).toBeVisible();
  await expect(ab.getByText('Variant B is the same as variant A: make them differ in what you test.')).toBeVisible();
  await expect(ab.getByLabel('Test share (%)')).toHaveAttribute('aria-invalid', 'true');

  await ab.getByLabel('Test share (%)').fill('50');
  await ab.getByLabel('Variant A subject').fill(`Alpha ${tag}`);
  await ab.getByLabel('Variant B subject').fill(`Beta ${tag}`);
  await page.getByRole('button', { name: 'Save campaign' }).click();
  await expect(page.getByText('Saved. The checklist below is up to date.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('check-ab_test')).toContainText('A/B test of 2 variants');
  await expect(page.getByLabel('Variant B subject')).toHaveValue(`Beta ${tag}`);

  await page.getByRole('button', { name: 'Send now' }).click();
  await page.getByRole('dialog', { name: 'Send this campaign now?' }).getByRole('button', { name: 'Start sending' }).click();
  await expect(page.getByTestId('campaign-progress')).toBeVisible({ timeout: 60_000 });

  // The test half goes out; the other half waits for the winner.
  const results = page.getByTestId('ab-results');
  await expect(async () => {
    await page.reload();
    await expect(results.getByTestId('ab-waiting')).toContainText('will be chosen at', { timeout: 1000 });
    const delivered = await Promise.all(['A', 'B'].map(async (l) => Number((await results.getByTestId(`ab-row-${l}`).locator('td').nth(1).innerText()).split(' ')[0]!.replace(/,/g, ''))));
    expect(delivered[0]! > 0 && delivered[1]! > 0).toBe(true);
  }).toPass({ timeout: 120_000, intervals: [1000, 2000, 3000] });
  await expect(results.getByTestId('ab-countdown')).toContainText(/in \d+ h|in \d+ min/);
  await expect(results.getByTestId('ab-row-A')).toContainText(`Alpha ${tag}`);
  await expect(results.getByTestId('ab-row-B')).toContainText(`Beta ${tag}`);

  // Picking asks first.
  await results.getByRole('button', { name: 'Pick B as winner now' }).click();
  const ask = page.getByRole('dialog', { name: 'Send variant B to the rest?' });
  await expect(ask).toContainText('waiting recipients get variant B now');
  await ask.getByRole('button', { name: 'Send variant B' }).click();
  await expect(page.getByTestId('ab-winner')).toContainText('Variant B won, chosen by hand', { timeout: 30_000 });

  const progress = page.getByTestId('campaign-progress');
  await expect(progress).toHaveAttribute('data-status', 'SENT', { timeout: 180_000 });
  await openMail(page, `Beta ${tag}`);

  await page.goto(`${campaignUrl}/report`);
  const report = page.getByTestId('ab-results');
  await expect(report.getByTestId('ab-winner')).toContainText('Variant B won, chosen by hand');
  await expect(report.getByTestId('ab-row-B')).toHaveAttribute('data-winner', 'true');
  await expect(report.getByTestId('ab-row-B')).toContainText('Winner');
  await expect(report.getByRole('button', { name: /as winner now/ })).toHaveCount(0);
});
