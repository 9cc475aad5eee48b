// Operators manage the sending IP pool without SQL: add, edit HELO name and warm-up cap,
// disable and enable. Only operators may; a tenant user is refused; every change is audited.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { addSendingIp, editSendingIp, setSendingIpEnabled } from '../../src/platform/sending-ips.ts';
import type { OperatorActor } from '../../src/platform/operator.ts';
import { failure, seedOperatorAndOwner, zodMessages } from './operators.ts';

let op: OperatorActor;
let member: OperatorActor;

beforeEach(async () => {
  ({ op, owner: member } = await seedOperatorAndOwner());
});
afterAll(() => getDb().$disconnect());

describe('sending IPs', () => {
  it('adds, edits, disables and enables an IP; each change is in the platform audit log', async () => {
    const ip = await addSendingIp(op, { address: ' 192.0.2.10 ', heloName: 'MTA3.Mail.Example', dailyLimit: '500' });
    expect(ip).toMatchObject({ address: '192.0.2.10', heloName: 'mta3.mail.example', dailyLimit: 500, status: 'ACTIVE' });
    expect(ip.warmupStartedAt).toBeInstanceOf(Date);

    const same = await editSendingIp(op, ip.id, { heloName: 'mta3b.mail.example', dailyLimit: '500' });
    expect(same.warmupStartedAt).toEqual(ip.warmupStartedAt); // an unchanged cap keeps the warm-up's day
    const uncapped = await editSendingIp(op, ip.id, { heloName: 'mta3b.mail.example', dailyLimit: '' });
    expect(uncapped).toMatchObject({ dailyLimit: null, warmupStartedAt: null });

    expect((await setSendingIpEnabled(op, ip.id, false)).status).toBe('DISABLED');
    expect((await setSendingIpEnabled(op, ip.id, true)).status).toBe('ACTIVE');

    const log = await getDb().auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(log.map((l) => [l.tenantId, l.action, l.target, l.actor, l.ip])).toEqual([
      [null, 'platform.sending_ip.add', '192.0.2.10', op.email, op.ip],
      [null, 'platform.sending_ip.update', '192.0.2.10', op.email, op.ip],
      [null, 'platform.sending_ip.update', '192.0.2.10', op.email, op.ip],
      [null, 'platform.sending_ip.disable', '192.0.2.10', op.email, op.ip],
      [null, 'platform.sending_ip.enable', '192.0.2.10', op.email, op.ip],
    ]);
    expect(log[1]!.details).toEqual({ before: { heloName: 'mta3.mail.example', dailyLimit: 500 }, after: { heloName: 'mta3b.mail.example', dailyLimit: 500 } });
  });

  it('enabling an IP that a blocklist still lists keeps it out of rotation (LISTED)', async () => {
    const ip = await addSendingIp(op, { address: '2001:db8::25', heloName: 'mta6.mail.example', dailyLimit: '' });
    await getDb().sendingIp.update({ where: { id: ip.id }, data: { status: 'DISABLED', listings: [{ zone: 'zen.spamhaus.org', codes: ['127.0.0.2'], reason: null, since: '2026-12-01T00:00:00Z' }] } });
    expect((await setSendingIpEnabled(op, ip.id, true)).status).toBe('LISTED');
  });

  it('refuses a tenant user, changing nothing', async () => {
    const ip = await addSendingIp(op, { address: '192.0.2.11', heloName: 'mta4.mail.example', dailyLimit: '' });
    for (const p of [
      addSendingIp(member, { address: '192.0.2.12', heloName: 'mta5.mail.example', dailyLimit: '' }),
      editSendingIp(member, ip.id, { heloName: 'evil.example.net', dailyLimit: '' }),
      setSendingIpEnabled(member, ip.id, false),
    ]) expect(await failure(p)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await getDb().sendingIp.findMany({ select: { address: true, heloName: true, status: true } })).toEqual([
      { address: '192.0.2.11', heloName: 'mta4.mail.example', status: 'ACTIVE' },
    ]);
    expect(await getDb().auditLog.count()).toBe(1);
  });

  it('refuses a bad address, HELO name or cap, saying why; a duplicate is a conflict', async () => {
    expect(await zodMessages(addSendingIp(op, { address: '192.0.2.300', heloName: 'mta.mail.example', dailyLimit: '' }))).toEqual(['Enter an IPv4 or IPv6 address, such as 192.0.2.10.']);
    expect(await zodMessages(addSendingIp(op, { address: '192.0.2.1', heloName: 'localhost', dailyLimit: '' }))).toEqual(['Enter the host name this IP announces, such as mta1.mail.example (it should match the IP’s reverse DNS).']);
    expect(await zodMessages(addSendingIp(op, { address: '192.0.2.1', heloName: 'mta_1.mail.example', dailyLimit: '' }))).toHaveLength(1);
    expect(await zodMessages(addSendingIp(op, { address: '192.0.2.1', heloName: 'mta.mail.example', dailyLimit: '0' }))).toEqual(['The cap must be at least 1 message per day (empty: no cap).']);
    expect(await zodMessages(addSendingIp(op, { address: '192.0.2.1', heloName: 'mta.mail.example', dailyLimit: '1.5' }))).toEqual(['Enter a whole number of messages per day.']);
    await addSendingIp(op, { address: '192.0.2.1', heloName: 'mta.mail.example', dailyLimit: '' });
    expect(await failure(addSendingIp(op, { address: '192.0.2.1', heloName: 'mta.mail.example', dailyLimit: '' }))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(setSendingIpEnabled(op, 'not-an-id', false))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().sendingIp.count()).toBe(1);
  });
});
