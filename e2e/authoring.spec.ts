// Authoring: sender domain verification through DNS, the live MJML preview, the pre-send
// checklist blocking a schedule, and a test send arriving in the sink.
//
// DNS: the stack runs the dev DNS server (DEV_DNS_PORT, DNS_RESOLVER=127.0.0.1:<port>),
// which answers from the DevDnsRecord table. This spec writes into that table exactly what
// the domains page tells the user to publish, row by row (whatever kinds it lists).
import { expect, test, type Page } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { login, openMail } from './fixtures.ts';

// Campaign pages compile MJML on every preview: give slow CI machines room.
test.describe.configure({ timeout: 180_000 });

test.afterAll(async () => {
  await getDb().$disconnect();
});

const uniq = () => Math.random().toString(36).slice(2, 8);

/** Reads the record table of the domain card and publishes those records in the dev DNS. */
async function publishShownRecords(card: ReturnType<Page['locator']>, change?: (kind: string, value: string) => string) {
  const rows = card.locator('tbody tr');
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const kind = (await row.getAttribute('data-testid'))!.replace(/^record-/, '');
    const name = (await row.getByTestId('record-name').innerText()).trim().toLowerCase();
    let value = (await row.getByTestId('record-value').innerText()).trim();
    if (change) value = change(kind, value);
    const mx = (await row.getByTestId('record-priority').count()) > 0;
    const type = mx ? 'MX' : 'TXT';
    await getDb().devDnsRecord.deleteMany({ where: { name, type } });
    await getDb().devDnsRecord.create({ data: { name, type, value, priority: mx ? Number(await row.getByTestId('record-priority').innerText()) : null } });
  }
}

test('add a sender domain: records shown, wrong SPF explained, then verified', async ({ page }) => {
  await login(page);
  await page.goto('/app/settings/domains');
  const domain = `e2e-${uniq()}.example`;
  await page.getByRole('textbox', { name: 'Domain' }).fill(domain);
  await page.getByRole('button', { name: 'Add domain' }).click();
  const card = page.getByTestId('sender-domain').filter({ hasText: domain });
  await expect(card.getByTestId('domain-status')).toHaveText('not verified');
  await expect(card.getByTestId('record-DKIM')).toContainText(`._domainkey.${domain}`);
  await expect(card.getByTestId('record-DKIM')).toContainText('v=DKIM1; k=rsa; p=');
  await expect(card.locator('tbody tr', { hasText: 'v=spf1 ip4:' })).toBeVisible();

  // Each value is one line with a copy button that puts exactly the shown text on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const dkim = card.getByTestId('record-DKIM');
  const dkimValue = (await dkim.getByTestId('record-value').innerText()).trim();
  const box = await dkim.getByTestId('record-value').boundingBox();
  expect(box!.height).toBeLessThan(40);
  await dkim.getByRole('button', { name: 'Copy DKIM value' }).click();
  await expect(dkim.getByRole('button', { name: 'Copied DKIM value' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(dkimValue);

  // SPF without the platform's IPs: the page names what is missing
  await publishShownRecords(card, (kind, v) => (kind.includes('SPF') ? 'v=spf1 -all' : v));
  await card.getByRole('button', { name: 'Check DNS now' }).click();
  const spfRow = card.locator('tbody tr', { hasText: 'v=spf1 ip4:' });
  await expect(spfRow.getByTestId('record-problem')).toContainText('Not every sending IP passes SPF');
  await expect(spfRow.getByTestId('record-status')).toHaveText('Failing');
  await expect(spfRow.getByTestId('record-found')).toContainText('v=spf1 -all');
  await expect(card.getByTestId('domain-status')).toHaveText('not verified');

  await publishShownRecords(card);
  await card.getByRole('button', { name: 'Check DNS now' }).click();
  await expect(card.getByTestId('domain-status')).toHaveText('verified');
  const statuses = card.getByTestId('record-status');
  await expect(statuses).toHaveText(Array((await statuses.count())).fill('Pass'));
  await expect(card.getByTestId('domain-summary')).toContainText(`${domain} is verified`);
});

async function replaceSource(page: Page, mjml: string) {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editor.fill(mjml);
}

test('editing MJML updates the preview without a reload and shows errors inline', async ({ page }) => {
  await login(page);
  await page.goto('/app/templates');
  await page.getByRole('textbox', { name: 'Name' }).fill(`Letter ${uniq()}`);
  await page.getByLabel('Start from').selectOption('plain');
  await page.getByRole('button', { name: 'Create template' }).click();
  await page.waitForURL(/\/app\/templates\/[0-9a-f-]+/);
  const preview = page.frameLocator('[data-testid=preview-frame]');
  await expect(preview.getByText('Hi Alex,')).toBeVisible();

  const marker = await page.evaluate(() => (window as unknown as { __marker: number }).__marker = Date.now());
  await replaceSource(page, '<mjml><mj-body><mj-section><mj-column><mj-text>Brand new headline for {{ firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>');
  await expect(preview.getByText('Brand new headline for Alex')).toBeVisible();
  // same document: no navigation happened
  expect(await page.evaluate(() => (window as unknown as { __marker: number }).__marker)).toBe(marker);

  await page.getByRole('button', { name: 'Mobile' }).click();
  await expect(page.getByTestId('preview-frame')).toHaveCSS('width', '375px');

  await replaceSource(page, '<mjml><mj-body>\n<mj-section><mj-column>\n<mj-txt>oops</mj-txt>\n</mj-column></mj-section></mj-body></mjml>');
  await expect(page.getByTestId('mjml-issues')).toContainText("Line 3: Element mj-txt doesn't exist or is not registered");

  await replaceSource(page, '<mjml><mj-body><mj-section><mj-column><mj-text>Saved {{ firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>');
  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page.getByText('Saved as version 2.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('cell', { name: 'v2 (current)' })).toBeVisible();
});

async function newCampaign(page: Page, name: string) {
  await page.goto('/app/campaigns');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
  await page.getByLabel('From', { exact: true }).selectOption({ label: 'Demo Shop <news@demo.rundbrief.localhost>' });
  await page.getByLabel('Subject', { exact: true }).fill('Hello {{ firstName | "friend" }}');
  await page.getByLabel('Preheader', { exact: true }).fill('Our news this week');
  await page.getByRole('checkbox', { name: 'Newsletter' }).check();
  await expect(page.getByTestId('recipient-count')).toContainText('recipients');
}

test('a campaign without an unsubscribe link cannot be scheduled and says why', async ({ page }) => {
  await login(page);
  await newCampaign(page, `No unsubscribe ${uniq()}`);
  await replaceSource(page, '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ firstName }}, big news. {{ imprint }}</mj-text></mj-column></mj-section></mj-body></mjml>');
  await page.getByRole('button', { name: 'Save campaign' }).click();
  await expect(page.getByText('Saved. The checklist below is up to date.')).toBeVisible();
  await expect(page.getByTestId('check-unsubscribe')).toHaveAttribute('data-state', 'block');
  await expect(page.getByTestId('check-unsubscribe')).toContainText('Add an unsubscribe link');

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Send at').fill(`${tomorrow}T09:00`);
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByTestId('schedule-error')).toContainText('cannot be sent yet: Add an unsubscribe link');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('draft');
});

test('a test send arrives in the sink as multipart/alternative, marked as a test', async ({ page }) => {
  await login(page);
  const name = `Test send ${uniq()}`;
  await newCampaign(page, name);
  await page.getByRole('button', { name: 'Save campaign' }).click();
  await expect(page.getByText('Saved. The checklist below is up to date.')).toBeVisible();
  // The form says where the test comes from and that, with a verified domain, anyone may get it.
  await expect(page.getByTestId('test-send-policy')).toHaveText('Test mails come from Demo Shop <news@demo.rundbrief.localhost> and may go to any address.');
  const to = `tester-${uniq()}@example.org`;
  await page.getByLabel('Send a test to').fill(to);
  await page.getByRole('button', { name: 'Send test' }).click();
  await expect(page.getByText('Test sent to 1 address.')).toBeVisible();

  await openMail(page, to);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('[TEST] Hello Alex');
  await page.goto(`${page.url().split('?')[0]}?tab=raw`);
  const raw = page.locator('pre').first();
  await expect(raw).toContainText(/Content-Type: multipart\/alternative/i);
  await expect(raw).toContainText('X-Rundbrief-Test: 1');
  await expect(raw).toContainText(/Content-Type: text\/plain/i);
});
