// The subscriber's data page from a mail link: an expired link offers a fresh one by mail,
// and erasure asks the mailbox first (a confirmation link in the sink), then erases.
import { expect, test } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeQueues, preferencesToken } from '@rundbrief/core';
import { login, openMail } from './fixtures.ts';

const stamp = Date.now().toString(36);
const PERSON = `prefs-${stamp}@example.org`;
let subscriberId = '';

test.beforeAll(async () => {
  const tenant = await getDb().tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  subscriberId = (await getDb().subscriber.create({ data: { tenantId: tenant.id, email: PERSON, firstName: 'Pia' } })).id;
});

test.afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

async function mailedLink(page: import('@playwright/test').Page, subject: string, path: string): Promise<string> {
  await openMail(page, subject, { timeoutMs: 60_000 });
  const href = await page.locator(`section[aria-labelledby="links-title"] a[href*="/${path}/"]`).first().getAttribute('href');
  expect(href).toBeTruthy();
  return new URL(href!).pathname;
}

test('an expired preference link mails a fresh one; erasure only after the mailed confirmation', async ({ page }) => {
  await page.goto(`/p/${preferencesToken(subscriberId, Date.now() - 31 * 86_400_000)}`);
  await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await page.getByRole('button', { name: 'Send me a fresh link' }).click();
  await expect(page.getByTestId('fresh-link-sent')).toBeVisible();

  await login(page);
  const fresh = await mailedLink(page, 'Your link to your data', 'p');
  await page.goto(fresh);
  await expect(page.getByTestId('data-email')).toHaveText(PERSON);
  await page.getByLabel(/Erase all my data/).check();
  await page.getByRole('button', { name: 'Erase my data' }).click();
  await expect(page.getByTestId('erase-requested')).toBeVisible();
  expect(await getDb().subscriber.count({ where: { id: subscriberId } })).toBe(1);

  const erase = await mailedLink(page, 'Confirm the erasure', 'erase');
  await page.goto(erase);
  expect(await getDb().subscriber.count({ where: { id: subscriberId } })).toBe(1);
  await page.getByRole('button', { name: 'Erase my data now' }).click();
  await expect(page.getByTestId('erased')).toBeVisible();
  expect(await getDb().subscriber.count({ where: { id: subscriberId } })).toBe(0);
});
