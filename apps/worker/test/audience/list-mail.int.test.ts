// A list's own confirmation and welcome mail, end to end: saved on the list (validated),
// rendered from its MJML, sent by a real worker process over the IP pool to a real SMTP
// sink; the link in the mail that arrives confirms; the welcome mail arrives once.
import { coreEnv, describeUnsubscribeToken, unsubscribeByToken } from '@rundbrief/core';
import { mailDateTime } from '@rundbrief/core/i18n/mail-date';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { z } from 'zod';
import {
  closeQueues, confirmSubscription, createList, getQueue, QUEUES, subscribe, updateList, type ListInput, type SystemMailPayload,
} from '@rundbrief/core';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from '../sending/fixtures.ts';

// Links are built on the configured public base URL (APP_URL), whatever the test run sets it to.
const APP = coreEnv().APP_URL.replace(/\/$/, '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;
let seed: Awaited<ReturnType<typeof seedSending>>;

beforeAll(async () => {
  sink = await startSink();
  worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, WORKER_QUEUES: 'system-mail' });
}, 60_000);

beforeEach(async () => {
  await truncateAll();
  await getQueue(QUEUES.systemMail).obliterate({ force: true });
  sink.received.length = 0;
  seed = await seedSending({ recipients: [] });
});

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeQueues();
});

const tenantId = () => seed.tenant.id;
const proof = { source: 'FORM' as const, ip: '203.0.113.7', userAgent: 'Firefox/140' };

const confirmationMjml = (body: string) => `<mjml><mj-body><mj-section><mj-column>
<mj-text>MARKER-CONFIRM-7Q Hallo {{ firstName | "du" }}, bitte bestätige {{ list_name }}.</mj-text>
${body}
<mj-text>{{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

const welcomeMjml = `<mjml><mj-body><mj-section><mj-column>
<mj-text>MARKER-WELCOME-3K Willkommen, {{ firstName | "du" }}!</mj-text>
<mj-text><a href="{{ unsubscribe_url }}">Abmelden</a> · {{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

async function arrived(to: string, marker: string): Promise<ParsedMail> {
  const r = await waitFor(async () => {
    for (const m of sink.received.filter((x) => x.rcptTo === to)) {
      const p = await simpleParser(m.raw);
      if (p.text?.includes(marker)) return p;
    }
    return null;
  }, 30_000, `${marker} mail to ${to}`);
  return r;
}

async function countArrived(to: string, marker: string) {
  let n = 0;
  for (const m of sink.received.filter((x) => x.rcptTo === to)) if ((await simpleParser(m.raw)).text?.includes(marker)) n += 1;
  return n;
}

const queued = async (kind: SystemMailPayload['kind']) =>
  (await getQueue(QUEUES.systemMail).getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']))
    .filter((j) => (j.data as SystemMailPayload).kind === kind);

const editList = (over: Partial<ListInput> = {}) => updateList({ tenantId: tenantId() }, seed.list.id, { name: 'Kunden', optInMode: 'DOUBLE', ...over });

describe('confirmation mail from the list MJML', () => {
  it('the custom MJML is what arrives, from the tenant identity, and its link confirms', async () => {
    await editList({
      confirmationSubject: 'Bitte bestätigen: {{ list_name }}',
      confirmationMjml: confirmationMjml('<mj-button href="{{ confirm_url }}">Ja, bitte</mj-button>'),
    });
    await subscribe({ tenantId: tenantId() }, { listId: seed.list.id, email: 'anna@kunde.example', firstName: 'Anna', ...proof });
    const mail = await arrived('anna@kunde.example', 'MARKER-CONFIRM-7Q');
    expect(mail.subject).toBe('Bitte bestätigen: Kunden');
    expect(mail.text).toContain('Hallo Anna, bitte bestätige Kunden.');
    expect(mail.text).toContain('Shop GmbH, Hauptstr. 1, 10115 Berlin');
    expect(mail.from?.value[0]?.address).toBe('news@news.shop.example');
    // Transactional: no List-Unsubscribe, no one-click.
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    expect(mail.headers.has('list-unsubscribe-post')).toBe(false);
    const link = new RegExp(`href="(${APP}/confirm/([A-Za-z0-9_-]+))"`).exec(String(mail.html));
    expect(link, 'confirm link in the HTML').not.toBeNull();
    expect((await getDb().subscription.findFirstOrThrow({})).status).toBe('PENDING');
    await confirmSubscription({ token: link![2]!, ip: '198.51.100.9' });
    expect((await getDb().subscription.findFirstOrThrow({})).status).toBe('CONFIRMED');
  });

  it('the built-in template is used while the list has none, with a working link', async () => {
    await subscribe({ tenantId: tenantId() }, { listId: seed.list.id, email: 'ben@kunde.example', ...proof });
    const mail = await arrived('ben@kunde.example', 'please confirm');
    expect(mail.subject).toBe('Please confirm your subscription to Kunden');
    const expires = mailDateTime((await getDb().subscription.findFirstOrThrow({})).tokenExpiresAt!, 'en');
    expect(mail.text).toContain(`The link is valid until ${expires}.`);
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
    await confirmSubscription({ token });
    expect((await getDb().subscription.findFirstOrThrow({})).status).toBe('CONFIRMED');
  });

  it('refuses a template without the confirmation link, or one that does not compile, on the field', async () => {
    const refusal = await editList({ confirmationMjml: confirmationMjml('<mj-text>no link here</mj-text>') }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(z.ZodError);
    expect((refusal as z.ZodError).issues).toEqual([expect.objectContaining({
      path: ['confirmationMjml'], message: expect.stringContaining('must contain the confirmation link') as string,
    })]);
    const broken = await editList({ confirmationMjml: confirmationMjml('<mj-bogus />') }).catch((e: unknown) => e);
    expect((broken as z.ZodError).issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/^Line 3: Element mj-bogus doesn't exist/));
    // {{ confirm_url }} in the subject only does not count either; neither does a welcome tag.
    const missingImprint = await editList({ confirmationMjml: '<mjml><mj-body><mj-section><mj-column><mj-button href="{{ confirm_url }}">Ok</mj-button></mj-column></mj-section></mj-body></mjml>' }).catch((e: unknown) => e);
    expect((missingImprint as z.ZodError).issues[0]?.message).toMatch(/imprint/);
    // Nothing was stored.
    expect((await getDb().list.findUniqueOrThrow({ where: { id: seed.list.id } })).confirmationMjml).toBeNull();
  });
});

describe('welcome mail', () => {
  it('arrives once after the confirmation click; a second click sends nothing', async () => {
    await editList({ welcomeEnabled: true, welcomeSubject: 'Willkommen bei {{ list_name }}', welcomeMjml });
    await subscribe({ tenantId: tenantId() }, { listId: seed.list.id, email: 'cleo@kunde.example', firstName: 'Cleo', ...proof });
    const confirm = await arrived('cleo@kunde.example', 'please confirm');
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(confirm.text ?? '')![1]!;
    expect(await countArrived('cleo@kunde.example', 'MARKER-WELCOME-3K')).toBe(0);

    await confirmSubscription({ token });
    await expect(confirmSubscription({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const welcome = await arrived('cleo@kunde.example', 'MARKER-WELCOME-3K');
    expect(welcome.subject).toBe('Willkommen bei Kunden');
    expect(welcome.text).toContain('Willkommen, Cleo!');
    expect(welcome.text).toContain('Shop GmbH, Hauptstr. 1, 10115 Berlin');
    // Unsubscribe link and header: the subscription's own link, one-click for mailbox
    // providers (RFC 8058), the two-click page for people.
    const unsub = welcome.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/^List-Unsubscribe:\s*/i, '') ?? '';
    expect(unsub).toMatch(new RegExp(`^<${APP}/u/[^>]+>$`));
    expect(String(welcome.html)).toContain(`href="${unsub.slice(1, -1)}"`);
    expect(welcome.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unsubToken = unsub.slice(1, -1).split('/u/')[1]!;
    expect(await describeUnsubscribeToken(unsubToken)).toMatchObject({ email: 'cleo@kunde.example', alreadyUnsubscribed: false });
    expect(await unsubscribeByToken(unsubToken, { source: 'one-click' })).toMatchObject({ email: 'cleo@kunde.example', changed: true });
    expect(await unsubscribeByToken(unsubToken, { source: 'one-click' })).toMatchObject({ changed: false });
    const cleo = await getDb().subscriber.findFirstOrThrow({ where: { email: 'cleo@kunde.example' }, include: { subscriptions: true } });
    expect(cleo.subscriptions.map((x) => x.status)).toEqual(['UNSUBSCRIBED']);
    expect(await getDb().suppression.count({ where: { email: 'cleo@kunde.example', reason: 'UNSUBSCRIBE' } })).toBe(1);
    expect(await getDb().event.count({ where: { subscriberId: cleo.id, type: 'UNSUBSCRIBE' } })).toBe(1);
    // a tampered or campaign-purpose token is refused
    await expect(unsubscribeByToken(`${unsubToken.slice(0, -2)}xx`, { source: 'one-click' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A later mail through the same worker has arrived, so the welcome had every chance to repeat.
    await subscribe({ tenantId: tenantId() }, { listId: seed.list.id, email: 'later@kunde.example', ...proof });
    await arrived('later@kunde.example', 'please confirm');
    expect(await countArrived('cleo@kunde.example', 'MARKER-WELCOME-3K')).toBe(1);
    expect(await queued('WELCOME')).toHaveLength(1);
  });

  it('a disabled welcome mail is not sent', async () => {
    await editList({ welcomeEnabled: false, welcomeMjml });
    await subscribe({ tenantId: tenantId() }, { listId: seed.list.id, email: 'dora@kunde.example', ...proof });
    const confirm = await arrived('dora@kunde.example', 'please confirm');
    await confirmSubscription({ token: /\/confirm\/([A-Za-z0-9_-]+)/.exec(confirm.text ?? '')![1]! });
    await subscribe({ tenantId: tenantId() }, { listId: seed.list.id, email: 'later@kunde.example', ...proof });
    await arrived('later@kunde.example', 'please confirm');
    expect(await countArrived('dora@kunde.example', 'MARKER-WELCOME-3K')).toBe(0);
    expect(await queued('WELCOME')).toHaveLength(0);
  });

  it('on a CONFIRMED-mode list the welcome mail replaces the notice', async () => {
    const direct = await createList({ tenantId: tenantId() }, { name: 'Direkt', optInMode: 'CONFIRMED', welcomeEnabled: true, welcomeMjml });
    await subscribe({ tenantId: tenantId() }, { listId: direct.id, email: 'eva@kunde.example', ...proof });
    await arrived('eva@kunde.example', 'MARKER-WELCOME-3K');
    // Subscribing again (already confirmed) mails nothing.
    await subscribe({ tenantId: tenantId() }, { listId: direct.id, email: 'eva@kunde.example', ...proof });
    expect(await queued('WELCOME')).toHaveLength(1);
    expect(await queued('OPT_IN_NOTICE')).toHaveLength(0);
  });

  it('refuses a welcome mail without an unsubscribe link', async () => {
    const noUnsub = welcomeMjml.replace('<a href="{{ unsubscribe_url }}">Abmelden</a> · ', '');
    const e = await editList({ welcomeEnabled: true, welcomeMjml: noUnsub }).catch((x: unknown) => x);
    expect((e as z.ZodError).issues).toEqual([expect.objectContaining({ path: ['welcomeMjml'], message: expect.stringContaining('unsubscribe link') as string })]);
    // {{ confirm_url }} belongs to the confirmation mail only.
    const e2 = await editList({ welcomeEnabled: true, welcomeMjml: welcomeMjml.replace('Willkommen,', '{{ confirm_url }}') }).catch((x: unknown) => x);
    expect((e2 as z.ZodError).issues.map((i) => i.message)).toContainEqual('Line 2: unknown merge tag {{ confirm_url }}');
  });
});
