// The dev DNS: records in Postgres served over real UDP by the same server the stack's `dns`
// process runs; the demo domain's seed path (publish + real check); the 72 h grace case.
import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/errors.ts';
import {
  addSenderDomain, checkSenderDomain, createResolver, domainState, getSenderDomain, lookupMx, lookupTxt,
  recheckAllSenderDomains, VERIFICATION_GRACE_MS,
} from '../../src/senders/index.ts';
import {
  addDevDnsRecord, devDnsEnabled, listDevDnsRecords, publishExpectedRecords, removeDevDnsRecord, startDevDnsServer, writeExpectedRecords,
} from '../../src/senders/dev-dns.ts';

let dns: Awaited<ReturnType<typeof startDevDnsServer>>;
const resolve = () => createResolver(dns.server);
const saved = { port: process.env.DEV_DNS_PORT, resolver: process.env.DNS_RESOLVER };

beforeAll(async () => {
  dns = await startDevDnsServer();
});
afterAll(async () => {
  await dns.close();
  await getDb().$disconnect();
});
beforeEach(async () => {
  await truncateAll();
  process.env.DEV_DNS_PORT = String(dns.port);
  process.env.DNS_RESOLVER = dns.server;
  await getDb().sendingIp.createMany({ data: [{ address: '192.0.2.10', heloName: 'mta1.rundbrief.test' }] });
});
afterEach(() => {
  process.env.DEV_DNS_PORT = saved.port;
  process.env.DNS_RESOLVER = saved.resolver;
  if (saved.port === undefined) delete process.env.DEV_DNS_PORT;
  if (saved.resolver === undefined) delete process.env.DNS_RESOLVER;
});

async function operator() {
  const u = await getDb().user.create({ data: { email: `op-${Math.random().toString(36).slice(2, 8)}@rundbrief.test`, passwordHash: 'x', isPlatformOperator: true } });
  return { userId: u.id, email: u.email, ip: '127.0.0.1' };
}

describe('dev DNS', () => {
  it('is enabled only with DEV_DNS_PORT and DNS_RESOLVER on loopback at that port', () => {
    expect(devDnsEnabled({ DEV_DNS_PORT: '5354', DNS_RESOLVER: '127.0.0.1:5354' })).toBe(true);
    expect(devDnsEnabled({ DEV_DNS_PORT: '5354' })).toBe(false); // real DNS: nothing to publish into
    expect(devDnsEnabled({ DEV_DNS_PORT: '5354', DNS_RESOLVER: '10.0.0.53:5354' })).toBe(false);
    expect(devDnsEnabled({ DNS_RESOLVER: '127.0.0.1:5354' })).toBe(false);
    expect(devDnsEnabled({})).toBe(false);
  });

  it('refuses every change when it is off', async () => {
    delete process.env.DEV_DNS_PORT;
    const op = await operator();
    await expect(addDevDnsRecord(op, { name: 'x.example', type: 'TXT', value: 'hi' })).rejects.toMatchObject({ code: 'PRECONDITION' });
    await expect(listDevDnsRecords(op)).rejects.toMatchObject({ code: 'PRECONDITION' });
    expect(await getDb().devDnsRecord.count()).toBe(0);
  });

  it('serves records added through the core function over UDP at once, and forgets removed ones', async () => {
    const op = await operator();
    const txt = await addDevDnsRecord(op, { name: 'News.Example.org.', type: 'TXT', value: '"v=spf1 ip4:192.0.2.10 -all"' });
    await addDevDnsRecord(op, { name: 'bounces.news.example.org', type: 'MX', value: 'in.rundbrief.test', priority: '5' });
    await addDevDnsRecord(op, { name: 'host.news.example.org', type: 'A', value: '127.0.0.9' });
    const long = `v=DKIM1; k=rsa; p=${'A'.repeat(400)}`; // longer than one 255-octet string
    await addDevDnsRecord(op, { name: 'rb._domainkey.news.example.org', type: 'TXT', value: long });

    expect(txt).toMatchObject({ name: 'news.example.org', value: 'v=spf1 ip4:192.0.2.10 -all', priority: null });
    expect(await lookupTxt(resolve(), 'news.example.org')).toEqual(['v=spf1 ip4:192.0.2.10 -all']);
    expect(await lookupTxt(resolve(), 'rb._domainkey.news.example.org')).toEqual([long]);
    expect(await lookupMx(resolve(), 'bounces.news.example.org')).toEqual([{ exchange: 'in.rundbrief.test', priority: 5 }]);
    expect(await resolve()('host.news.example.org', 'A')).toEqual(['127.0.0.9']);
    expect((await listDevDnsRecords(op, { search: 'DKIM1' })).map((r) => r.name)).toEqual(['rb._domainkey.news.example.org']);

    await removeDevDnsRecord(op, txt.id);
    expect(await lookupTxt(resolve(), 'news.example.org')).toEqual([]);
    await expect(removeDevDnsRecord(op, txt.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getDb().auditLog.findMany({ where: { userId: op.userId } })).map((a) => a.action).sort())
      .toEqual(['dev_dns.add', 'dev_dns.add', 'dev_dns.add', 'dev_dns.add', 'dev_dns.remove']);
  });

  it('validates records with a message per field', async () => {
    const op = await operator();
    const fields = async (input: Record<string, unknown>) => {
      const err = await addDevDnsRecord(op, input).catch((e: unknown) => e);
      expect(err).toHaveProperty('issues');
      return Object.fromEntries((err as { issues: { path: string[]; message: string }[] }).issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(await fields({ name: 'bad name!', type: 'TXT', value: 'x' })).toMatchObject({ name: expect.stringContaining('is not a DNS name') });
    expect(await fields({ name: 'a.example', type: 'SRV', value: 'x' })).toMatchObject({ type: 'Choose TXT, MX, A or CNAME.' });
    expect(await fields({ name: 'a.example', type: 'A', value: '999.1.1.1' })).toMatchObject({ value: expect.stringContaining('IPv4') });
    expect(await fields({ name: 'a.example', type: 'MX', value: 'mx.example' })).toMatchObject({ priority: expect.stringContaining('needs a priority') });
    expect(await fields({ name: 'a.example', type: 'MX', value: 'mx.example', priority: '70000' })).toMatchObject({ priority: 'The priority is 0 to 65535.' });
    expect(await fields({ name: 'a.example', type: 'TXT', value: '' })).toMatchObject({ value: 'Enter the value.' });
    expect(await getDb().devDnsRecord.count()).toBe(0);
  });

  it('refuses changes by a non-operator', async () => {
    const u = await getDb().user.create({ data: { email: 'user@rundbrief.test', passwordHash: 'x' } });
    await expect(addDevDnsRecord({ userId: u.id, email: u.email, ip: null }, { name: 'a.example', type: 'TXT', value: 'x' }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('publishes a domain\'s expected records so the real check passes; re-publishing replaces, not duplicates', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'shop.example' });
    await getDb().devDnsRecord.create({ data: { name: 'shop.example', type: 'TXT', value: 'google-site-verification=keep-me' } });
    const { records } = await publishExpectedRecords({ tenantId: a.id }, { domainId: d.id });
    await publishExpectedRecords({ tenantId: a.id }, { domainId: d.id });
    const view = await getSenderDomain({ tenantId: a.id }, { domainId: d.id });
    expect(records).toBe(view.records.length);
    expect(await getDb().devDnsRecord.count()).toBe(view.records.length + 1);
    expect(await lookupTxt(resolve(), 'shop.example')).toContain('google-site-verification=keep-me');

    const checked = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(checked.records.map((r) => [r.kind, r.status, r.problem])).toEqual(checked.records.map((r) => [r.kind, 'PASS', null]));
    expect(checked.verified).toBe(true);
    expect(domainState(checked).summary).toMatch(/^shop\.example is verified/);
  });

  it('publishes only the caller\'s own domain, and not a name another account has added', async () => {
    const { a, b } = await seedTwoTenants();
    const da = await addSenderDomain({ tenantId: a.id }, { domain: 'shop.example' });
    // B cannot name A's domain by id ...
    await expect(publishExpectedRecords({ tenantId: b.id }, { domainId: da.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // ... nor add the same name and overwrite the records A's verification reads
    const db = await addSenderDomain({ tenantId: b.id }, { domain: 'shop.example' });
    const err = await publishExpectedRecords({ tenantId: b.id }, { domainId: db.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('CONFLICT');
    expect(await getDb().devDnsRecord.count()).toBe(0);
    await expect(publishExpectedRecords({ tenantId: b.id }, { domainId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a domain published in the dev zone stays verified when the scheduled re-check runs 80 h later', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'shop.example' });
    const row = await tenantDb(a.id).senderDomain.findFirstOrThrow({ where: { id: d.id } });
    await writeExpectedRecords(row); // what the seed does for the demo domain
    const t0 = new Date();
    await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve(), now: t0 });
    const later = new Date(t0.getTime() + 80 * 3600_000);
    expect(80 * 3600_000).toBeGreaterThan(VERIFICATION_GRACE_MS);
    await recheckAllSenderDomains({ now: later }); // the scheduler's call: DNS_RESOLVER = the dev DNS
    const v = await getSenderDomain({ tenantId: a.id }, { domainId: d.id });
    expect(v.verified).toBe(true);
    expect(v.lastCheckedAt).toEqual(later);
    expect(domainState(v, later)).toMatchObject({ verified: true, inGrace: false, failingSince: null });
  });

  it('without the records, the same 80 h later the domain has lost its verification', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'shop.example' });
    await publishExpectedRecords({ tenantId: a.id }, { domainId: d.id });
    const t0 = new Date();
    await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve(), now: t0 });
    await getDb().devDnsRecord.deleteMany({});
    await recheckAllSenderDomains({ now: new Date(t0.getTime() + 3600_000) });
    const inGrace = domainState(await getSenderDomain({ tenantId: a.id }, { domainId: d.id }), new Date(t0.getTime() + 3600_000));
    expect(inGrace).toMatchObject({ verified: true, inGrace: true });
    await recheckAllSenderDomains({ now: new Date(t0.getTime() + 80 * 3600_000) });
    expect((await getSenderDomain({ tenantId: a.id }, { domainId: d.id })).verified).toBe(false);
  });
});
