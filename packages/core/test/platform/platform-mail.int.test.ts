// The platform's DKIM key and the record of platform mail, against Postgres and a loopback
// DNS server: the key is made once (even by concurrent callers) and stored encrypted;
// rotation is operator-only, audited and refuses to activate a key DNS does not serve; a
// bounce record is idempotent and never softened; the suppression counts recent hard
// bounces only; pruning removes old rows only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../../src/errors.ts';
import { applyPlatformBounce, clientTx } from '../../src/feedback/platform-bounce.ts';
import {
  activatePlatformDkimKey, discardPlatformDkimKey, ensurePlatformDkimKey, platformDkimSigningKey, platformMailSetup, preparePlatformDkimKey,
} from '../../src/platform/platform-dkim.ts';
import { platformMailSuppressed, prunePlatformMail, recordPlatformBounce, startPlatformMail } from '../../src/platform/platform-mail-log.ts';
import { createResolver } from '../../src/senders/dns.ts';
import { startDnsServer } from '../../src/senders/dns-test-server.ts';
import { failure, seedOperatorAndOwner } from './operators.ts';

const db = getDb();
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let who: Awaited<ReturnType<typeof seedOperatorAndOwner>>;

beforeAll(async () => { dns = await startDnsServer(); });
afterAll(async () => { dns.close(); });
beforeEach(async () => {
  who = await seedOperatorAndOwner();
  dns.zone.clear();
});

describe('platform DKIM key', () => {
  it('is made once, even by concurrent callers, and stored encrypted', async () => {
    const made = await Promise.all([ensurePlatformDkimKey(who.op), ensurePlatformDkimKey(who.op), ensurePlatformDkimKey(who.op)]);
    expect(new Set(made.map((m) => m.selector)).size).toBe(1);
    expect(made.filter((m) => m.created)).toHaveLength(1);
    expect(made[0]!.domain).toBe('rundbrief.localhost');
    expect((await ensurePlatformDkimKey(who.op)).created).toBe(false);
    const rows = await db.platformDkimKey.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.privateKeyEnc).toMatch(/^v1\./);
    expect(rows[0]!.privateKeyEnc).not.toContain('PRIVATE KEY');
  });

  it('rotation: operator only, audited, activation refused until DNS serves the new record', async () => {
    const first = await ensurePlatformDkimKey(who.op);
    const refused = await failure(preparePlatformDkimKey(who.owner));
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('FORBIDDEN');
    expect(await db.platformDkimKey.count()).toBe(1);

    const { selector } = await preparePlatformDkimKey(who.op);
    expect(selector).not.toBe(first.selector);
    expect(((await failure(preparePlatformDkimKey(who.op))) as DomainError).code).toBe('CONFLICT');
    const resolve = createResolver(dns.server);
    const setup = await platformMailSetup(who.op, { resolve });
    expect(setup.pending?.selector).toBe(selector);
    expect(setup.pendingRecord?.name).toBe(`${selector}._domainkey.rundbrief.localhost`);

    const early = await failure(activatePlatformDkimKey(who.op, { resolve }));
    expect((early as DomainError).code).toBe('PRECONDITION');
    expect((await platformDkimSigningKey()).selector).toBe(first.selector);

    dns.zone.set(setup.pendingRecord!.name, { TXT: [setup.pendingRecord!.value] });
    expect(((await failure(activatePlatformDkimKey(who.owner, { resolve }))) as DomainError).code).toBe('FORBIDDEN');
    await activatePlatformDkimKey(who.op, { resolve });
    expect((await platformDkimSigningKey()).selector).toBe(selector);
    expect((await platformMailSetup(who.op, { resolve })).records.find((r) => r.kind === 'DKIM')).toMatchObject({ name: setup.pendingRecord!.name, check: { status: 'PASS' } });
    expect(await db.platformDkimKey.count({ where: { retiredAt: { not: null } } })).toBe(1);

    await preparePlatformDkimKey(who.op);
    await discardPlatformDkimKey(who.op);
    expect(await db.platformDkimKey.count({ where: { activatedAt: null } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { action: { startsWith: 'platform.dkim.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['platform.dkim.prepare', 'op@platform.example'], ['platform.dkim.activate', 'op@platform.example'],
      ['platform.dkim.prepare', 'op@platform.example'], ['platform.dkim.discard', 'op@platform.example'],
    ]);
    expect(JSON.stringify(audit.map((a) => [a.target, a.details]))).not.toMatch(/PRIVATE|v1\./);
  });
});

describe('record of platform mail', () => {
  it('a retried job keeps its row; a bounce is idempotent and a soft report does not soften a hard bounce', async () => {
    const id = await startPlatformMail(who.tenantId, { jobId: '7', kind: 'INVITATION', to: 'X@Receiver.example' });
    expect(await startPlatformMail(who.tenantId, { jobId: '7', kind: 'INVITATION', to: 'x@receiver.example' })).toBe(id);
    expect(await startPlatformMail(null, { jobId: '7', kind: 'PASSWORD_RESET', to: 'x@receiver.example' })).not.toBe(id);

    const inbound = (await db.inboundMessage.create({ data: { kind: 'PLATFORM_BOUNCE', mailFrom: '', rcptTo: [], remoteIp: '192.0.2.1', raw: new Uint8Array(), size: 0 } })).id;
    const hard = { platformMailId: id, category: 'hard' as const, status: '5.1.1', diagnostic: '550 5.1.1 user\n unknown', inboundId: inbound };
    expect(await applyPlatformBounce(clientTx(), hard)).toBe('platform-hard');
    expect(await applyPlatformBounce(clientTx(), hard)).toBe('duplicate');
    const inbound2 = (await db.inboundMessage.create({ data: { kind: 'PLATFORM_BOUNCE', mailFrom: '', rcptTo: [], remoteIp: '192.0.2.1', raw: new Uint8Array(), size: 0 } })).id;
    expect(await applyPlatformBounce(clientTx(), { ...hard, category: 'soft', status: '4.2.2', inboundId: inbound2 })).toBe('duplicate');
    expect(await db.platformMail.findUniqueOrThrow({ where: { id } })).toMatchObject({ bounceCategory: 'hard', bounceStatus: '5.1.1', bounceDiagnostic: '550 5.1.1 user unknown' });
    expect(await applyPlatformBounce(clientTx(), { ...hard, platformMailId: '00000000-0000-4000-8000-000000000000' })).toBe('message-gone');
    expect(((await failure(recordPlatformBounce({ ...hard, platformMailId: '00000000-0000-4000-8000-000000000000' }))) as DomainError).code).toBe('NOT_FOUND');
  });

  it('suppresses after 2 recent hard bounces only; pruning removes old rows only', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 200 * 86_400_000);
    const to = 'gone@receiver.example';
    await db.platformMail.create({ data: { kind: 'INVITATION', recipient: to, createdAt: old, bouncedAt: old, bounceCategory: 'hard' } });
    await db.platformMail.create({ data: { kind: 'INVITATION', recipient: to, bouncedAt: now, bounceCategory: 'soft' } });
    await db.platformMail.create({ data: { kind: 'INVITATION', recipient: to, bouncedAt: now, bounceCategory: 'hard' } });
    expect(await platformMailSuppressed(to)).toBe(false); // one old, one soft, one recent hard
    await db.platformMail.create({ data: { kind: 'PASSWORD_RESET', recipient: to, bouncedAt: now, bounceCategory: 'hard' } });
    expect(await platformMailSuppressed('Gone@Receiver.example')).toBe(true);
    expect(await platformMailSuppressed('other@receiver.example')).toBe(false);

    expect(await prunePlatformMail(now)).toBe(1);
    expect(await db.platformMail.count()).toBe(3);
  });
});
