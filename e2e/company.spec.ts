// Company settings, end to end: a new tenant enters its legal name and address (the imprint
// every campaign needs), sees refusals next to their fields, then the footer as saved.
import { expect, test } from '@playwright/test';

const unique = () => Math.random().toString(36).slice(2, 8);

test('a new tenant enters its company details under Settings > Company', async ({ page }) => {
  const id = unique();
  await page.goto('/signup');
  await page.getByLabel('Organisation').fill(`Firma ${id}`);
  await page.getByLabel('E-mail').fill(`owner-${id}@example.test`);
  await page.getByLabel('Password', { exact: true }).fill('e2e correct horse battery 42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/app(\/|$)/);

  await page.goto('/app/settings/members');
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Company' }).click();
  await expect(page).toHaveURL(/\/app\/settings\/company$/);
  await expect(page.getByTestId('company-footer')).toHaveCount(0);

  await page.getByLabel('Abuse contact (optional)').fill('not an address');
  await page.getByRole('button', { name: 'Save company details' }).click();
  await expect(page.getByLabel('Legal name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a postal address: the law requires it in every mail.')).toBeVisible();
  await expect(page.getByLabel('Abuse contact (optional)')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Legal name').fill(`Firma ${id} GmbH`);
  await page.getByLabel('Postal address').fill('Hauptstraße 1\n10115 Berlin');
  await page.getByLabel('Abuse contact (optional)').fill(`abuse-${id}@example.test`);
  await page.getByRole('button', { name: 'Save company details' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Company details saved' })).toBeVisible();
  await expect(page.getByTestId('company-footer')).toHaveText(`Firma ${id} GmbH\nHauptstraße 1\n10115 Berlin`);
  await expect(page.getByLabel('Legal name')).not.toHaveAttribute('aria-invalid', 'true');
});
