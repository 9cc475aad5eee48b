// Issue 14: the UI speaks German and English. The language comes from the user's profile,
// else the switcher's cookie, else the browser's Accept-Language; no page shows a raw key.
import { expect, test, type Page } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeFormLimiter, closeQueues } from '@rundbrief/core';
import { login, openMail } from './fixtures.ts';
import { htmlLang, rawKeysOn } from './i18n-kit.ts';

const unique = () => Math.random().toString(36).slice(2, 8);
const PASSWORD = 'e2e correct horse battery 42';

async function noRawKeys(page: Page) {
  expect(await rawKeysOn(page), `raw message keys on ${page.url()}`).toEqual([]);
}

test.afterAll(async () => {
  await closeFormLimiter();
  await closeQueues();
  await getDb().$disconnect();
});

test('a German browser gets the sign-in pages in German; English stays the default', async ({ browser, page }) => {
  await page.goto('/login');
  expect(await htmlLang(page)).toBe('en');
  await expect(page.getByRole('heading', { name: 'Sign in to Rundbrief' })).toBeVisible();

  const de = await browser.newContext({ locale: 'de-DE' });
  const p = await de.newPage();
  for (const [path, heading] of [['/login', 'Bei Rundbrief anmelden'], ['/signup', 'Ihr Rundbrief-Konto erstellen'], ['/reset-password', 'Passwort zurücksetzen'], ['/reset-password/not-a-token', 'Link ungültig'], ['/no-such-page', 'Nicht gefunden']] as const) {
    await p.goto(path);
    await expect(p.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    expect(await htmlLang(p)).toBe('de');
    await noRawKeys(p);
  }
  await p.goto('/login');
  await p.getByLabel('E-Mail').fill('nobody@example.test');
  await p.getByLabel('Passwort', { exact: true }).fill('wrong password 123');
  await p.getByRole('button', { name: 'Anmelden' }).click();
  await expect(p.locator('#login-error')).toBeVisible();
  await de.close();
});

test('the switcher on the sign-in page changes the language for a visitor and keeps it', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Language', { exact: true }).selectOption('de');
  await expect(page.getByRole('heading', { name: 'Bei Rundbrief anmelden' })).toBeVisible();
  expect(await htmlLang(page)).toBe('de');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Bei Rundbrief anmelden' })).toBeVisible();
  await page.getByLabel('Sprache', { exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Sign in to Rundbrief' })).toBeVisible();
});

test('a user signs up in German, picks a language in the shell, and the profile keeps it', async ({ browser }) => {
  test.setTimeout(240_000); // it visits every page of the navigation
  const id = unique();
  const email = `sprache-${id}@example.test`;
  const de = await browser.newContext({ locale: 'de-DE' });
  const page = await de.newPage();
  await page.goto('/signup');
  await page.getByLabel('Organisation').fill(`Bäckerei ${id}`);
  await page.getByLabel('E-Mail').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
  await expect(page.getByText(/Stärke: (gut|stark)/)).toBeVisible();
  await page.getByRole('button', { name: 'Konto erstellen' }).click();
  await page.waitForURL(/\/app(\/|$)/);

  // No profile language yet: the browser's German.
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await expect(nav.getByRole('link', { name: 'Kampagnen' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Neueste Kampagnen' })).toBeVisible();
  expect(await htmlLang(page)).toBe('de');
  expect((await getDb().user.findUniqueOrThrow({ where: { email } })).locale).toBeNull();

  // Every page of the navigation renders without a raw key.
  const hrefs = await nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await noRawKeys(page);
  }

  // English in the shell wins over the German browser, and is saved to the profile.
  await page.goto('/app');
  await page.getByLabel('Sprache', { exact: true }).selectOption('en');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' })).toBeVisible();
  expect(await htmlLang(page)).toBe('en');
  await expect.poll(async () => (await getDb().user.findUniqueOrThrow({ where: { email } })).locale).toBe('en');
  await de.close();

  // Another browser (English) signing in as this user: the profile's choice, then German again.
  const en = await browser.newContext({ locale: 'en-US' });
  const p2 = await en.newPage();
  await p2.goto('/login');
  await p2.getByLabel('E-mail').fill(email);
  await p2.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await p2.getByRole('button', { name: 'Sign in' }).click();
  await p2.waitForURL(/\/app(\/|$)/);
  await p2.getByLabel('Language', { exact: true }).selectOption('de');
  await expect(p2.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(p2.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
  await expect.poll(async () => (await getDb().user.findUniqueOrThrow({ where: { email } })).locale).toBe('de');
  await p2.getByText(email, { exact: true }).first().click();
  await p2.getByRole('button', { name: 'Abmelden' }).click();
  await p2.waitForURL(/\/login/);
  // Signed out, the cookie the switcher set keeps the sign-in page German.
  await expect(p2.getByRole('heading', { name: 'Bei Rundbrief anmelden' })).toBeVisible();
  await en.close();
});

test("a German list speaks German to subscribers in an English browser: form, mails, confirmation, unsubscribe", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const person = `leser-${stamp}@example.org`;
  const listName = `Rundbrief Deutsch ${stamp}`;
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: listName, optInMode: 'DOUBLE', language: 'de', welcomeEnabled: true } });
  const main = page.locator('main');

  await page.goto(`/f/${list.publicId}`);
  await expect(main).toHaveAttribute('lang', 'de');
  await page.getByLabel('E-Mail-Adresse').fill(person);
  await page.getByLabel(/Vorname/).fill('Jörg');
  await noRawKeys(page);
  await page.waitForTimeout(3500);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByTestId('form-result')).toContainText('Fast geschafft');
  expect(await htmlLang(page)).toBe('de');

  await login(page);
  await openMail(page, `Bitte bestätigen Sie Ihre Anmeldung zu ${listName}`, { timeoutMs: 60_000 });
  const confirmHref = await page.locator('section[aria-labelledby="links-title"] a[href*="/confirm/"]').first().getAttribute('href');
  await page.goto(new URL(confirmHref!).pathname);
  await expect(page.getByRole('heading', { name: 'Bestätigen Sie Ihre Anmeldung' })).toBeVisible();
  await expect(main).toHaveAttribute('lang', 'de');
  await noRawKeys(page);
  await page.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
  await expect(page.getByTestId('confirm-result')).toContainText('Anmeldung bestätigt.');

  await openMail(page, `Willkommen bei ${listName}`, { timeoutMs: 60_000 });
  const unsubscribeHref = await page.locator('section[aria-labelledby="links-title"] a[href*="/u/"]').first().getAttribute('href');
  await page.goto(new URL(unsubscribeHref!).pathname);
  expect(await htmlLang(page)).toBe('de');
  await expect(page.getByRole('heading', { name: 'Abbestellen?' })).toBeVisible();
  await noRawKeys(page);
  await page.getByRole('button', { name: 'Abbestellen' }).click();
  await expect(page.getByRole('status')).toHaveText('Sie haben abbestellt');
  await page.getByRole('link', { name: 'Anmeldung verwalten' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Ihre Daten bei/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Listen und Einwilligung' })).toBeVisible();
  await noRawKeys(page);
  // The data export (GDPR Art. 20) explains itself and is named in the list's language too.
  const download = await page.request.get(`${new URL(page.url()).pathname.replace(/\/$/, '')}/export`);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toBe('attachment; filename="meine-daten.json"');
  const data = await download.json() as { about: string; language: string };
  expect(data).toMatchObject({ language: 'de', about: expect.stringMatching(/^Alle Daten, die .+ über Sie gespeichert hat/) });
});
