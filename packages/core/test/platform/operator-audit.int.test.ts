// Every operator change on /admin leaves an audit entry naming the operator (user, e-mail,
// address) with the state before and after: sending IPs (add, edit, disable, enable, end a
// rest), tenant limits, suspend and resume, blocklist add and remove, feedback-loop
// reporters and trusted proxies. A tenant user is refused by each and leaves no entry.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { closeIpBlocks, endIpRest, markIpBlockedForDomain } from '../../src/platform/ip-blocks.ts';
import { addSendingIp, editSendingIp, setSendingIpEnabled } from '../../src/platform/sending-ips.ts';
import { setTenantSendLimits } from '../../src/platform/tenant-limits.ts';
import { suspendTenant, unsuspendTenant } from '../../src/feedback/suspension.ts';
import { addBlockedEntry, removeBlockedEntry } from '../../src/platform/platform-blocklist.ts';
import { removeFblReporter, saveFblReporter, saveTrustedProxies } from '../../src/platform/operator-settings.ts';
import type { OperatorActor } from '../../src/platform/operator.ts';
import { failure, seedOperatorAndOwner } from './operators.ts';

let op: OperatorActor;
let owner: OperatorActor;
let tenantId: string;

beforeEach(async () => {
  ({ op, owner, tenantId } = await seedOperatorAndOwner());
});
afterAll(async () => {
  await closeIpBlocks();
  await getDb().$disconnect();
});

const entries = async () => (await getDb().auditLog.findMany({ orderBy: { id: 'asc' } }))
  .map((e) => ({ tenantId: e.tenantId, userId: e.userId, actor: e.actor, ip: e.ip, action: e.action, target: e.target, details: e.details as Record<string, unknown> }));

describe('operator audit trail', () => {
  it('each operator change writes one entry with the operator and before/after', async () => {
    const ip = await addSendingIp(op, { address: '127.0.0.9', heloName: 'mta9.rundbrief.test', dailyLimit: '' });
    await editSendingIp(op, ip.id, { heloName: 'mta9b.rundbrief.test', dailyLimit: '500' });
    await setSendingIpEnabled(op, ip.id, false);
    await setSendingIpEnabled(op, ip.id, true);
    await markIpBlockedForDomain('127.0.0.9', 'gmail.com', 60, 'test');
    await endIpRest(op, '127.0.0.9', 'Gmail.com');
    await setTenantSendLimits(op, tenantId, { sendRatePerMinute: '100', dailySendLimit: '5000' });
    await suspendTenant({ operatorId: op.userId, operatorEmail: op.email, ip: op.ip }, tenantId, { reason: 'complaint spike' });
    await unsuspendTenant({ operatorId: op.userId, operatorEmail: op.email, ip: op.ip }, tenantId);
    const entry = await addBlockedEntry(op, { value: 'example.org', kind: 'FORM_SPAM_DOMAIN', note: '' });
    await removeBlockedEntry(op, entry.id);
    await saveFblReporter(op, { name: 'Example FBL', ips: '192.0.2.1', dkimDomains: 'fbl.example' });
    await removeFblReporter(op, 'Example FBL');
    await saveTrustedProxies(op, { trustedProxies: '10.0.0.1' });

    const log = await entries();
    expect(log.map((e) => [e.action, e.target, e.tenantId])).toEqual([
      ['platform.sending_ip.add', '127.0.0.9', null],
      ['platform.sending_ip.update', '127.0.0.9', null],
      ['platform.sending_ip.disable', '127.0.0.9', null],
      ['platform.sending_ip.enable', '127.0.0.9', null],
      ['platform.sending_ip.rest_end', '127.0.0.9', null],
      ['tenant.send_limits.update', tenantId, tenantId],
      ['tenant.suspend', tenantId, tenantId],
      ['tenant.unsuspend', tenantId, tenantId],
      ['platform.blocklist.add', 'example.org', null],
      ['platform.blocklist.remove', 'example.org', null],
      ['platform.fbl_reporter.add', 'Example FBL', null],
      ['platform.fbl_reporter.remove', 'Example FBL', null],
      ['platform.trusted_proxies.update', 'trustedProxies', null],
    ]);
    for (const e of log) {
      expect(e, e.action).toMatchObject({ userId: op.userId, actor: op.email, ip: op.ip });
      expect(Object.keys(e.details), e.action).toEqual(expect.arrayContaining(['before', 'after']));
    }
    const details = Object.fromEntries(log.map((e) => [e.action, e.details]));
    expect(details['platform.sending_ip.add']).toMatchObject({ before: null, after: { heloName: 'mta9.rundbrief.test', dailyLimit: null } });
    expect(details['platform.sending_ip.update']).toEqual({ before: { heloName: 'mta9.rundbrief.test', dailyLimit: null }, after: { heloName: 'mta9b.rundbrief.test', dailyLimit: 500 } });
    expect(details['platform.sending_ip.disable']).toEqual({ before: 'ACTIVE', after: 'DISABLED' });
    expect(details['platform.sending_ip.enable']).toEqual({ before: 'DISABLED', after: 'ACTIVE' });
    expect(details['platform.sending_ip.rest_end']).toEqual({ domain: 'gmail.com', before: { resting: true }, after: { resting: false } });
    expect(details['tenant.send_limits.update']).toEqual({ before: { sendRatePerMinute: 6000, dailySendLimit: null }, after: { sendRatePerMinute: 100, dailySendLimit: 5000 } });
    expect(details['tenant.suspend']).toMatchObject({ before: { status: 'ACTIVE', suspendedReason: null }, after: { status: 'SUSPENDED', suspendedReason: 'complaint spike' } });
    expect(details['tenant.unsuspend']).toEqual({ before: { status: 'SUSPENDED', suspendedReason: 'complaint spike' }, after: { status: 'ACTIVE', suspendedReason: null } });
    expect(details['platform.blocklist.add']).toEqual({ before: null, after: { kind: 'FORM_SPAM_DOMAIN', note: null } });
    expect(details['platform.blocklist.remove']).toEqual({ before: { kind: 'FORM_SPAM_DOMAIN', note: null }, after: null });
    expect(details['platform.fbl_reporter.add']).toMatchObject({ before: null, after: { name: 'Example FBL' } });
    expect(details['platform.fbl_reporter.remove']).toMatchObject({ before: { name: 'Example FBL' }, after: null });
    expect(details['platform.trusted_proxies.update']).toEqual({ before: [], after: ['10.0.0.1'] });
  });

  it('a tenant user is refused by every operator change and leaves no entry', async () => {
    const ip = await getDb().sendingIp.create({ data: { address: '127.0.0.8', heloName: 'mta8.rundbrief.test' } });
    const asOwner = { operatorId: owner.userId, operatorEmail: owner.email, ip: owner.ip };
    const attempts = [
      addSendingIp(owner, { address: '127.0.0.10', heloName: 'x.rundbrief.test', dailyLimit: '' }),
      editSendingIp(owner, ip.id, { heloName: 'x.rundbrief.test', dailyLimit: '' }),
      setSendingIpEnabled(owner, ip.id, false),
      endIpRest(owner, '127.0.0.8', 'gmail.com'),
      setTenantSendLimits(owner, tenantId, { sendRatePerMinute: '1', dailySendLimit: '1' }),
      suspendTenant(asOwner, tenantId, { reason: 'because' }),
      unsuspendTenant(asOwner, tenantId),
      addBlockedEntry(owner, { value: 'example.org', kind: 'FORM_SPAM_DOMAIN', note: '' }),
      saveFblReporter(owner, { name: 'Evil', ips: '192.0.2.66', dkimDomains: '' }),
      removeFblReporter(owner, 'Evil'),
      saveTrustedProxies(owner, { trustedProxies: '0.0.0.0/0' }),
    ];
    for (const a of attempts) expect(await failure(a)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await entries()).toEqual([]);
    expect(await getDb().platformSetting.findFirst()).toBeNull();
  });
});
