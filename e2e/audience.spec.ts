// Audience from both sides: a person subscribes on the hosted form, gets the double
// opt-in mail in the sink, confirms through the link, and the marketer sees the consent;
// then a marketer imports a CSV with a live progress bar and downloads the refusal report.
import { expect, test } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeFormLimiter, closeQueues, generateApiKey } from '@rundbrief/core';
import { login, openMail } from './fixtures.ts';

const stamp = Date.now().toString(36);
const PERSON = `signup-${stamp}@example.org`;
let listId = '';
let publicId = '';

test.beforeAll(async () => {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: `Audience e2e ${stamp}`, optInMode: 'DOUBLE' } });
  listId = list.id;
  publicId = list.publicId;
});

test.afterAll(async () => {
  await closeFormLimiter();
  await closeQueues();
  await getDb().$disconnect();
});

test('subscribe on the hosted form, confirm from the mail, marketer sees the consent proof', async ({ page }) => {
  await page.goto(`/f/${publicId}`);
  await expect(page.getByRole('heading', { name: `Audience e2e ${stamp}` })).toBeVisible();
  await page.getByLabel('Email address').fill(PERSON);
  await page.getByLabel(/First name/).fill('Sina');
  // A person takes a few seconds; faster submissions are refused as automated.
  await page.waitForTimeout(3500);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByTestId('form-result')).toContainText('check your inbox');

  await login(page);
  await openMail(page, PERSON, { timeoutMs: 60_000 });
  const link = page.locator('section[aria-labelledby="links-title"] a[href*="/confirm/"]').first();
  const href = await link.getAttribute('href');
  expect(href).toBeTruthy();

  // Opening the link changes nothing (mail scanners open links too); the button confirms.
  await page.goto(new URL(href!).pathname);
  await expect(page.getByRole('heading', { name: 'Confirm your subscription' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm my subscription' }).click();
  await expect(page.getByTestId('confirm-result')).toContainText('Subscription confirmed');
  // The link works once.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();

  await page.goto(`/app/subscribers?q=${encodeURIComponent(PERSON)}`);
  await page.getByRole('link', { name: PERSON }).click();
  const row = page.getByTestId('subscriptions').locator('tr', { hasText: `Audience e2e ${stamp}` });
  await expect(row).toContainText('confirmed');
  await expect(row).toContainText('form');
});

test('the form refuses a bot that fills the honeypot', async ({ page }) => {
  await page.goto(`/f/${publicId}`);
  await page.getByLabel('Email address').fill(`bot-${stamp}@example.org`);
  await page.locator('input[name="website"]').fill('http://spam.example', { force: true });
  await page.waitForTimeout(3500);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByTestId('form-result')).toContainText('looks automated');
});

test('import a CSV with a progress bar and download the refusal report', async ({ page }) => {
  const rows = ['email,first_name'];
  for (let i = 0; i < 60_000; i++) rows.push(i % 1000 === 0 ? `not-an-address-${i},Bad` : `imp${i}-${stamp}@example.org,Imp ${i}`);
  rows.push(`imp1-${stamp}@example.org,Duplicate`);

  await login(page);
  await page.goto(`/app/lists/${listId}`);
  await page.getByLabel(/CSV file/).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { name: 'First rows' })).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue('email');
  await expect(page.getByLabel('First name')).toHaveValue('first_name');
  await page.getByLabel(/How did these people consent/).fill('Customers who ticked the newsletter box at checkout.');
  await page.getByRole('button', { name: 'Start import' }).click();

  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(page.getByTestId('import-done')).toContainText('59,940 of 60,001 rows imported, 61 refused', { timeout: 120_000 });
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: /refusal report/ }).click();
  const report = await (await downloading).createReadStream();
  let text = '';
  for await (const chunk of report) text += chunk;
  const lines = text.trim().split('\n');
  expect(lines[0]).toBe('line,email,reason,detail,encoding,separator,decimal_mark');
  expect(lines[1]).toMatch(/^2,not-an-address-0,syntax,/);
  expect(text).toContain(`60002,imp1-${stamp}@example.org,duplicate,same address as line 3,utf-8,comma,point`);
  expect(lines).toHaveLength(62);
});

test('import with opt-in mail: no statement asked, each new person gets the confirmation mail and confirms', async ({ page }) => {
  const person = `optin-${stamp}@example.org`;
  await login(page);
  await page.goto(`/app/lists/${listId}`);
  await page.getByLabel(/CSV file/).setInputFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(`email,first_name\n${person},Olli\nnot-an-address,Bad\n`) });
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]+$/);
  await page.getByLabel('Ask each new person by mail (double opt-in)').check();
  await expect(page.getByLabel(/How did these people consent/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Start import' }).click();
  await expect(page.getByTestId('import-done')).toContainText('1 of 2 rows imported, 1 refused', { timeout: 60_000 });
  await expect(page.getByTestId('import-opt-in')).toContainText('stays pending until they click');

  await openMail(page, person, { timeoutMs: 60_000 });
  await page.getByRole('link', { name: 'HTML', exact: true }).click();
  const href = await page.locator('section[aria-labelledby="links-title"] a[href*="/confirm/"]').first().getAttribute('href');
  await page.goto(new URL(href!).pathname);
  await page.getByRole('button', { name: 'Confirm my subscription' }).click();
  await expect(page.getByTestId('confirm-result')).toContainText('Subscription confirmed');
  const sub = await getDb().subscription.findFirstOrThrow({ where: { listId, subscriber: { email: person } } });
  expect(sub).toMatchObject({ status: 'CONFIRMED', source: 'IMPORT', attestation: null });
});

test('a marketer adds one person by hand: a double opt-in list mails the confirmation, the person counts after the click', async ({ page }) => {
  const person = `by-hand-${stamp}@example.org`;
  await login(page);
  await page.goto(`/app/lists/${listId}`);
  const form = page.getByRole('region', { name: 'Add subscriber' });
  await form.getByLabel('E-mail').fill(person);
  await form.getByLabel('First name').fill('Hanna');
  await form.getByRole('button', { name: 'Add subscriber' }).click();
  await expect(form.getByTestId('add-subscriber-result')).toHaveText(`Confirmation mail sent to ${person}.`);
  await expect(form.getByLabel('E-mail')).toHaveValue('');
  expect(await getDb().subscription.findFirstOrThrow({ where: { listId, subscriber: { email: person } } })).toMatchObject({ status: 'PENDING', source: 'ADMIN' });

  await openMail(page, person, { timeoutMs: 60_000 });
  await page.getByRole('link', { name: 'HTML', exact: true }).click();
  const href = await page.locator('section[aria-labelledby="links-title"] a[href*="/confirm/"]').first().getAttribute('href');
  await page.goto(new URL(href!).pathname);
  await page.getByRole('button', { name: 'Confirm my subscription' }).click();
  await expect(page.getByTestId('confirm-result')).toContainText('Subscription confirmed');
});

test("the REST API: tenant B's key gets 404 on tenant A's lists and subscribers", async ({ request }) => {
  const db = getDb();
  const demo = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const other = await db.tenant.create({ data: { name: `Other ${stamp}`, slug: `other-${stamp}` } });
  const scopes = ['subscribers:read', 'subscribers:write', 'lists:read', 'lists:write'];
  const keyFor = async (tenantId: string) => {
    const k = generateApiKey();
    await db.apiKey.create({ data: { tenantId, name: `audience e2e ${stamp}`, prefix: k.prefix, keyHash: k.keyHash, scopes } });
    return { Authorization: `Bearer ${k.key}` };
  };
  const a = await keyFor(demo.id);
  const b = await keyFor(other.id);

  const created = await request.post('/api/v1/subscribers', { headers: a, data: { email: `api-${stamp}@example.org`, listIds: [listId] } });
  expect(created.status()).toBe(201);
  const subscriberId = (await created.json()).subscriptions[0].subscriberId as string;
  expect((await (await request.get(`/api/v1/subscribers/${subscriberId}`, { headers: a })).json()).subscriptions[0]).toMatchObject({ status: 'PENDING', source: 'API' });

  for (const res of [
    await request.get(`/api/v1/subscribers/${subscriberId}`, { headers: b }),
    await request.patch(`/api/v1/subscribers/${subscriberId}`, { headers: b, data: { firstName: 'Mallory' } }),
    await request.delete(`/api/v1/subscribers/${subscriberId}`, { headers: b }),
    await request.get(`/api/v1/lists/${listId}`, { headers: b }),
    await request.patch(`/api/v1/lists/${listId}`, { headers: b, data: { name: 'hijacked' } }),
    await request.delete(`/api/v1/lists/${listId}`, { headers: b }),
    await request.post('/api/v1/subscribers', { headers: b, data: { email: `b-${stamp}@example.org`, listIds: [listId] } }),
  ]) {
    expect(res.status()).toBe(404);
  }
  expect((await (await request.get(`/api/v1/subscribers?q=api-${stamp}`, { headers: b })).json()).items).toEqual([]);
  expect((await (await request.get(`/api/v1/subscribers?q=api-${stamp}@`, { headers: a })).json()).items).toHaveLength(1);
  const bad = await request.post('/api/v1/subscribers', { headers: a, data: { email: 'no-at-sign', listIds: [listId] } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.message).toMatch(/@/);
});
