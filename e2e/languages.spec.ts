// Issue 14, "done when": the main journeys run once in each language, and every page on the way
// is screenshotted and checked for untranslated strings (e2e/i18n-kit.ts checkTranslated: no
// raw key, no text of the other language's catalogue, on German pages no English UI word).
//   sign-in -> the shell's language switcher (saved to the profile, kept in another browser)
//   -> a list in that language -> its hosted form: sign-up, the double opt-in mail from the
//   SMTP sink in the list's language, confirmation -> a campaign to the list, sent, progress
//   and report with the language's number and date formats -> the received mail's
//   unsubscribe link, two-click unsubscribe.
// The marketer works in a browser of the journey's language; the subscriber's browser speaks
// the OTHER language, so the subscriber pages show the list's language, not the browser's.
// Screenshots: test-results/languages/<lang>-<nn>-<page>.png (also attached to the test).
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { getDb } from '@rundbrief/db';
import { closeFormLimiter, closeQueues, hashPassword } from '@rundbrief/core';
import { DEFAULT_CONFIRMATION_SUBJECT } from '@rundbrief/core/audience/list-mail';
import { DE_CONFIRMATION_SUBJECT } from '@rundbrief/core/audience/list-mail-de';
import type { Locale } from '@rundbrief/core/i18n/locales';
import { login, openMail } from './fixtures.ts';
import { checkTranslated, htmlLang, message, untranslatedIn, untranslatedOn } from './i18n-kit.ts';

test.describe.configure({ timeout: 420_000 });

const BROWSER_LOCALE: Record<Locale, string> = { en: 'en-US', de: 'de-DE' };
const OTHER: Record<Locale, Locale> = { en: 'de', de: 'en' };
const CONFIRM_SUBJECT: Record<Locale, string> = { en: DEFAULT_CONFIRMATION_SUBJECT, de: DE_CONFIRMATION_SUBJECT };
const stamp = Date.now().toString(36);

test.afterAll(async () => {
  await closeFormLimiter();
  await closeQueues();
  await getDb().$disconnect();
});

/** Everything the demo tenant wrote itself (names, subjects, labels, imprint): not UI text, not checked. */
async function tenantContent(): Promise<string[]> {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const where = { tenantId: tenant.id };
  const rows: object[] = [
    tenant,
    ...(await db.list.findMany({ where })),
    ...(await db.campaign.findMany({ where, select: { name: true, subject: true, preheader: true } })),
    ...(await db.template.findMany({ where, select: { name: true } })),
    ...(await db.customField.findMany({ where })),
    ...(await db.senderIdentity.findMany({ where })),
    ...(await db.senderDomain.findMany({ where, select: { domain: true } })),
  ];
  const out = new Set<string>();
  for (const row of rows) {
    for (const v of Object.values(row)) {
      for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string' && s.trim() && s.length <= 300) out.add(s.trim());
    }
  }
  return [...out];
}

async function signIn(page: Page, lang: Locale, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel(message(lang, 'auth.login.email'), { exact: true }).fill(who.email);
  await page.getByLabel(message(lang, 'auth.login.password'), { exact: true }).fill(who.password);
  await page.getByRole('button', { name: message(lang, 'auth.login.submit'), exact: true }).click();
  await page.waitForURL(/\/app(\/|$|\?)/);
}

/** The text of a rich message's <tag>…</tag> part ("List created. <link>Open it</link>" -> "Open it"). */
const tagText = (msg: string, tag: string) => new RegExp(`<${tag}>(.*?)</${tag}>`).exec(msg)![1]!;

async function newUser(lang: Locale) {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
  const who = { email: `journey-${lang}-${stamp}@example.test`, password: `Journey-${lang}-password-${stamp}!` };
  const user = await db.user.create({ data: { email: who.email, name: `Journey ${lang}`, passwordHash: await hashPassword(who.password) } });
  await db.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
  return who;
}

for (const lang of ['en', 'de'] as const) {
  test.describe(`in ${lang === 'en' ? 'English' : 'German'}`, () => {
    test(`sign-in, list, form sign-up and confirmation, campaign, unsubscribe (${lang})`, async ({ browser }, testInfo) => {
      const m = (key: string) => message(lang, key);
      const shots = path.join(import.meta.dirname, '../test-results/languages');
      if (fs.existsSync(shots)) for (const f of fs.readdirSync(shots)) if (f.startsWith(`${lang}-`)) fs.rmSync(path.join(shots, f));
      const db = getDb();
      const who = await newUser(lang);
      const listName = `Journey list ${lang} ${stamp}`;
      const person = `journey-${lang}-${stamp}@example.org`;
      const subject = `Journey ${lang} ${stamp} for {{ firstName | "you" }}`;
      let n = 0;
      const check = async (p: Page, name: string) => {
        n += 1;
        await checkTranslated(p, testInfo, `${lang}-${String(n).padStart(2, '0')}-${name}`, lang, { tenantContent: await tenantContent() });
      };

      const marketer = await browser.newContext({ locale: BROWSER_LOCALE[lang] });
      const page = await marketer.newPage();
      const subscriber = await browser.newContext({ locale: BROWSER_LOCALE[OTHER[lang]] });
      const visitor = await subscriber.newPage();
      // The development mail sink (/dev/inbox) is for the installation's admins: the demo owner reads it.
      const sink = await browser.newContext({ locale: 'en-US' });
      const mailbox = await sink.newPage();
      await login(mailbox);

      await test.step('sign-in', async () => {
        await page.goto('/login');
        expect(await htmlLang(page)).toBe(lang);
        await expect(page.getByRole('heading', { level: 1, name: m('auth.login.heading') })).toBeVisible();
        await check(page, 'login');
        await signIn(page, lang, who);
        expect(await htmlLang(page)).toBe(lang);
        await check(page, 'dashboard');

        // The user picks the language in the shell: saved in the profile ...
        expect((await db.user.findUniqueOrThrow({ where: { email: who.email } })).locale).toBeNull();
        await page.getByLabel(m('shell.language.label'), { exact: true }).selectOption(lang);
        await expect.poll(async () => (await db.user.findUniqueOrThrow({ where: { email: who.email } })).locale).toBe(lang);
        await page.reload();
        expect(await htmlLang(page)).toBe(lang);
        // ... so a browser asking for the other language still gets it after signing in.
        const elsewhere = await browser.newContext({ locale: BROWSER_LOCALE[OTHER[lang]] });
        const p2 = await elsewhere.newPage();
        await signIn(p2, OTHER[lang], who);
        expect(await htmlLang(p2)).toBe(lang);
        await expect(p2.getByLabel(m('shell.language.label'), { exact: true })).toHaveValue(lang);
        await elsewhere.close();
      });

      await test.step('password strength hints in the language', async () => {
        await page.goto('/app/settings/account');
        await page.getByLabel(m('settings.account.newPassword'), { exact: true }).fill('password');
        const hint = page.locator('[data-score="0"] .hint');
        await expect(hint).toContainText(m('common.password.warnings.topTen'));
        await expect(hint).not.toContainText('topTen');
      });

      await test.step('template starters: the language first and by default, with its footer', async () => {
        await page.goto('/app/templates');
        const starter = page.getByLabel(m('templates.create.startFrom'), { exact: true });
        await expect(starter).toHaveValue('newsletter');
        await expect(starter.locator('optgroup').first()).toHaveAttribute('label', lang === 'de' ? 'Deutsch' : 'English');
        await expect(starter.locator(`option[value="${OTHER[lang]}:newsletter"]`)).toHaveCount(1);
      });

      let publicId = '';
      await test.step('create a list in the language', async () => {
        await page.goto('/app/lists');
        await page.getByLabel(m('lists.create.name'), { exact: true }).fill(listName);
        await page.getByRole('button', { name: m('lists.create.submit'), exact: true }).click();
        const created = page.getByRole('status').filter({ hasText: m('lists.create.created').replace(/<link>.*$/, '').trim() });
        await expect(created).toBeVisible();
        await check(page, 'lists');
        await created.getByRole('link', { name: tagText(m('lists.create.created'), 'link') }).click();
        await page.waitForURL(/\/app\/lists\/[0-9a-f-]+$/);
        await page.locator('#list-language').selectOption(lang);
        await page.getByRole('button', { name: m('lists.settings.save'), exact: true }).click();
        await expect(page.getByRole('status').filter({ hasText: m('lists.settings.saved') })).toBeVisible();
        const list = await db.list.findFirstOrThrow({ where: { name: listName } });
        expect(list.language).toBe(lang);
        publicId = list.publicId;
        await check(page, 'list');
      });

      await test.step("a core refusal in the form speaks the language (DomainError's text code)", async () => {
        await page.goto('/app/lists');
        await page.getByLabel(m('lists.create.name'), { exact: true }).fill(listName);
        await page.getByRole('button', { name: m('lists.create.submit'), exact: true }).click();
        await expect(page.getByRole('alert').filter({ hasText: m('errors.core.lists.nameTaken') })).toBeVisible();
      });

      await test.step('sign up on the hosted form, confirm from the mail', async () => {
        await visitor.goto(`/f/${publicId}`);
        await expect(visitor.locator('main')).toHaveAttribute('lang', lang);
        await visitor.getByLabel(message(lang, 'public.form.email')).fill(person);
        await visitor.getByLabel(new RegExp(message(lang, 'public.form.firstName'))).fill(lang === 'de' ? 'Jörg' : 'Jo');
        await check(visitor, 'form');
        await visitor.waitForTimeout(3500); // the form's minimum fill time
        await visitor.getByRole('button', { name: message(lang, 'public.form.submit'), exact: true }).click();
        await expect(visitor.getByTestId('form-result')).toContainText(message(lang, 'public.form.almostDone').split(':')[0]!);
        expect(await htmlLang(visitor)).toBe(lang);
        await check(visitor, 'form-result');

        // The double opt-in mail, as the sink received it: subject and text in the list's language.
        const mailSubject = CONFIRM_SUBJECT[lang].replace('{{ list_name }}', listName);
        await openMail(mailbox, mailSubject, { timeoutMs: 60_000 });
        await expect(mailbox.getByRole('heading', { level: 1 })).toHaveText(mailSubject);
        const confirmHref = await mailbox.locator('section[aria-labelledby="links-title"] a[href*="/confirm/"]').first().getAttribute('href');
        await mailbox.goto(`${mailbox.url().split('?')[0]}?tab=text`);
        const body = await mailbox.locator('pre').first().innerText();
        expect(body).toContain(lang === 'de' ? 'Hallo Jörg' : 'Hello Jo');
        const lines = body.split('\n').map((text) => ({ text, lang, where: 'confirmation mail' }));
        expect(untranslatedIn(lines, lang, { tenantContent: await tenantContent() }), 'untranslated in the confirmation mail').toEqual([]);
        await mailbox.screenshot({ path: path.join(shots, `${lang}-mail-confirmation.png`), fullPage: true });
        await testInfo.attach(`${lang}-mail-confirmation`, { path: path.join(shots, `${lang}-mail-confirmation.png`), contentType: 'image/png' });

        await visitor.goto(new URL(confirmHref!).pathname);
        await expect(visitor.getByRole('heading', { name: message(lang, 'public.confirm.heading') })).toBeVisible();
        // the page's content says its language (<html lang> of /confirm still follows the browser)
        await expect(visitor.locator('main')).toHaveAttribute('lang', lang);
        await check(visitor, 'confirm');
        await visitor.getByRole('button', { name: message(lang, 'public.confirm.submit'), exact: true }).click();
        await expect(visitor.getByTestId('confirm-result')).toContainText(tagText(message(lang, 'public.confirm.done'), 'strong'));
        await check(visitor, 'confirmed');
      });

      await test.step('send a campaign to the list; progress and report in the language', async () => {
        await page.goto('/app/campaigns');
        await check(page, 'campaigns');
        await page.getByRole('textbox', { name: m('campaigns.create.name'), exact: true }).fill(`Journey ${lang} ${stamp}`);
        await page.getByRole('button', { name: m('campaigns.create.submit'), exact: true }).click();
        await page.waitForURL(/\/app\/campaigns\/[0-9a-f-]+$/);
        // Created from the newsletter starter in the user's language (German footer: Abmelden, Impressum).
        const created = await db.campaign.findFirstOrThrow({ where: { name: `Journey ${lang} ${stamp}` }, select: { mjml: true } });
        expect(created.mjml).toContain(lang === 'de' ? '>Abmelden</a>' : '>Unsubscribe</a>');
        await page.getByLabel(m('campaigns.editor.from'), { exact: true }).selectOption({ label: 'Demo Shop <news@demo.rundbrief.localhost>' });
        await page.getByLabel(m('campaigns.editor.subject'), { exact: true }).fill(subject);
        await page.getByLabel(m('campaigns.editor.preheader'), { exact: true }).fill(`Journey ${lang}`);
        await page.getByRole('checkbox', { name: listName }).check();
        await expect(page.getByTestId('recipient-count')).toContainText('1');
        await page.getByRole('button', { name: m('campaigns.editor.save'), exact: true }).click();
        await expect(page.getByText(m('campaigns.editor.saved'))).toBeVisible();
        await check(page, 'campaign-draft');

        await page.getByRole('button', { name: m('campaigns.progress.sendNow'), exact: true }).click();
        await page.getByRole('dialog', { name: m('campaigns.progress.sendTitle') }).getByRole('button', { name: m('campaigns.progress.startSending'), exact: true }).click();
        const progress = page.getByTestId('campaign-progress');
        await expect(progress).toHaveAttribute('data-percent', '100', { timeout: 180_000 });
        await expect(progress).toHaveAttribute('data-status', 'SENT');
        await expect(page.getByRole('progressbar', { name: m('campaigns.progress.bar') })).toHaveAttribute('aria-valuenow', '100');
        await check(page, 'campaign-sent');

        await page.getByRole('link', { name: m('campaigns.page.report'), exact: true }).click();
        await page.waitForURL(/\/report$/);
        await expect(page.getByTestId('message-log')).toContainText(person);
        await check(page, 'report');
        // The check sees a button label of the other language (it would, were a message left untranslated).
        const probe = message(OTHER[lang], 'campaigns.editor.save');
        await page.evaluate((t) => { const b = document.createElement('button'); b.id = 'i18n-probe'; b.textContent = t; document.querySelector('main')!.append(b); }, probe);
        expect((await untranslatedOn(page, lang, { tenantContent: await tenantContent() })).join('\n')).toContain(`"${probe}" is campaigns.editor.save`);
        await page.evaluate(() => document.getElementById('i18n-probe')!.remove());
        // Numbers and dates as the language writes them: "100 %" / "100%", "7. Dez. 2026" / "Dec 7, 2026".
        const text = await page.locator('main').innerText();
        if (lang === 'de') {
          expect(text).toMatch(/\d[\u00a0\u202f ]%/);
          expect(text).not.toMatch(/\d%/);
        } else {
          expect(text).toMatch(/\d%/);
          expect(text).not.toMatch(/\d[\u00a0\u202f ]%/);
        }
        const today = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date());
        expect(text).toContain(today);
      });

      await test.step('unsubscribe from the received campaign mail', async () => {
        await openMail(mailbox, `Journey ${lang} ${stamp} for`, { timeoutMs: 60_000 });
        const href = await mailbox.locator('section[aria-labelledby="links-title"] a[href*="/u/"]').first().getAttribute('href');
        await mailbox.screenshot({ path: path.join(shots, `${lang}-mail-campaign.png`), fullPage: true });
        await visitor.goto(new URL(href!).pathname);
        expect(await htmlLang(visitor)).toBe(lang);
        await expect(visitor.getByRole('heading', { name: message(lang, 'public.unsubscribe.heading') })).toBeVisible();
        await check(visitor, 'unsubscribe');
        await visitor.getByRole('button', { name: message(lang, 'public.unsubscribe.submit'), exact: true }).click();
        await expect(visitor.getByRole('status')).toHaveText(message(lang, 'public.unsubscribe.doneHeading'));
        await check(visitor, 'unsubscribed');
        const sub = await db.subscription.findFirstOrThrow({ where: { list: { publicId }, subscriber: { email: person } } });
        expect(sub.status).toBe('UNSUBSCRIBED');
      });

      await marketer.close();
      await subscriber.close();
      await sink.close();
    });
  });
}

