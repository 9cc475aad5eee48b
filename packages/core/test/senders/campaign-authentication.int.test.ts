// The campaign report's authentication panel: recorded state for a started campaign, the
// domain's current state before it, and the tenant filter.
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getCampaignAuthentication } from '../../src/reports/authentication.ts';
import { addSenderDomain } from '../../src/senders/domains.ts';
import type { SendAuth } from '../../src/senders/alignment.ts';

beforeEach(async () => {
  await truncateAll();
});
afterAll(async () => {
  await getDb().$disconnect();
});

async function campaignFrom(tenantId: string, domain: string, status: { spfStatus: string; mxStatus: string; dkimStatus: string; ed25519Status: string }) {
  const db = getDb();
  const d = await addSenderDomain({ tenantId }, { domain });
  await db.senderDomain.update({ where: { id: d.id }, data: { ...status, verifiedAt: new Date() } });
  const identity = await db.senderIdentity.create({ data: { tenantId, domainId: d.id, fromName: 'Shop', localPart: 'news' } });
  return db.campaign.create({ data: { tenantId, name: 'C', subject: 'S', mjml: '<mjml></mjml>', identityId: identity.id } });
}

describe('getCampaignAuthentication', () => {
  it('before sending: from the domain state (return path not checked yet: SPF on the platform domain, not aligned)', async () => {
    const { a } = await seedTwoTenants();
    const c = await campaignFrom(a.id, 'shop.example', { spfStatus: 'PENDING', mxStatus: 'PASS', dkimStatus: 'PASS', ed25519Status: 'PENDING' });
    expect(await getCampaignAuthentication({ tenantId: a.id }, c.id)).toEqual({
      recorded: false,
      fromDomain: 'shop.example',
      dkim: { aligned: true, pass: true, signatures: [{ domain: 'shop.example', algorithm: 'rsa-sha256', pass: true }] },
      spf: { aligned: false, pass: true, envelopeDomain: 'bounces.rundbrief.localhost' },
      dmarcPass: true,
    });
  });

  it('after the start: what the worker recorded, even when the domain changed since', async () => {
    const { a } = await seedTwoTenants();
    const c = await campaignFrom(a.id, 'shop.example', { spfStatus: 'FAIL', mxStatus: 'FAIL', dkimStatus: 'FAIL', ed25519Status: 'FAIL' });
    const sendAuth: SendAuth = {
      fromDomain: 'shop.example', envelopeDomain: 'bounces.shop.example', spfStatus: 'PASS',
      dkim: [{ domain: 'shop.example', selector: 'rb2026', algorithm: 'rsa-sha256', status: 'PASS' }, { domain: 'shop.example', selector: 'rb2026ed', algorithm: 'ed25519-sha256', status: 'PASS' }],
    };
    await getDb().campaign.update({ where: { id: c.id }, data: { sendAuth } });
    const auth = await getCampaignAuthentication({ tenantId: a.id }, c.id);
    expect(auth).toMatchObject({ recorded: true, dkim: { aligned: true, pass: true }, spf: { aligned: true, pass: true, envelopeDomain: 'bounces.shop.example' }, dmarcPass: true });
    expect(auth!.dkim.signatures.map((s) => s.algorithm)).toEqual(['rsa-sha256', 'ed25519-sha256']);
  });

  it("another tenant's campaign and malformed ids are NOT_FOUND; no sender identity: nothing to state", async () => {
    const { a, b } = await seedTwoTenants();
    const c = await campaignFrom(a.id, 'shop.example', { spfStatus: 'PASS', mxStatus: 'PASS', dkimStatus: 'PASS', ed25519Status: 'PASS' });
    await expect(getCampaignAuthentication({ tenantId: b.id }, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getCampaignAuthentication({ tenantId: a.id }, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const bare = await getDb().campaign.create({ data: { tenantId: a.id, name: 'C', subject: 'S', mjml: '<mjml></mjml>' } });
    expect(await getCampaignAuthentication({ tenantId: a.id }, bare.id)).toBeNull();
  });
});
