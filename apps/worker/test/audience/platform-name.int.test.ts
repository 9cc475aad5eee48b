// The platform's name is not lent out, end to end through a real worker and SMTP sink: a
// tenant's own content (test mails, its list's consent mail) goes out from its verified
// domain only; before one is verified, test mails reach only the tenant's members under a
// platform banner, and opt-in, welcome and invitation mail are the platform's fixed
// templates with the tenant's name as text. The worker refuses, again, a test mail to a
// non-member and a mail whose identity lost its verified domain.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import {
  closeQueues, confirmSubscription, enqueueSystemMail, getQueue, inviteMember, QUEUES, subscribe, type TenantCtx,
} from '@rundbrief/core';
import { sendTestCampaign } from '@rundbrief/core/authoring/index';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from '../sending/fixtures.ts';

const PLATFORM = 'system@rundbrief.localhost';
const EVIL_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-raw><script>alert('x')</script></mj-raw>
<mj-text>MARKER-TENANT-HTML <a href="https://evil.example/login">Your bank account is locked</a></mj-text>
<mj-button href="{{ confirm_url }}">Confirm</mj-button>
<mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a> {{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;
let seed: Awaited<ReturnType<typeof seedSending>>;
let owner: { id: string; email: string };
let ctx: TenantCtx;

beforeAll(async () => {
  sink = await startSink();
  worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, WORKER_QUEUES: 'system-mail' });
}, 60_000);

beforeEach(async () => {
  await truncateAll();
  await getQueue(QUEUES.systemMail).obliterate({ force: true });
  sink.received.length = 0;
  seed = await seedSending({ recipients: [] });
  const user = await getDb().user.create({ data: { email: 'owner@shop-team.example', passwordHash: 'x' } });
  await getDb().membership.create({ data: { tenantId: seed.tenant.id, userId: user.id, role: 'OWNER' } });
  owner = { id: user.id, email: user.email };
  ctx = { tenantId: seed.tenant.id, userId: user.id, role: 'OWNER', actor: user.email, ip: '203.0.113.5' };
});

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await closeQueues();
  await getDb().$disconnect();
});

const unverify = () => getDb().senderDomain.update({ where: { id: seed.senderDomain.id }, data: { verifiedAt: null } });

async function arrived(to: string, match: (m: ParsedMail) => boolean = () => true): Promise<ParsedMail> {
  return waitFor(async () => {
    for (const r of sink.received.filter((x) => x.rcptTo === to)) {
      const p = await simpleParser(r.raw);
      if (match(p)) return p;
    }
    return null;
  }, 30_000, `mail to ${to}`);
}

const failedJobs = async () => (await getQueue(QUEUES.systemMail).getJobs(['failed'])).map((j) => ({ to: j.data.to as string, reason: j.failedReason }));

describe('test sends', () => {
  it('without a verified domain: refused to a non-member; to a member from the platform address under the platform banner', async () => {
    await unverify();
    await expect(sendTestCampaign(ctx, seed.campaign.id, { recipients: ['owner@shop-team.example', 'friend@elsewhere.example'] }))
      .rejects.toMatchObject({ code: 'POLICY', message: expect.stringContaining('friend@elsewhere.example: not a member of this account') as string });
    expect(await getQueue(QUEUES.systemMail).count()).toBe(0);

    await sendTestCampaign(ctx, seed.campaign.id, { recipients: ['Owner@Shop-Team.example'] });
    const mail = await arrived(owner.email);
    expect(mail.from?.value[0]?.address).toBe(PLATFORM);
    expect(mail.subject).toBe('[TEST] Neuigkeiten für Alex');
    expect(mail.text).toMatch(/^Test mail of Shop, sent from the Rundbrief address to a member of the account because Shop has no verified sender domain yet/);
    expect(String(mail.html)).toContain('Test mail of Shop');
    expect(mail.headers.get('x-rundbrief-test')).toBe('1');
    // Signed with the platform's key (its From domain), never the tenant's.
    expect((mail.headers.get('dkim-signature') as { params: { d: string } }).params.d).toBe('rundbrief.localhost');
  });

  it('with a verified domain: from the tenant identity, DKIM-signed by its domain, to anyone', async () => {
    await sendTestCampaign(ctx, seed.campaign.id, { recipients: ['friend@elsewhere.example'] });
    const mail = await arrived('friend@elsewhere.example');
    expect(mail.from?.value[0]?.address).toBe('news@news.shop.example');
    expect(String(mail.headers.get('dkim-signature') && (mail.headers.get('dkim-signature') as { params: { d: string } }).params.d)).toBe('news.shop.example');
    expect(mail.text).not.toContain('Test mail of Shop');
  });

  it('the worker refuses a test mail without identity to a non-member, and a mail whose identity lost its domain', async () => {
    await enqueueSystemMail({ kind: 'TEST_SEND', tenantId: seed.tenant.id, to: 'stranger@elsewhere.example', subject: '[TEST] x', html: '<p>x</p>', text: 'x', headers: {} });
    await unverify();
    await enqueueSystemMail({ kind: 'WELCOME', tenantId: seed.tenant.id, identityId: seed.identity.id, to: 'late@elsewhere.example', subject: 'Hi', html: '<p>MARKER-TENANT-HTML</p>', text: 'x', headers: {} });
    const failed = await waitFor(async () => ((await failedJobs()).length === 2 ? failedJobs() : null), 30_000, 'two refused jobs');
    expect(failed).toEqual(expect.arrayContaining([
      { to: 'stranger@elsewhere.example', reason: expect.stringContaining('goes only to members') as string },
      { to: 'late@elsewhere.example', reason: expect.stringContaining('no longer verified') as string },
    ]));
    expect(sink.received).toHaveLength(0);
  });
});

describe('consent mail', () => {
  const proof = { source: 'FORM' as const, ip: '203.0.113.7', userAgent: 'Firefox/140' };
  const evilList = () => getDb().list.update({
    where: { id: seed.list.id },
    data: { confirmationSubject: 'URGENT: verify your bank', confirmationMjml: EVIL_MJML, welcomeEnabled: true, welcomeSubject: 'URGENT welcome', welcomeMjml: EVIL_MJML },
  });

  it('without a verified domain: the platform template from the platform address, no tenant HTML, the name as text; its link confirms', async () => {
    await unverify();
    await evilList();
    await getDb().tenant.update({ where: { id: seed.tenant.id }, data: { name: 'Shop <b>Bold</b> & <a href="https://evil.example">Co</a>' } });
    await subscribe({ tenantId: seed.tenant.id }, { listId: seed.list.id, email: 'anna@kunde.example', ...proof });
    const mail = await arrived('anna@kunde.example');
    const html = String(mail.html);
    expect(mail.from?.value[0]?.address).toBe(PLATFORM);
    expect(mail.subject).toBe('Please confirm your subscription to Shop <b>Bold</b> & <a href="https://evil.example">Co</a>');
    for (const body of [html, mail.text ?? '']) {
      expect(body).not.toContain('MARKER-TENANT-HTML');
      expect(body).not.toContain('bank');
      expect(body).not.toContain('<script');
    }
    expect(html).not.toMatch(/href="https:\/\/evil\.example/);
    expect(html).not.toContain('<b>Bold');
    expect(html).toContain('Shop &#60;b&#62;Bold&#60;/b&#62;');
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;

    // The welcome mail after the click: the platform's too, with a working unsubscribe.
    await confirmSubscription({ token, ip: '198.51.100.9' });
    const welcome = await arrived('anna@kunde.example', (m) => m.subject !== mail.subject);
    expect(welcome.from?.value[0]?.address).toBe(PLATFORM);
    expect(welcome.subject).toMatch(/^Your subscription to Shop .* is confirmed$/);
    expect(String(welcome.html)).not.toContain('MARKER-TENANT-HTML');
    expect(welcome.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(welcome.text).toMatch(/Unsubscribe: \S+\/u\//);
  });

  it('with a verified domain the list\'s own mail goes out, from its identity', async () => {
    await getDb().list.update({ where: { id: seed.list.id }, data: { confirmationSubject: 'Bitte bestätigen', confirmationMjml: EVIL_MJML.replace(/<mj-raw>.*<\/mj-raw>/, '') } });
    await subscribe({ tenantId: seed.tenant.id }, { listId: seed.list.id, email: 'ben@kunde.example', ...proof });
    const mail = await arrived('ben@kunde.example');
    expect(mail.from?.value[0]?.address).toBe('news@news.shop.example');
    expect(mail.subject).toBe('Bitte bestätigen');
    expect(mail.text).toContain('MARKER-TENANT-HTML');
  });
});

describe('invitations', () => {
  it('use the platform template from the platform address, with the tenant name escaped, even with a verified domain', async () => {
    await getDb().tenant.update({ where: { id: seed.tenant.id }, data: { name: 'Shop <img src=x onerror=alert(1)>' } });
    await inviteMember(ctx, { email: 'new@shop-team.example', role: 'MARKETER' });
    const mail = await arrived('new@shop-team.example');
    expect(mail.from?.value[0]?.address).toBe(PLATFORM);
    expect(mail.subject).toBe('You are invited to Shop <img src=x onerror=alert(1)> on Rundbrief');
    expect(String(mail.html)).not.toContain('<img');
    expect(String(mail.html)).toContain('Shop &lt;img src=x onerror=alert(1)&gt;');
    expect(mail.text).toMatch(/owner@shop-team\.example invited you to join Shop <img src=x onerror=alert\(1\)> on Rundbrief as marketer\./);
  });
});
