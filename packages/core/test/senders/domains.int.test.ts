import { createPrivateKey, createPublicKey } from 'node:crypto';
import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../src/crypto.ts';
import {
  addEd25519Key, addSenderDomain, checkSenderDomain, createResolver, createSenderIdentity, expectedRecords, getSenderDomain,
  listSenderDomains, listSenderIdentities, noReplyReason, recheckAllSenderDomains, removeSenderDomain, removeSenderIdentity, VERIFICATION_GRACE_MS,
} from '../../src/senders/index.ts';
import { startDnsServer, type Zone } from '../../src/senders/dns-test-server.ts';

let dns: Awaited<ReturnType<typeof startDnsServer>>;
const zone: Zone = new Map();
const resolve = () => createResolver(dns.server);

beforeAll(async () => {
  dns = await startDnsServer(zone);
});
afterAll(async () => {
  await dns.close();
  await getDb().$disconnect();
});
beforeEach(async () => {
  await truncateAll();
  zone.clear();
  await getDb().sendingIp.createMany({ data: [{ address: '192.0.2.10', heloName: 'mta1.rundbrief.test' }, { address: '192.0.2.11', heloName: 'mta2.rundbrief.test' }] });
});

/** Publishes exactly what the app tells the tenant to publish. */
async function publishAsShown(tenantId: string, domainId: string) {
  const view = await getSenderDomain({ tenantId }, { domainId });
  for (const r of view.records) {
    const cur = zone.get(r.name) ?? {};
    if (r.type === 'TXT') cur.TXT = [...(cur.TXT ?? []), r.value];
    else cur.MX = [{ exchange: r.value, priority: r.priority ?? 10 }];
    zone.set(r.name, cur);
  }
  return view;
}

describe('sender domains', () => {
  it('generates an RSA-2048 and an Ed25519 DKIM key pair, private keys encrypted at rest, and shows the records', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'News.Example.COM.' });
    expect(d.domain).toBe('news.example.com');
    expect(d.dkimSelector).toMatch(/^rb20\d\d$/);
    const row = await getDb().senderDomain.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.dkimPrivateKeyEnc).not.toContain('PRIVATE KEY');
    const priv = createPrivateKey(decryptSecret(row.dkimPrivateKeyEnc));
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // the published public key belongs to the stored private key
    expect(createPublicKey(priv).export({ type: 'spki', format: 'der' }).toString('base64')).toBe(row.dkimPublicKey);
    // Ed25519 (RFC 8463): DNS carries the raw 32-byte public key of the stored private key
    expect(row.ed25519Selector).toBe(`${d.dkimSelector}ed`);
    expect(row.ed25519PrivateKeyEnc).not.toContain('PRIVATE KEY');
    const ed = createPrivateKey(decryptSecret(row.ed25519PrivateKeyEnc!));
    expect(ed.asymmetricKeyType).toBe('ed25519');
    const raw = Buffer.from(row.ed25519PublicKey!, 'base64');
    expect(raw).toHaveLength(32);
    expect(Buffer.from(createPublicKey(ed).export({ format: 'jwk' }).x!, 'base64url').equals(raw)).toBe(true);

    const [view] = await listSenderDomains({ tenantId: a.id });
    const byKind = Object.fromEntries(view!.records.map((r) => [r.kind, r]));
    expect(byKind.DKIM).toMatchObject({ type: 'TXT', name: `${d.dkimSelector}._domainkey.news.example.com`, status: 'PENDING' });
    expect(byKind.DKIM!.value).toBe(`v=DKIM1; k=rsa; p=${row.dkimPublicKey}`);
    expect(byKind['DKIM-ED25519']).toMatchObject({ name: `${d.dkimSelector}ed._domainkey.news.example.com`, value: `v=DKIM1; k=ed25519; p=${row.ed25519PublicKey}`, required: false });
    expect(byKind['RETURN-PATH-SPF']).toMatchObject({ name: 'bounces.news.example.com', value: 'v=spf1 ip4:192.0.2.10 ip4:192.0.2.11 -all', required: true });
    expect(byKind.DMARC!.name).toBe('_dmarc.news.example.com');
    expect(byKind['RETURN-PATH-MX']).toMatchObject({ type: 'MX', name: 'bounces.news.example.com', value: 'bounces.rundbrief.localhost', required: true });
    expect(view!.records.map((r) => r.kind)).toEqual(['DKIM', 'DKIM-ED25519', 'RETURN-PATH-MX', 'RETURN-PATH-SPF', 'DMARC']);
  });

  it('refuses malformed domains and duplicates', async () => {
    const { a } = await seedTwoTenants();
    await expect(addSenderDomain({ tenantId: a.id }, { domain: 'localhost' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(addSenderDomain({ tenantId: a.id }, { domain: '192.0.2.1' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(addSenderDomain({ tenantId: a.id }, { domain: 'exa mple.com' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await addSenderDomain({ tenantId: a.id }, { domain: 'example.com' });
    await expect(addSenderDomain({ tenantId: a.id }, { domain: 'EXAMPLE.com' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('verifies a domain whose records are published as shown (real DNS packets, mailauth SPF)', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'right.example' });
    await publishAsShown(a.id, d.id);
    const v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(v.records.map((r) => [r.kind, r.status, r.problem])).toEqual([
      ['DKIM', 'PASS', null], ['DKIM-ED25519', 'PASS', null], ['RETURN-PATH-MX', 'PASS', null], ['RETURN-PATH-SPF', 'PASS', null], ['DMARC', 'PASS', null],
    ]);
    expect(v.verified).toBe(true);
    const row = await getDb().senderDomain.findUniqueOrThrow({ where: { id: d.id } });
    expect([row.dkimStatus, row.ed25519Status, row.spfStatus, row.mxStatus, row.dmarcStatus]).toEqual(['PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
  });

  it('SPF at the return path through an include passes as a receiver would evaluate it', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'inc.example' });
    await publishAsShown(a.id, d.id);
    zone.get('bounces.inc.example')!.TXT = ['v=spf1 include:_spf.provider.example -all'];
    zone.set('_spf.provider.example', { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] });
    const v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(v.records.find((r) => r.kind === 'RETURN-PATH-SPF')).toMatchObject({ status: 'PASS' });
    expect(v.verified).toBe(true);
  });

  it('SPF published only at the apex (the old advice) does not verify: receivers check the envelope domain', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'apex.example' });
    await publishAsShown(a.id, d.id);
    zone.set('apex.example', { TXT: ['v=spf1 ip4:192.0.2.10 ip4:192.0.2.11 ~all'] });
    zone.set('bounces.apex.example', { MX: zone.get('bounces.apex.example')!.MX });
    const v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(v.records.find((r) => r.kind === 'RETURN-PATH-SPF')).toMatchObject({ status: 'FAIL', problem: 'No SPF record (TXT "v=spf1 …") at bounces.apex.example.' });
    expect(v.verified).toBe(false);
  });

  it('the return-path MX is required: without it bounces would be lost', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'nomx.example' });
    await publishAsShown(a.id, d.id);
    delete zone.get('bounces.nomx.example')!.MX;
    const v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(v.records.find((r) => r.kind === 'RETURN-PATH-MX')).toMatchObject({ status: 'FAIL', problem: 'No MX record at bounces.nomx.example; bounces could not reach us.' });
    expect(v.verified).toBe(false);
  });

  it('a wrong Ed25519 record fails with the reason but does not block verification', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'ed.example' });
    const shown = await publishAsShown(a.id, d.id);
    const ed = shown.records.find((r) => r.kind === 'DKIM-ED25519')!;
    const other = Buffer.alloc(32, 7).toString('base64');
    zone.set(ed.name, { TXT: [`v=DKIM1; k=ed25519; p=${other}`] });
    let v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(v.verified).toBe(true);
    expect(v.records.find((r) => r.kind === 'DKIM-ED25519')!.problem).toMatch(/^p=BwcHBwcHBwcH…BwcHBwc= does not match the key we sign with \(p=.+\); copy the value again\.$/);
    expect((await getDb().senderDomain.findUniqueOrThrow({ where: { id: d.id } })).ed25519Status).toBe('FAIL');
    // the value without k=ed25519 is read as an RSA key (RFC 6376 default)
    zone.set(ed.name, { TXT: [ed.value.replace('k=ed25519; ', '')] });
    v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(v.records.find((r) => r.kind === 'DKIM-ED25519')!.problem).toBe('No k= tag, which means k=rsa; this key needs k=ed25519.');
    // and the RSA record must not claim k=ed25519
    const rsa = shown.records.find((r) => r.kind === 'DKIM')!;
    zone.set(rsa.name, { TXT: [rsa.value.replace('k=rsa', 'k=ed25519')] });
    v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() });
    expect(v.records.find((r) => r.kind === 'DKIM')!.problem).toBe('k=ed25519 but expected k=rsa.');
  });

  it('an existing domain without an Ed25519 key gets one on request, once; never for another tenant', async () => {
    const { a, b } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'old.example' });
    await getDb().senderDomain.update({ where: { id: d.id }, data: { ed25519Selector: null, ed25519PublicKey: null, ed25519PrivateKeyEnc: null } });
    expect((await getSenderDomain({ tenantId: a.id }, { domainId: d.id })).records.map((r) => r.kind)).not.toContain('DKIM-ED25519');
    await expect(addEd25519Key({ tenantId: b.id }, { domainId: d.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addEd25519Key({ tenantId: a.id }, { domainId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { selector } = await addEd25519Key({ tenantId: a.id }, { domainId: d.id });
    const view = await getSenderDomain({ tenantId: a.id }, { domainId: d.id });
    expect(view.ed25519Selector).toBe(selector);
    expect(view.records.find((r) => r.kind === 'DKIM-ED25519')).toMatchObject({ status: 'PENDING', value: expect.stringMatching(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/) });
    await expect(addEd25519Key({ tenantId: a.id }, { domainId: d.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('names the exact difference when records are wrong; un-verifies after the grace period', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'wrong.example' });
    const shown = await publishAsShown(a.id, d.id);
    expect((await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve() })).verified).toBe(true);

    const dkim = shown.records.find((r) => r.kind === 'DKIM')!;
    const t0 = Date.now();
    zone.set(dkim.name, { TXT: [dkim.value.replace(/p=(.{10})/, 'p=AAAAAAAAAA')] });
    zone.set('_dmarc.wrong.example', { TXT: ['v=DMARC1; rua=mailto:x@wrong.example'] });
    // one IP missing from the SPF record; the MX points elsewhere
    zone.set('bounces.wrong.example', { TXT: ['v=spf1 ip4:192.0.2.10 -all'], MX: [{ exchange: 'mx.elsewhere.example', priority: 5 }] });

    const v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve(), now: new Date(t0) });
    const by = Object.fromEntries(v.records.map((r) => [r.kind, r]));
    // a verified domain keeps sending through a grace period of failing checks ...
    expect(v.verified).toBe(true);
    expect(v.failingSince?.getTime()).toBe(t0);
    expect(by.DKIM).toMatchObject({ status: 'FAIL' });
    expect(by.DKIM!.problem).toMatch(/does not match the key we sign with/);
    const spf = by['RETURN-PATH-SPF']!;
    expect(spf.status).toBe('FAIL');
    expect(spf.problem).toBe('Not every sending IP passes SPF (192.0.2.11: fail). Add ip4:192.0.2.11 before the all mechanism.');
    expect(spf.found).toEqual(['v=spf1 ip4:192.0.2.10 -all']);
    expect(by.DMARC!.problem).toMatch(/needs p=none, p=quarantine or p=reject \(found no p=\)/);
    expect(by['RETURN-PATH-MX']!.problem).toBe('MX at bounces.wrong.example points to mx.elsewhere.example but expected bounces.rundbrief.localhost.');

    zone.clear();
    const later = new Date(t0 + VERIFICATION_GRACE_MS - 60_000);
    expect((await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve(), now: later })).verified).toBe(true);
    // ... and loses verification once the records have failed for longer than that
    const gone = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: resolve(), now: new Date(t0 + VERIFICATION_GRACE_MS + 1) });
    expect(gone.verified).toBe(false);
    expect(gone.failingSince?.getTime()).toBe(t0);
    expect(gone.records.find((r) => r.kind === 'DKIM')!.problem).toBe(`No DKIM record (TXT with p=…) at ${dkim.name}.`);
    expect(gone.records.find((r) => r.kind === 'RETURN-PATH-SPF')!.problem).toBe('No SPF record (TXT "v=spf1 …") at bounces.wrong.example.');
  });

  it('treats an unreachable DNS server as a failed check, never a pass', async () => {
    const { a } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'down.example' });
    await publishAsShown(a.id, d.id);
    const v = await checkSenderDomain({ tenantId: a.id }, { domainId: d.id, resolve: async () => { throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }); } });
    expect(v.verified).toBe(false);
    expect(v.records[0]!.problem).toMatch(/DNS lookup failed \(ETIMEOUT\)/);
  });

  it('re-checks all domains on schedule', async () => {
    const { a, b } = await seedTwoTenants();
    const da = await addSenderDomain({ tenantId: a.id }, { domain: 'a.example' });
    const db = await addSenderDomain({ tenantId: b.id }, { domain: 'b.example' });
    await publishAsShown(a.id, da.id);
    expect(await recheckAllSenderDomains({ resolve: resolve() })).toBe(2);
    expect((await getSenderDomain({ tenantId: a.id }, { domainId: da.id })).verified).toBe(true);
    const vb = await getSenderDomain({ tenantId: b.id }, { domainId: db.id });
    expect(vb.verified).toBe(false);
    expect(vb.lastCheckedAt).not.toBeNull();
  });

  it("hides another tenant's domains (404)", async () => {
    const { a, b } = await seedTwoTenants();
    const d = await addSenderDomain({ tenantId: a.id }, { domain: 'mine.example' });
    await expect(getSenderDomain({ tenantId: b.id }, { domainId: d.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(checkSenderDomain({ tenantId: b.id }, { domainId: d.id, resolve: resolve() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removeSenderDomain({ tenantId: b.id }, { domainId: d.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createSenderIdentity({ tenantId: b.id }, { domainId: d.id, fromName: 'B', localPart: 'news' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listSenderDomains({ tenantId: b.id })).toEqual([]);
    await removeSenderDomain({ tenantId: a.id }, { domainId: d.id });
    expect(await listSenderDomains({ tenantId: a.id })).toEqual([]);
  });
});

describe('sender identities', () => {
  async function verifiedDomain(tenantId: string, domain = 'shop.example') {
    const d = await addSenderDomain({ tenantId }, { domain });
    await tenantDb(tenantId).senderDomain.updateMany({ where: { id: d.id }, data: { verifiedAt: new Date() } });
    return d;
  }

  it('creates an identity on a verified domain only', async () => {
    const { a } = await seedTwoTenants();
    const pending = await addSenderDomain({ tenantId: a.id }, { domain: 'pending.example' });
    await expect(createSenderIdentity({ tenantId: a.id }, { domainId: pending.id, fromName: 'Shop', localPart: 'news' }))
      .rejects.toMatchObject({ code: 'POLICY', message: expect.stringMatching(/pending\.example is not verified yet/) });
    const d = await verifiedDomain(a.id);
    await createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop Team', localPart: 'News', replyTo: 'Anna@Shop.example' });
    expect(await listSenderIdentities({ tenantId: a.id })).toEqual([
      { id: expect.any(String), fromName: 'Shop Team', address: 'news@shop.example', replyTo: 'anna@shop.example', domainVerified: true },
    ]);
  });

  it.each(['noreply', 'no-reply', 'No_Reply', 'donotreply', 'do-not-reply', 'do.not.reply', 'noreply+shop', 'no-reply-newsletter'])(
    'refuses the no-reply local part %s with the reason',
    async (localPart) => {
      const { a } = await seedTwoTenants();
      const d = await verifiedDomain(a.id);
      await expect(createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop', localPart }))
        .rejects.toMatchObject({ code: 'POLICY', message: expect.stringMatching(/looks like a no-reply address\. Replies must reach a person/) });
    },
  );

  it('accepts ordinary local parts and refuses bad reply-to and from names', async () => {
    expect(noReplyReason('newsletter')).toBeNull();
    expect(noReplyReason('reply')).toBeNull();
    expect(noReplyReason('hello')).toBeNull();
    const { a } = await seedTwoTenants();
    const d = await verifiedDomain(a.id);
    await expect(createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop', localPart: 'news', replyTo: 'not-an-address' }))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Reply-to: /) });
    await expect(createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop', localPart: 'news', replyTo: 'no-reply@shop.example' }))
      .rejects.toMatchObject({ code: 'POLICY' });
    await expect(createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'ceo@bank.example', localPart: 'news' }))
      .rejects.toThrow(/cannot contain/);
    await createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop', localPart: 'news' });
    await expect(createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop 2', localPart: 'news' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it("B cannot remove or use A's domain and identity, even naming A's tenant in the input", async () => {
    const { a, b } = await seedTwoTenants();
    const d = await verifiedDomain(a.id);
    const i = await createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop', localPart: 'news' });
    // What a request body could carry: the client's idea of the tenant, next to A's ids.
    const smuggled: object = { tenantId: a.id };
    const asB = { tenantId: b.id };
    await expect(removeSenderIdentity(asB, { ...smuggled, identityId: i.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removeSenderDomain(asB, { ...smuggled, domainId: d.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createSenderIdentity(asB, { ...smuggled, domainId: d.id, fromName: 'B', localPart: 'evil' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removeSenderIdentity(asB, { identityId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const own = await addSenderDomain(asB, { ...smuggled, domain: 'b.example' });
    expect((await getDb().senderDomain.findUniqueOrThrow({ where: { id: own.id } })).tenantId).toBe(b.id);
    expect(await listSenderIdentities({ tenantId: a.id })).toHaveLength(1);
    expect((await listSenderDomains({ tenantId: a.id })).map((x) => x.domain)).toEqual(['shop.example']);
  });
});

it('expected records list IPv6 sending IPs as ip6', () => {
  const recs = expectedRecords({ domain: 'x.example', dkimSelector: 'rb2026', dkimPublicKey: 'KEY' }, ['192.0.2.1', '2001:db8::1']);
  expect(recs.find((r) => r.kind === 'RETURN-PATH-SPF')!.value).toBe('v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 -all');
});
