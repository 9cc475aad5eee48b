// Feedback loop from the recipient's side: a real campaign mail (worker -> sending IP ->
// sink), its unsubscribe link opened from /dev/inbox, the two-click confirmation, and the
// marketer seeing the subscriber unsubscribed and the campaign report with its charts.
// The campaign is created through the core use cases against the seeded demo tenant (the
// same database the stack uses: DATABASE_URL etc. come from the harness environment).
import { expect, test } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeQueues, hashPassword } from '@rundbrief/core';
import { assertSendable, createCampaign, updateCampaign } from '@rundbrief/core/authoring/index';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { login, openMail } from './fixtures.ts';

const stamp = Date.now().toString(36);
const RECIPIENT = `feedback-${stamp}@example.org`;
const SUBJECT = `Spring news ${stamp}`;
let campaignId = '';
// A second tenant's owner, for the cross-tenant check.
const OTHER = { email: `other-owner-${stamp}@example.org`, password: `Other-e2e-password-${stamp}!` };

test.beforeAll(async () => {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const identity = await db.senderIdentity.findFirstOrThrow({ where: { tenantId: tenant.id } });
  // A list of one, so the test mails nobody else.
  const list = await db.list.create({ data: { tenantId: tenant.id, name: `Feedback e2e ${stamp}`, optInMode: 'DOUBLE' } });
  const sub = await db.subscriber.create({ data: { tenantId: tenant.id, email: RECIPIENT, firstName: 'Fee' } });
  await db.subscription.create({ data: { tenantId: tenant.id, listId: list.id, subscriberId: sub.id, status: 'CONFIRMED', source: 'ADMIN', confirmedAt: new Date() } });
  const { id } = await createCampaign({ tenantId: tenant.id }, { name: `Feedback e2e ${stamp}` });
  await updateCampaign({ tenantId: tenant.id }, id, { subject: SUBJECT, identityId: identity.id, listIds: [list.id] });
  await requestCampaignSend({ tenantId: tenant.id }, { campaignId: id }, { assertSendable });
  campaignId = id;

  const other = await db.tenant.create({ data: { name: `Other ${stamp}`, slug: `other-${stamp}`, imprint: 'Other GmbH, Berlin' } });
  const user = await db.user.create({ data: { email: OTHER.email, passwordHash: await hashPassword(OTHER.password) } });
  await db.membership.create({ data: { tenantId: other.id, userId: user.id, role: 'OWNER' } });
});

test.afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

test('a recipient unsubscribes in two clicks from the received mail; the marketer sees it', async ({ page }) => {
  await login(page);
  await openMail(page, SUBJECT, { timeoutMs: 60_000 });
  await expect(page.getByText(RECIPIENT).first()).toBeVisible();
  const unsubscribe = page.locator('section[aria-labelledby="links-title"] a[href*="/u/"]').first();
  const href = await unsubscribe.getAttribute('href');
  expect(href).toBeTruthy();

  // First click: the link opens a confirmation page; nothing has changed yet.
  await page.goto(new URL(href!).pathname);
  await expect(page.getByRole('heading', { name: 'Unsubscribe?' })).toBeVisible();
  await expect(page.getByText(RECIPIENT)).toBeVisible();
  // Second click: confirm.
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('status')).toHaveText('You are unsubscribed');

  await page.goto(`/app/subscribers?q=${encodeURIComponent(RECIPIENT)}`);
  const row = page.locator('table tbody tr', { hasText: RECIPIENT });
  await expect(row.locator('.badge')).toHaveText('unsubscribed');

  // The report counts it and draws its charts (SVG, with a text alternative).
  await page.goto(`/app/campaigns/${campaignId}/report`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Report');
  const charts = page.getByTestId('report-charts');
  await expect(charts.locator('svg[role="img"]')).toHaveCount(6);
  await expect(charts.getByRole('img', { name: 'Delivered' })).toBeVisible();
  await expect(page.locator('.card', { hasText: 'Unsubscribes' }).locator('.stat-value')).toHaveText('1');
  await expect(page.getByTestId('message-log')).toContainText(RECIPIENT);
  await expect(page.getByTestId('message-log')).toContainText('250');
});

test('another tenant cannot open the report or its CSV export', async ({ page }) => {
  await login(page, OTHER);
  // Another tenant's id answers exactly like an id that does not exist: 404, no data.
  const res = await page.goto(`/app/campaigns/${campaignId}/report`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText(RECIPIENT)).toHaveCount(0);
  await expect(page.getByTestId('report-charts')).toHaveCount(0);
  const csv = await page.request.get(`/app/campaigns/${campaignId}/report/export`);
  expect(csv.status()).toBe(404);
  expect(await csv.text()).not.toContain(RECIPIENT);
});
