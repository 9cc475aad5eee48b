// A list's own mails: the marketer edits the confirmation mail (a template without the
// confirmation link is refused on the field), turns the welcome mail on, a person
// subscribes on the hosted form, gets that very confirmation mail, confirms through its
// link, and then gets the welcome mail.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeFormLimiter, closeQueues } from '@rundbrief/core';
import { login, openMail } from './fixtures.ts';

const stamp = Date.now().toString(36);
const PERSON = `mails-${stamp}@example.org`;
const LIST = `Mails e2e ${stamp}`;
let listId = '';
let publicId = '';

test.beforeAll(async () => {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: LIST, optInMode: 'DOUBLE' } });
  listId = list.id;
  publicId = list.publicId;
});

test.afterAll(async () => {
  await closeFormLimiter();
  await closeQueues();
  await getDb().$disconnect();
});

const mjml = (body: string) => `<mjml><mj-body><mj-section><mj-column>
<mj-text>${body}</mj-text>
<mj-text>{{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/** Replaces the CodeMirror document in `form` as a paste would (no auto-closed tags). */
async function setSource(page: Page, form: Locator, text: string) {
  await form.locator('.cm-content').click({ position: { x: 8, y: 8 } });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

test('edit the confirmation and welcome mail; the person gets exactly those', async ({ page }) => {
  await login(page);
  await page.goto(`/app/lists/${listId}`);
  const confirmation = page.getByTestId('confirmation-mail-form');
  // The built-in template is shown, with its link placeholder.
  await expect(confirmation.locator('.cm-content')).toContainText('{{ confirm_url }}');

  await setSource(page, confirmation, mjml('Hallo, bitte bestätige.'));
  await confirmation.getByRole('button', { name: 'Save confirmation mail' }).click();
  await expect(confirmation.getByTestId('confirmation-mjml-errors')).toContainText('must contain the confirmation link');

  await setSource(page, confirmation, mjml(`MARKER-${stamp} Hallo {{ firstName | "du" }}, <a href="{{ confirm_url }}">jetzt bestätigen</a>.`));
  await confirmation.getByLabel('Subject').fill('Bitte bestätigen: {{ list_name }}');
  // The live preview renders the edit with a sample recipient.
  await expect(confirmation.frameLocator('[data-testid="preview-frame"]').getByText(`MARKER-${stamp} Hallo Alex`)).toBeVisible();
  await confirmation.getByRole('button', { name: 'Save confirmation mail' }).click();
  await expect(confirmation.getByRole('status')).toHaveText('Saved.');

  const welcome = page.getByTestId('welcome-mail-form');
  await welcome.getByLabel('Send a welcome mail').check();
  await welcome.getByLabel('Subject').fill('Willkommen bei {{ list_name }}');
  await welcome.getByRole('button', { name: 'Save welcome mail' }).click();
  await expect(welcome.getByRole('status')).toHaveText('Saved.');

  await page.goto(`/f/${publicId}`);
  await page.getByLabel('Email address').fill(PERSON);
  await page.getByLabel(/First name/).fill('Sina');
  await page.waitForTimeout(3500);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByTestId('form-result')).toContainText('check your inbox');

  await openMail(page, `Bitte bestätigen: ${LIST}`, { timeoutMs: 60_000 });
  await page.getByRole('link', { name: 'Text', exact: true }).click();
  await expect(page.locator('pre')).toContainText(`MARKER-${stamp} Hallo Sina`);
  await page.getByRole('link', { name: 'HTML', exact: true }).click();
  const href = await page.locator('section[aria-labelledby="links-title"] a[href*="/confirm/"]').first().getAttribute('href');
  await page.goto(new URL(href!).pathname);
  await page.getByRole('button', { name: 'Confirm my subscription' }).click();
  await expect(page.getByTestId('confirm-result')).toContainText('Subscription confirmed');

  await openMail(page, `Willkommen bei ${LIST}`, { timeoutMs: 60_000 });
  await expect(page.getByRole('heading', { name: `Willkommen bei ${LIST}` })).toBeVisible();
  await page.getByRole('link', { name: 'Headers', exact: true }).click();
  // the subscription's own unsubscribe link, one-click for mailbox providers (RFC 8058)
  await expect(page.locator('tr', { hasText: /^List-Unsubscribe/i }).first()).toContainText('/u/');
  await expect(page.locator('tr', { hasText: /^List-Unsubscribe-Post/i })).toContainText('List-Unsubscribe=One-Click');
});
