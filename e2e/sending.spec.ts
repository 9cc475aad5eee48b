// Sending: a campaign to the demo list, sent now; the progress panel updates by itself
// (2 s polling) until 100 %, and a personalised, DKIM-signed mail with one-click
// unsubscribe headers arrives in the development sink (/dev/inbox) from a sending IP.
import { expect, test, type Page } from '@playwright/test';
import { login, openMail } from './fixtures.ts';

test.describe.configure({ timeout: 240_000 });

const uniq = () => Math.random().toString(36).slice(2, 8);

async function newCampaign(page: Page, name: string, subject: string) {
  await page.goto('/app/campaigns');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
  await page.getByLabel('From', { exact: true }).selectOption({ label: 'Demo Shop <news@demo.rundbrief.localhost>' });
  await page.getByLabel('Subject', { exact: true }).fill(subject);
  await page.getByLabel('Preheader', { exact: true }).fill('This week at the demo shop');
  await page.getByRole('checkbox', { name: 'Newsletter' }).check();
  await expect(page.getByTestId('recipient-count')).toContainText('recipients');
  await page.getByRole('button', { name: 'Save campaign' }).click();
  await expect(page.getByText('Saved. The checklist below is up to date.')).toBeVisible();
}

test('send a campaign to the demo list: live progress reaches 100 %, the mail arrives in the sink', async ({ page }) => {
  await login(page);
  const tag = uniq();
  await newCampaign(page, `Send ${tag}`, `News ${tag} for {{ firstName | "friend" }}`);

  // Sending asks first; "Not yet" leaves the draft as it was.
  await page.getByRole('button', { name: 'Send now' }).click();
  const ask = page.getByRole('dialog', { name: 'Send this campaign now?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Not yet' }).click();
  await expect(ask).toBeHidden();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Send now' })).toBeVisible();
  await expect(page.getByTestId('campaign-progress')).toHaveCount(0);
  await page.getByRole('button', { name: 'Send now' }).click();
  await ask.getByRole('button', { name: 'Start sending' }).click();
  const progress = page.getByTestId('campaign-progress');
  // The worker snapshots the audience and starts within seconds; the page notices by itself
  // (no reload anywhere: a newcomer saw "scheduled" until they reloaded).
  await expect(progress).toBeVisible({ timeout: 60_000 });

  await expect(progress).toHaveAttribute('data-percent', '100', { timeout: 180_000 });
  await expect(progress).toHaveAttribute('data-status', 'SENT');
  await expect(page.getByRole('progressbar', { name: 'Campaign progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(progress.getByText('Remaining')).toBeVisible();

  await openMail(page, `News ${tag}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`News ${tag} for `);
  await expect(page.getByTestId('remote-ip')).toHaveText(/^127\.0\.0\.[23]$/);
  await page.goto(`${page.url().split('?')[0]}?tab=raw`);
  const raw = page.locator('pre').first();
  await expect(raw).toContainText(/Content-Type: multipart\/alternative/i);
  await expect(raw).toContainText('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  await expect(raw).toContainText(/DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=demo\.rundbrief\.localhost/);
  await expect(raw).toContainText('Feedback-ID:');
});

test('deleting a draft asks first; "Keep it" keeps it', async ({ page }) => {
  await login(page);
  const name = `Draft ${uniq()}`;
  await page.goto('/app/campaigns');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
  const url = page.url();

  await page.getByRole('button', { name: 'Delete draft' }).click();
  const ask = page.getByRole('dialog', { name: `Delete “${name}”?` });
  await expect(ask).toContainText('cannot be undone');
  await ask.getByRole('button', { name: 'Keep it' }).click();
  await expect(ask).toBeHidden();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);

  await page.getByRole('button', { name: 'Delete draft' }).click();
  await ask.getByRole('button', { name: 'Delete draft' }).click();
  await page.waitForURL(/\/app\/campaigns$/);
  await expect(page.getByText(name)).toHaveCount(0);
  await page.goto(url);
  await expect(page.getByText(/not found/i).first()).toBeVisible();
});

test('the campaign list searches by name or subject and filters by status', async ({ page }) => {
  await login(page);
  const tag = uniq();
  for (const name of [`Spring ${tag}`, `Autumn ${tag}`]) {
    await page.goto('/app/campaigns');
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
  }
  await page.goto('/app/campaigns');
  const search = page.getByRole('search', { name: 'Search campaigns' });
  await search.getByLabel('Name or subject').fill(`spring ${tag}`);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`q=spring`));
  await expect(page.getByRole('link', { name: `Spring ${tag}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Autumn ${tag}` })).toHaveCount(0);
  await expect(page.getByTestId('campaigns-total')).toHaveText('1 campaign');

  await search.getByLabel('Name or subject').fill(tag);
  await search.getByLabel('Status').selectOption('SENT');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('campaigns-empty')).toHaveText('No campaigns match.');
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page.getByRole('link', { name: `Autumn ${tag}` })).toBeVisible();
});
