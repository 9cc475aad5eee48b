// Operator edits of whom the platform believes: FBL reporters and trusted proxies are
// validated with messages an operator can act on, and every change is audited.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { removeFblReporter, saveFblReporter, saveTrustedProxies } from '../../src/platform/operator-settings.ts';
import { forgetPlatformSettings, platformSettings } from '../../src/platform/settings.ts';

const actor = { userId: '00000000-0000-4000-8000-000000000001', email: 'op@platform.example', ip: '198.51.100.7' };
const messages = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ZodError);
  return (err as ZodError).issues.map((i) => i.message);
};

beforeEach(async () => {
  await truncateAll();
  forgetPlatformSettings();
  // the use cases check the operator themselves (not only the server action)
  await getDb().user.create({ data: { id: actor.userId, email: actor.email, passwordHash: 'x', isPlatformOperator: true } });
});
afterAll(() => getDb().$disconnect());

describe('FBL reporters', () => {
  it('adds, replaces by name and removes a reporter; each change is in the audit log', async () => {
    await saveFblReporter(actor, { name: 'Provider', ips: '192.0.2.0/24\n2001:db8::/48', dkimDomains: 'FBL.Provider.example' });
    expect((await platformSettings()).fblReporters).toEqual([{ name: 'Provider', ips: ['192.0.2.0/24', '2001:db8::/48'], dkimDomains: ['fbl.provider.example'] }]);
    await saveFblReporter(actor, { name: 'provider', ips: '203.0.113.5', dkimDomains: '' });
    expect((await platformSettings()).fblReporters).toEqual([{ name: 'provider', ips: ['203.0.113.5'], dkimDomains: [] }]);
    await removeFblReporter(actor, 'provider');
    expect((await platformSettings()).fblReporters).toEqual([]);
    const log = await getDb().auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(log.map((l) => [l.action, l.target, l.actor, l.ip])).toEqual([
      ['platform.fbl_reporter.add', 'Provider', actor.email, actor.ip],
      ['platform.fbl_reporter.update', 'provider', actor.email, actor.ip],
      ['platform.fbl_reporter.remove', 'provider', actor.email, actor.ip],
    ]);
    expect(log[1]!.details).toMatchObject({ before: { name: 'Provider' }, after: { ips: ['203.0.113.5'] } });
  });

  it('refuses what would admit the wrong senders, saying why, and changes nothing', async () => {
    expect(await messages(saveFblReporter(actor, { name: 'X', ips: '', dkimDomains: '' }))).toEqual([
      'Give at least one source address (IP or CIDR) or one DKIM domain; a reporter without either admits nothing.',
    ]);
    expect(await messages(saveFblReporter(actor, { name: 'X', ips: '0.0.0.0/0', dkimDomains: '' }))).toEqual([
      'Source address: "0.0.0.0/0" is too wide (IPv4 ranges must be /8 or narrower)',
    ]);
    expect(await messages(saveFblReporter(actor, { name: 'X', ips: '192.0.2.300', dkimDomains: '' }))).toEqual([
      'Source address: "192.0.2.300" is not an IPv4 or IPv6 address',
    ]);
    expect(await messages(saveFblReporter(actor, { name: 'X', ips: '', dkimDomains: 'not a domain' }))).toContain('DKIM domain: enter a domain name such as fbl.provider.example');
    expect(await messages(saveFblReporter(actor, { name: ' ', ips: '192.0.2.1', dkimDomains: '' }))).toEqual(['Name the reporter (for example "Microsoft JMRP").']);
    expect((await platformSettings()).fblReporters).toEqual([]);
    expect(await getDb().auditLog.count()).toBe(0);
  });
});

describe('trusted proxies', () => {
  it('saves valid ranges with an audit entry and refuses a bad one', async () => {
    await saveTrustedProxies(actor, { trustedProxies: '10.0.0.0/24, ::1' });
    expect((await platformSettings()).trustedProxies).toEqual(['10.0.0.0/24', '::1']);
    expect(await messages(saveTrustedProxies(actor, { trustedProxies: '10.0.0.5/24' }))).toEqual([
      'Proxy: "10.0.0.5/24" has host bits set; the network is 10.0.0.0/24',
    ]);
    expect((await platformSettings()).trustedProxies).toEqual(['10.0.0.0/24', '::1']);
    const log = await getDb().auditLog.findMany();
    expect(log.map((l) => [l.action, l.details])).toEqual([['platform.trusted_proxies.update', { before: [], after: ['10.0.0.0/24', '::1'] }]]);
  });
});
