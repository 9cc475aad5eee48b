import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { checkCampaign, createCampaign, STARTER_TEMPLATES, updateCampaign } from '../../src/authoring/index.ts';
import { addSenderDomain, createSenderIdentity } from '../../src/senders/index.ts';
import { DomainError, getCompanySettings, listAuditLog, signUp, updateCompanySettings } from '../../src/index.ts';
import { getPublicForm } from '../../src/audience/forms.ts';
import { addUser, asUser, PASSWORD } from './helpers.ts';

const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? e.code : (e as Error).name));
const valid = {
  legalName: 'Muster GmbH',
  postalAddress: 'Hauptstraße 1\r\n10115 Berlin',
  imprint: 'Amtsgericht Berlin HRB 12345\nUSt-IdNr. DE123456789',
  abuseContact: 'abuse@muster.example',
  defaultSenderName: 'Muster Newsletter',
};

/** The zod messages per field of a refused input. */
async function fieldErrors(ctx: ReturnType<typeof asUser>, input: Partial<typeof valid>) {
  const err = await updateCompanySettings(ctx, { ...valid, ...input }).catch((e: unknown) => e);
  return Object.fromEntries((err as { issues: { path: string[]; message: string }[] }).issues.map((i) => [i.path[0], i.message]));
}

describe('company settings', () => {
  beforeEach(truncateAll);
  afterAll(() => getDb().$disconnect());

  it('refuses line breaks in one-line fields, a non-address abuse contact, an over-long imprint and an empty name or address', async () => {
    const { a } = await seedTwoTenants();
    const admin = asUser(a.id, (await addUser(a.id, 'ADMIN')).userId);
    expect(await fieldErrors(admin, { legalName: 'Muster GmbH\r\nBcc: x@evil.example' })).toEqual({ legalName: 'Legal name must be on one line.' });
    expect(await fieldErrors(admin, { defaultSenderName: 'News\nletter' })).toEqual({ defaultSenderName: 'Default sender name must be on one line.' });
    expect(Object.keys(await fieldErrors(admin, { abuseContact: 'not an address' }))).toEqual(['abuseContact']);
    expect(await fieldErrors(admin, { imprint: 'x'.repeat(4001) })).toEqual({ imprint: 'Imprint: at most 4000 characters.' });
    expect(Object.keys(await fieldErrors(admin, { legalName: '  ', postalAddress: '' }))).toEqual(['legalName', 'postalAddress']);
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id: a.id } })).legalName).toBeNull();
  });

  it('is ADMIN or higher, audited with before and after, and changes only the caller\'s tenant', async () => {
    const { a, b } = await seedTwoTenants();
    const admin = await addUser(a.id, 'ADMIN');
    const marketer = await addUser(a.id, 'MARKETER');
    const adminOfB = await addUser(b.id, 'ADMIN');
    expect(await outcome(updateCompanySettings(asUser(a.id, marketer.userId), valid))).toBe('FORBIDDEN');
    // B's admin naming A's tenant is no member of A: A looks missing, and nothing changes.
    expect(await outcome(updateCompanySettings(asUser(a.id, adminOfB.userId), valid))).toBe('NOT_FOUND');
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id: a.id } })).legalName).toBeNull();

    const saved = await updateCompanySettings(asUser(a.id, admin.userId), { ...valid, abuseContact: '' });
    expect(saved).toMatchObject({ postalAddress: 'Hauptstraße 1\n10115 Berlin', abuseContact: null });
    const read = await getCompanySettings(asUser(a.id, marketer.userId));
    expect(read.footer).toBe('Muster GmbH\nHauptstraße 1\n10115 Berlin\nAmtsgericht Berlin HRB 12345\nUSt-IdNr. DE123456789');
    expect((await getDb().tenant.findUniqueOrThrow({ where: { id: b.id } })).legalName).toBeNull();

    const [entry] = (await listAuditLog({ tenantId: a.id }, { filter: { action: 'company.settings_changed' } })).rows;
    expect(entry).toMatchObject({ actor: admin.email, details: { before: { legalName: null }, after: { legalName: 'Muster GmbH' } } });
    expect((await listAuditLog({ tenantId: b.id }, { filter: { action: 'company.settings_changed' } })).rows).toEqual([]);
  });

  it('a freshly signed-up tenant is blocked by the imprint item until it fills in its company settings', async () => {
    const t = await signUp({ tenantName: 'Fresh Shop', slug: 'fresh-shop', email: 'owner@fresh.example', password: PASSWORD });
    const ctx = { tenantId: t.tenantId };
    const d = await addSenderDomain(ctx, { domain: 'fresh.example' });
    await tenantDb(t.tenantId).senderDomain.updateMany({ where: { id: d.id }, data: { verifiedAt: new Date(), dkimStatus: 'PASS', spfStatus: 'PASS' } });
    const identity = await createSenderIdentity(ctx, { domainId: d.id, fromName: 'Fresh', localPart: 'news' });
    const list = await tenantDb(t.tenantId).list.create({ data: { tenantId: t.tenantId, name: 'Customers' } });
    const { id } = await createCampaign(ctx, { name: 'First' });
    await updateCampaign(ctx, id, { subject: 'Hello', preheader: 'First news', identityId: identity.id, listIds: [list.id], mjml: STARTER_TEMPLATES.newsletter.mjml });

    const before = await checkCampaign(ctx, id);
    expect(before.items.find((i) => i.id === 'imprint')).toMatchObject({ ok: false, severity: 'block', fix: '/app/settings/company' });
    expect(before.sendable).toBe(false);

    await updateCompanySettings(asUser(t.tenantId, t.userId), { legalName: 'Fresh Shop UG', postalAddress: 'Marktplatz 2, 20095 Hamburg' });
    const after = await checkCampaign(ctx, id);
    expect(after.items.find((i) => i.id === 'imprint')).toMatchObject({ ok: true });
    expect(after.sendable).toBe(true);
    // The footer the mail is compiled with is the company's name and address, and where to
    // report abuse: the platform's desk (abuse@ the app's host) until the tenant names its own.
    expect(after.compiled?.imprint).toBe('Fresh Shop UG\nMarktplatz 2, 20095 Hamburg\nReport abuse: abuse@localhost');
    await updateCompanySettings(asUser(t.tenantId, t.userId), { legalName: 'Fresh Shop UG', postalAddress: 'Marktplatz 2, 20095 Hamburg', abuseContact: 'abuse@fresh.example' });
    const own = await checkCampaign(ctx, id);
    expect(own.compiled?.imprint).toBe('Fresh Shop UG\nMarktplatz 2, 20095 Hamburg\nReport abuse: abuse@fresh.example');
  });

  it('public pages show name, address, imprint and abuse contact; the account name until they are entered', async () => {
    const { a } = await seedTwoTenants();
    await getDb().tenant.update({ where: { id: a.id }, data: { imprint: null } });
    const list = await tenantDb(a.id).list.create({ data: { tenantId: a.id, name: 'Customers' } });
    expect((await getPublicForm(list.publicId)).footer).toEqual({ imprint: 'Tenant A', abuseContact: 'abuse@localhost' });
    process.env.PLATFORM_ABUSE_CONTACT = 'abuse-desk@rundbrief.example';
    try {
      expect((await getPublicForm(list.publicId)).footer).toEqual({ imprint: 'Tenant A', abuseContact: 'abuse-desk@rundbrief.example' });
    } finally {
      delete process.env.PLATFORM_ABUSE_CONTACT;
    }
    await updateCompanySettings(asUser(a.id, (await addUser(a.id, 'OWNER')).userId), valid);
    expect((await getPublicForm(list.publicId)).footer).toEqual({
      imprint: 'Muster GmbH\nHauptstraße 1\n10115 Berlin\nAmtsgericht Berlin HRB 12345\nUSt-IdNr. DE123456789',
      abuseContact: 'abuse@muster.example',
    });
  });
});
