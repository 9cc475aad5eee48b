// Issue 14: subscriber-facing mails speak the list's language, system mail the user's. What
// is checked is the mail as queued for sending (subject and text the worker sends as is).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  closeQueues, confirmSubscription, createList, describeConfirmToken, getQueue, inviteMember, mailFreshPreferencesLink, preferencesToken, QUEUES,
  requestPasswordReset, subscribe, updateList, type SystemMailPayload,
} from '@rundbrief/core';
import { mailDateTime } from '@rundbrief/core/i18n/mail-date';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending } from '../sending/fixtures.ts';

let seed: Awaited<ReturnType<typeof seedSending>>;
const proof = { source: 'FORM' as const, ip: '203.0.113.7', userAgent: 'Firefox/140' };
const ctx = () => ({ tenantId: seed.tenant.id });

beforeEach(async () => {
  await truncateAll();
  await getQueue(QUEUES.systemMail).obliterate({ force: true });
  seed = await seedSending({ recipients: [] });
});

afterAll(async () => {
  await closeQueues();
});

async function queuedMail(kind: SystemMailPayload['kind'], to: string): Promise<SystemMailPayload> {
  const jobs = await getQueue(QUEUES.systemMail).getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
  const found = jobs.map((j) => j.data as SystemMailPayload).filter((m) => m.kind === kind && m.to === to);
  expect(found, `${kind} mail to ${to}`).toHaveLength(1);
  return found[0]!;
}

// consent-mail dates: "14. Dezember 2026, 14:05 UTC" / "December 14, 2026, 14:05 UTC"
const germanDate = (d: Date) => mailDateTime(d, 'de');

describe("consent mail in the list's language", () => {
  it('a German list sends its built-in confirmation and welcome mail in German', async () => {
    await updateList(ctx(), seed.list.id, { name: 'Kunden', optInMode: 'DOUBLE', language: 'de', welcomeEnabled: true });
    await subscribe(ctx(), { listId: seed.list.id, email: 'anna@kunde.example', firstName: 'Anna', ...proof });
    const mail = await queuedMail('OPT_IN_CONFIRMATION', 'anna@kunde.example');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung zu Kunden');
    const expires = (await getDb().subscription.findFirstOrThrow({})).tokenExpiresAt!;
    expect(mail.text).toContain('Hallo Anna,');
    expect(mail.text).toContain(`Der Link ist gültig bis ${germanDate(expires)}.`);
    expect(mail.html).toContain('Ja, ich möchte den Newsletter erhalten');
    expect(mail.text).not.toMatch(/please confirm|valid until/i);

    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    await confirmSubscription({ token });
    const welcome = await queuedMail('WELCOME', 'anna@kunde.example');
    expect(welcome.subject).toBe('Willkommen bei Kunden');
    expect(welcome.text).toContain('Ihre Anmeldung ist bestätigt');
    expect(welcome.text).toContain('Abbestellen');
  });

  it('an English list sends them in English, whatever else is German', async () => {
    await updateList(ctx(), seed.list.id, { name: 'Customers', optInMode: 'DOUBLE', language: 'en' });
    await subscribe(ctx(), { listId: seed.list.id, email: 'ben@kunde.example', ...proof });
    const mail = await queuedMail('OPT_IN_CONFIRMATION', 'ben@kunde.example');
    expect(mail.subject).toBe('Please confirm your subscription to Customers');
    const expires = mailDateTime((await getDb().subscription.findFirstOrThrow({})).tokenExpiresAt!, 'en');
    expect(mail.text).toContain(`The link is valid until ${expires}.`);
  });

  it("a list's own texts stay as written in either language", async () => {
    await updateList(ctx(), seed.list.id, { name: 'Kunden', optInMode: 'DOUBLE', language: 'de', confirmationSubject: 'Confirm {{ list_name }} please' });
    await subscribe(ctx(), { listId: seed.list.id, email: 'cem@kunde.example', ...proof });
    expect((await queuedMail('OPT_IN_CONFIRMATION', 'cem@kunde.example')).subject).toBe('Confirm Kunden please');
  });

  it('without a verified sender domain the platform template speaks the list language too', async () => {
    await getDb().senderIdentity.deleteMany({});
    await getDb().senderDomain.deleteMany({});
    await updateList(ctx(), seed.list.id, { name: 'Kunden', optInMode: 'DOUBLE', language: 'de' });
    await subscribe(ctx(), { listId: seed.list.id, email: 'dora@kunde.example', ...proof });
    const mail = await queuedMail('OPT_IN_CONFIRMATION', 'dora@kunde.example');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung bei Shop');
    expect(mail.text).toContain('Guten Tag,');
    expect(mail.text).toContain('Diese Mail wurde von Rundbrief versendet, dem Newsletter-Dienst, den Shop nutzt.');
  });

  it("a new list speaks its creator's language unless told otherwise", async () => {
    const user = await getDb().user.create({ data: { email: 'chefin@shop.example', passwordHash: 'x', locale: 'de' } });
    const byGerman = await createList({ tenantId: seed.tenant.id, userId: user.id }, { name: 'Neu' });
    expect(byGerman.language).toBe('de');
    const chosen = await createList({ tenantId: seed.tenant.id, userId: user.id }, { name: 'New', language: 'en' });
    expect(chosen.language).toBe('en');
    expect((await createList(ctx(), { name: 'Plain' })).language).toBe('en');
  });
});

describe("a subscriber's own pages and mails", () => {
  it("speak the language of the list they signed up to", async () => {
    await updateList(ctx(), seed.list.id, { name: 'Kunden', optInMode: 'DOUBLE', language: 'de' });
    const r = await subscribe(ctx(), { listId: seed.list.id, email: 'eva@kunde.example', ...proof });
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec((await queuedMail('OPT_IN_CONFIRMATION', 'eva@kunde.example')).text)![1]!;
    expect(await describeConfirmToken({ token })).toMatchObject({ state: 'valid', language: 'de' });
    await mailFreshPreferencesLink(preferencesToken(r.subscriberId));
    const mail = await queuedMail('PREFERENCES_LINK', 'eva@kunde.example');
    expect(mail.subject).toBe('Ihr Link zu Ihren Daten bei Shop');
    expect(mail.text).toContain('hier ist ein neuer Link zu den Daten');
  });
});

describe("system mail in the user's language", () => {
  it('a German user gets the password reset mail in German, a user without a choice in English', async () => {
    await getDb().user.create({ data: { email: 'jorg@shop.example', passwordHash: 'x', locale: 'de' } });
    await getDb().user.create({ data: { email: 'kim@shop.example', passwordHash: 'x' } });
    await requestPasswordReset({ email: 'jorg@shop.example' });
    await requestPasswordReset({ email: 'kim@shop.example' });
    const de = await queuedMail('PASSWORD_RESET', 'jorg@shop.example');
    expect(de.subject).toBe('Ihr Rundbrief-Passwort zurücksetzen');
    expect(de.text).toContain('Neues Passwort wählen: ');
    expect(de.html).toContain('Der Link unten funktioniert einmal');
    const en = await queuedMail('PASSWORD_RESET', 'kim@shop.example');
    expect(en.subject).toBe('Reset your Rundbrief password');
    expect(en.text).toContain('Choose a new password: ');
  });

  it("an invitation speaks the invitee's language if they have a user, else the inviter's", async () => {
    const inviter = await getDb().user.create({ data: { email: 'chefin@shop.example', passwordHash: 'x', locale: 'de' } });
    await getDb().membership.create({ data: { tenantId: seed.tenant.id, userId: inviter.id, role: 'OWNER' } });
    await getDb().user.create({ data: { email: 'sam@elsewhere.example', passwordHash: 'x', locale: 'en' } });
    await getDb().user.create({ data: { email: 'kim@elsewhere.example', passwordHash: 'x' } });
    const asInviter = { tenantId: seed.tenant.id, userId: inviter.id, role: 'OWNER' as const };
    await inviteMember(asInviter, { email: 'neu@shop.example', role: 'MARKETER' });
    await inviteMember(asInviter, { email: 'sam@elsewhere.example', role: 'VIEWER' });
    await inviteMember(asInviter, { email: 'kim@elsewhere.example', role: 'ADMIN' });
    // No user yet: the inviter's language (a German team invites in German), role named in German.
    const neu = await queuedMail('INVITATION', 'neu@shop.example');
    expect(neu.subject).toMatch(/^Einladung zu .+ bei Rundbrief$/);
    expect(neu.text).toContain('hat Sie eingeladen');
    expect(neu.text).toContain('als Marketing.');
    expect(neu.text).toContain('Einladung annehmen: ');
    // A user who chose English gets English from a German inviter.
    const sam = await queuedMail('INVITATION', 'sam@elsewhere.example');
    expect(sam.subject).toMatch(/^You are invited to .+ on Rundbrief$/);
    expect(sam.text).toContain('as viewer.');
    expect(sam.text).toContain('Accept the invitation: ');
    // A user without a choice: the inviter's language again.
    expect((await queuedMail('INVITATION', 'kim@elsewhere.example')).text).toContain('als Admin.');
  });
});
