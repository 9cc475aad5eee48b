// Platform mail end to end, through a real worker, SMTP sink, loopback DNS server and the
// inbound SMTP server: an invitation is DKIM-signed d=<platform domain> with the platform's
// key (mailauth authenticate passes it against the records the operator page shows), its
// envelope names it (p-<id>-<mac>@BOUNCE_DOMAIN), a real DSN sent back to that address is
// recorded and shown to the inviting tenant admin, a forged one is not; an address that
// hard-bounced repeatedly gets no more platform mail.
import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from 'mailauth';
import { closeQueues, enqueueSystemMail, getQueue, inviteMember, QUEUES, type TenantCtx } from '@rundbrief/core';
import { parsePlatformVerp, platformVerpAddress } from '@rundbrief/core/deliverability/platform-verp';
import { platformMailSetup } from '@rundbrief/core/platform/platform-dkim';
import { listInvitationBounces, listPlatformMailBounces } from '@rundbrief/core/platform/platform-mail-log';
import { createResolver } from '@rundbrief/core/senders/dns';
import { startDnsServer } from '@rundbrief/core/senders/dns-test-server';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';
import { deliver, dsn } from '../inbound/fixtures.ts';
import { seedSending, startSink, startWorker, waitFor, type WorkerProc } from './fixtures.ts';

const db = getDb();
let sink: Awaited<ReturnType<typeof startSink>>;
let worker: WorkerProc;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let inbound: SMTPServer;
let inboundPort: number;
let ctx: TenantCtx;
let op: { userId: string; email: string; ip: null };

beforeAll(async () => {
  await truncateAll();
  await getQueue(QUEUES.systemMail).obliterate({ force: true });
  sink = await startSink();
  dns = await startDnsServer();
  inbound = createInboundServer();
  inboundPort = await listenInbound(inbound, 0);
  // The worker sends system mail and applies inbound mail, as in production.
  worker = await startWorker({ SMTP_RELAY_URL: `smtp://127.0.0.1:${sink.port}`, WORKER_QUEUES: 'system-mail,inbound' });
  const seed = await seedSending({ recipients: [] });
  const user = await db.user.create({ data: { email: 'admin@shop-team.example', passwordHash: 'x' } });
  await db.membership.create({ data: { tenantId: seed.tenant.id, userId: user.id, role: 'OWNER' } });
  ctx = { tenantId: seed.tenant.id, userId: user.id, role: 'OWNER', actor: user.email, ip: '203.0.113.5' };
  const o = await db.user.create({ data: { email: 'op@platform.example', passwordHash: 'x', isPlatformOperator: true } });
  op = { userId: o.id, email: o.email, ip: null };
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await sink?.close();
  await new Promise<void>((r) => (inbound ? inbound.close(() => r()) : r()));
  dns?.close();
  await closeQueues();
});

/** Publishes what the operator page says to publish, in the loopback DNS. */
async function publishPlatformRecords() {
  const setup = await platformMailSetup(op, { resolve: createResolver(dns.server) });
  for (const r of setup.records) {
    const at = dns.zone.get(r.name) ?? {};
    if (r.type === 'TXT') at.TXT = [...(at.TXT ?? []), r.value];
    else at.MX = [{ exchange: r.value, priority: r.priority ?? 10 }];
    dns.zone.set(r.name, at);
  }
  return setup;
}

const received = (to: string) => waitFor(() => sink.received.find((m) => m.rcptTo === to), 30_000, `mail to ${to}`);

describe('platform mail', () => {
  let invitation: Awaited<ReturnType<typeof received>>;

  it('an invitation is DKIM-signed d=<platform domain> and passes mailauth with the published records', async () => {
    await inviteMember(ctx, { email: 'new.colleague@receiver.example', role: 'MARKETER' });
    invitation = await received('new.colleague@receiver.example');
    const setup = await publishPlatformRecords();
    expect(setup.domain).toBe('rundbrief.localhost');
    const dkimRecord = setup.records.find((r) => r.kind === 'DKIM')!;
    expect(dkimRecord.check.status).toBe('FAIL'); // checked before it was published
    expect((await platformMailSetup(op, { resolve: createResolver(dns.server) })).records.find((r) => r.kind === 'DKIM')!.check.status).toBe('PASS');

    const auth = await authenticate(invitation.raw, {
      ip: invitation.remoteIp, helo: invitation.helo, sender: invitation.mailFrom, mta: 'mx.receiver.example', resolver: createResolver(dns.server) as never,
    });
    const dkim = auth.dkim.results.find((r) => r.signingDomain === 'rundbrief.localhost');
    expect(dkim?.status.result).toBe('pass');
    expect(dkim?.selector).toBe(setup.active!.selector);
    expect(auth.spf && auth.spf.status.result).toBe('pass');
    expect(auth.dmarc && auth.dmarc.status.result).toBe('pass');

    // The envelope names this mail's PlatformMail row.
    const id = parsePlatformVerp(invitation.mailFrom);
    const row = await db.platformMail.findUniqueOrThrow({ where: { id: id! } });
    expect(row).toMatchObject({ kind: 'INVITATION', tenantId: ctx.tenantId, recipient: 'new.colleague@receiver.example', bounceCategory: null });
    expect(row.sentAt).not.toBeNull();
  });

  it('a real DSN to the invitation\'s return path is recorded and shown to the tenant admin and the operator', async () => {
    const id = parsePlatformVerp(invitation.mailFrom)!;
    const sent = await deliver(inboundPort, invitation.mailFrom, dsn({
      recipient: 'new.colleague@receiver.example', status: '5.1.1', originalReturnPath: invitation.mailFrom,
      diagnostic: '550 5.1.1 <new.colleague@receiver.example>: Recipient address rejected: User unknown in virtual mailbox table',
    }));
    expect(sent.ok).toBe(true);
    const row = await waitFor(async () => {
      const r = await db.platformMail.findUniqueOrThrow({ where: { id } });
      return r.bouncedAt ? r : null;
    }, 30_000, 'bounce recorded');
    expect(row.bounceCategory).toBe('hard');
    expect(row.bounceStatus).toBe('5.1.1');
    expect(row.inboundId).not.toBeNull();

    const shown = await listInvitationBounces(ctx);
    expect(shown).toEqual([expect.objectContaining({ recipient: 'new.colleague@receiver.example', reason: expect.stringContaining('User unknown') })]);
    const operator = await listPlatformMailBounces(op);
    expect(operator.map((b) => [b.recipient, b.kind, b.bounceCategory, b.tenant?.name])).toEqual([['new.colleague@receiver.example', 'INVITATION', 'hard', 'Shop']]);
    // Another tenant's admin sees none of it.
    const other = await seedSending({ recipients: [], domain: 'other.example' });
    const otherAdmin = await db.user.create({ data: { email: 'admin@other.example', passwordHash: 'x' } });
    await db.membership.create({ data: { tenantId: other.tenant.id, userId: otherAdmin.id, role: 'OWNER' } });
    expect(await listInvitationBounces({ tenantId: other.tenant.id, userId: otherAdmin.id, role: 'OWNER', actor: otherAdmin.email, ip: null })).toEqual([]);
  });

  it('forged DSNs change nothing: a bad MAC is refused at RCPT, an unknown id is accepted and ignored', async () => {
    const victim = await db.platformMail.create({ data: { kind: 'PASSWORD_RESET', recipient: 'victim@receiver.example', sentAt: new Date() } });
    const good = platformVerpAddress(victim.id);
    const badMac = good.replace(/-([0-9a-f]{8})@/, (_m, mac: string) => `-${mac[0] === '0' ? '1' : '0'}${mac.slice(1)}@`);
    const body = (rp: string) => dsn({ recipient: 'victim@receiver.example', status: '5.1.1', diagnostic: '550 5.1.1 User unknown', originalReturnPath: rp });
    const refused = await deliver(inboundPort, badMac, body(badMac));
    expect(refused).toMatchObject({ ok: false, code: 550 });

    const unknownId = platformVerpAddress('00000000-0000-4000-8000-000000000000');
    const before = await db.inboundMessage.count();
    expect((await deliver(inboundPort, unknownId, body(unknownId))).ok).toBe(true);
    const processed = await waitFor(async () => {
      const rows = await db.inboundMessage.findMany({ orderBy: { receivedAt: 'desc' }, take: 1 });
      return (await db.inboundMessage.count()) > before && rows[0]!.status !== 'PENDING' ? rows[0] : null;
    }, 30_000, 'forged DSN processed');
    expect((processed.result as { effect?: string }).effect).toBe('message-gone');
    expect((await db.platformMail.findUniqueOrThrow({ where: { id: victim.id } })).bouncedAt).toBeNull();
    expect(await db.platformMail.count({ where: { bouncedAt: { not: null } } })).toBe(1); // the real one only
  });

  it('an SMTP 5xx is a hard bounce too; after repeated hard bounces the address gets no platform mail', async () => {
    const to = 'gone@bounce.test';
    const q = getQueue(QUEUES.systemMail);
    const outcome = async (job: Awaited<ReturnType<typeof enqueueSystemMail>>) =>
      waitFor(async () => (await q.getJob(job.id!))?.returnvalue as { delivered: boolean; reply: string } | undefined, 30_000, 'job done');
    const mail = { kind: 'PASSWORD_RESET' as const, to, subject: 'Reset', html: '<p>x</p>', text: 'x', headers: {} };

    expect((await outcome(await enqueueSystemMail(mail))).delivered).toBe(false);
    expect(sink.rejected.filter((r) => r.rcptTo === to)).toHaveLength(1);
    expect(await db.platformMail.findFirstOrThrow({ where: { recipient: to } })).toMatchObject({ bounceCategory: 'hard', bounceStatus: '5.1.1' });

    expect((await outcome(await enqueueSystemMail(mail))).delivered).toBe(false);
    expect(sink.rejected.filter((r) => r.rcptTo === to)).toHaveLength(2);

    const third = await outcome(await enqueueSystemMail(mail));
    expect(third).toMatchObject({ delivered: false, reply: expect.stringContaining('hard-bounced platform mail repeatedly') });
    expect(sink.rejected.filter((r) => r.rcptTo === to)).toHaveLength(2); // not attempted
    expect(await db.platformMail.count({ where: { recipient: to } })).toBe(2);
  });
});
