// A marketer uploads what German Excel saves (Windows-1252, ';'): the wizard says what it
// detected before the mapping, maps the German columns by itself, and the names arrive
// intact; the list exports as Excel (German) and as UTF-8 CSV, and so do the suppression list
// and a campaign's message log.
import { expect, test } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeQueues } from '@rundbrief/core';
import { login } from './fixtures.ts';

const stamp = Date.now().toString(36);
let listId = '';

test.beforeAll(async () => {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  listId = (await db.list.create({ data: { tenantId: tenant.id, name: `Kunden ${stamp}`, optInMode: 'DOUBLE' } })).id;
});

test.afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

test('German Excel CSV: detection shown, German columns mapped, Müller and Jörg intact; Excel (German) export', async ({ page }) => {
  const joerg = `joerg-${stamp}@example.de`;
  const csv = `Anrede;Vorname;Nachname;E-Mail\r\nHerr;Jörg;Müller;${joerg}\r\nFrau;Änne;"Weiß; geb. Groß";aenne-${stamp}@example.de\r\n`;
  await login(page);
  await page.goto(`/app/lists/${listId}`);
  await page.getByLabel(/CSV file/).setInputFiles({ name: 'Kunden.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]+$/);
  await expect(page.getByTestId('import-detected')).toHaveText("Read as: Windows-1252, separator ';', 2 rows, header row German, numbers as 1.234,56");
  await expect(page.getByRole('cell', { name: 'Müller' })).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue('E-Mail');
  await expect(page.getByLabel('First name')).toHaveValue('Vorname');
  await expect(page.getByLabel('Last name')).toHaveValue('Nachname');
  await page.getByLabel(/How did these people consent/).fill('Kunden, die beim Kauf den Newsletter angekreuzt haben.');
  await page.getByRole('button', { name: 'Start import' }).click();
  await expect(page.getByTestId('import-done')).toContainText('2 of 2 rows imported', { timeout: 60_000 });
  await expect(page.getByTestId('import-detected')).toContainText('Windows-1252');
  expect(await getDb().subscriber.findFirstOrThrow({ where: { email: joerg } })).toMatchObject({ firstName: 'Jörg', lastName: 'Müller' });

  await page.goto(`/app/lists/${listId}`);
  const german = await page.request.get((await page.getByRole('link', { name: 'Export Excel (German)' }).getAttribute('href'))!);
  expect(german.status()).toBe(200);
  const bytes = await german.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toMatch(/^E-Mail;Vorname;Nachname;Status;Angelegt am;Letzte Aktivität/);
  expect(text).toContain(`${joerg};Jörg;Müller;`);
  expect(text).toContain('"Weiß; geb. Groß"');
  const utf8 = await page.request.get((await page.getByRole('link', { name: 'Export UTF-8 CSV' }).getAttribute('href'))!);
  expect((await utf8.text()).split('\n')[0]).toMatch(/^email,first_name,last_name/);
  expect((await page.request.get(`/app/subscribers/export?listId=${listId}&format=xlsx`)).status()).toBe(400);
});

test('the suppression list and a campaign message log export as Excel (German) too', async ({ page }) => {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const campaign = await db.campaign.create({ data: { tenantId: tenant.id, name: `Bericht ${stamp}`, subject: 'Hallo', mjml: '<mjml><mj-body></mj-body></mjml>' } });
  const excel = async (href: string) => {
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/-excel\.csv"$/);
    const bytes = await res.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return bytes.subarray(3).toString('utf8').split('\r\n')[0];
  };
  await login(page);
  await page.goto('/app/suppressions');
  expect(await excel((await page.getByRole('link', { name: 'Export Excel (German)' }).getAttribute('href'))!)).toBe('E-Mail;Grund;Quelle;Notiz;Angelegt am');
  const plain = await page.request.get((await page.getByRole('link', { name: 'Export UTF-8 CSV' }).getAttribute('href'))!);
  expect((await plain.text()).split('\n')[0]).toBe('email,reason,source,note,created_at');
  await page.goto(`/app/campaigns/${campaign.id}/report`);
  expect(await excel((await page.getByRole('link', { name: 'Export Excel (German)' }).getAttribute('href'))!)).toMatch(/^E-Mail;Status;Übersprungen weil;Versuche;/);
  expect((await page.request.get(`/app/suppressions/export?format=xlsx`)).status()).toBe(400);
  expect((await page.request.get(`/app/campaigns/${campaign.id}/report/export?format=xlsx`)).status()).toBe(400);
});
