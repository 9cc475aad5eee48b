// The dev DNS as a newcomer uses it: the demo domain is verified through it by the seed; a
// domain of one's own verifies after typing a record into /dev/dns (field errors first) and
// publishing the rest with the domain page's button; the page re-checks on its own until
// every row passes; a record is deleted after confirming.
import { expect, test } from '@playwright/test';
import { login } from './fixtures.ts';

const uniq = () => Math.random().toString(36).slice(2, 8);

test('the demo domain is verified through the dev DNS, every record passing', async ({ page }) => {
  await login(page);
  await page.goto('/app/settings/domains');
  const card = page.getByTestId('sender-domain').filter({ hasText: 'demo.rundbrief.localhost' });
  await expect(card.getByTestId('domain-status')).toHaveText('verified');
  await expect(card.getByTestId('domain-summary')).toContainText('demo.rundbrief.localhost is verified');
  const statuses = card.getByTestId('record-status');
  await expect(statuses).toHaveText(Array(await statuses.count()).fill('Pass'));
});

test('a newcomer verifies a domain of their own: types a record into /dev/dns, publishes the rest, sees each row turn Pass', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  await page.goto('/app/settings/domains');
  const domain = `newcomer-${uniq()}.example`;
  await page.getByRole('textbox', { name: 'Domain' }).fill(domain);
  await page.getByRole('button', { name: 'Add domain' }).click();
  const card = page.getByTestId('sender-domain').filter({ hasText: domain });
  await expect(card.getByTestId('domain-summary')).toHaveText(`${domain} is not verified: its DNS records have not been checked yet.`);
  await expect(card.getByTestId('record-status').first()).toHaveText('Not checked yet');
  const dmarc = card.getByTestId('record-DMARC');
  const dmarcName = (await dmarc.getByTestId('record-name').innerText()).trim();
  const dmarcValue = (await dmarc.getByTestId('record-value').innerText()).trim();

  // /dev/dns: nothing for this domain yet; a wrong record is explained next to its field
  await page.goto(`/dev/dns?q=${domain}`);
  await expect(page.getByText('No matching records')).toBeVisible();
  const form = page.getByRole('form', { name: 'Add a DNS record' });
  await form.getByLabel('Name').fill(`bad name.${domain}`);
  await form.getByLabel('Type').selectOption('MX');
  await form.getByLabel('Value').fill('in.example');
  await form.getByRole('button', { name: 'Add record' }).click();
  await expect(form.getByText('is not a DNS name')).toBeVisible();
  await form.getByLabel('Name').fill(`bounces.${domain}`);
  await form.getByRole('button', { name: 'Add record' }).click();
  await expect(form.getByText('An MX record needs a priority')).toBeVisible();
  await expect(form.getByText('is not a DNS name')).toHaveCount(0);
  // the DMARC record typed in as the domain page shows it
  await form.getByLabel('Name').fill(dmarcName);
  await form.getByLabel('Type').selectOption('TXT');
  await form.getByLabel('Value').fill(dmarcValue);
  await form.getByRole('button', { name: 'Add record' }).click();
  await expect(form.getByRole('status')).toContainText(`Added TXT ${dmarcName}`);
  await page.goto(`/dev/dns?q=${domain}`);
  await expect(page.getByTestId('dev-dns-record')).toHaveCount(1);

  // checked: DMARC passes, the required records fail and say why
  await page.goto('/app/settings/domains');
  await card.getByRole('button', { name: 'Check DNS now' }).click();
  await expect(dmarc.getByTestId('record-status')).toHaveText('Pass');
  await expect(card.getByTestId('record-DKIM').getByTestId('record-status')).toHaveText('Failing');
  await expect(card.getByTestId('record-DKIM').getByTestId('record-problem')).toContainText('No DKIM record');
  await expect(card.getByTestId('domain-status')).toHaveText('not verified');
  await expect(card.getByTestId('live-check')).toBeVisible();

  // the rest through the publish button; the page re-checks by itself until every row passes
  await card.getByRole('button', { name: 'Publish these records to the local dev DNS' }).click();
  const statuses = card.getByTestId('record-status');
  const rows = await statuses.count();
  await expect(statuses).toHaveText(Array(rows).fill('Pass'), { timeout: 45_000 });
  await expect(card.getByTestId('domain-status')).toHaveText('verified');
  await expect(card.getByTestId('domain-summary')).toContainText(`${domain} is verified`);
  await expect(card.getByTestId('live-check')).toHaveCount(0);

  // every record of the domain is in the zone now; one is deleted after confirming
  await page.goto(`/dev/dns?q=${domain}`);
  await expect(page.getByTestId('dev-dns-record')).toHaveCount(rows);
  const row = page.getByTestId('dev-dns-record').filter({ hasText: dmarcName });
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete record' }).click();
  await expect(page.getByTestId('dev-dns-record')).toHaveCount(rows - 1);
});
