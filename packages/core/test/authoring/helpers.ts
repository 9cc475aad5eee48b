import { getDb, tenantDb } from '@rundbrief/db';
import { seedTwoTenants } from '@rundbrief/db/testing';
import { createCampaign, STARTER_TEMPLATES, updateCampaign } from '../../src/authoring/index.ts';
import { addSenderDomain, createSenderIdentity } from '../../src/senders/index.ts';

/** Tenant A with a verified domain, an identity, a list and a campaign that passes the checklist. */
export async function sendableSetup() {
  const { a, b } = await seedTwoTenants();
  const d = await addSenderDomain({ tenantId: a.id }, { domain: 'shop.example' });
  await tenantDb(a.id).senderDomain.updateMany({ where: { id: d.id }, data: { verifiedAt: new Date(), dkimStatus: 'PASS', spfStatus: 'PASS', mxStatus: 'PASS' } });
  const identity = await createSenderIdentity({ tenantId: a.id }, { domainId: d.id, fromName: 'Shop', localPart: 'news' });
  const list = await tenantDb(a.id).list.create({ data: { tenantId: a.id, name: 'Customers' } });
  const { id } = await createCampaign({ tenantId: a.id }, { name: 'November' });
  await updateCampaign({ tenantId: a.id }, id, { subject: 'News for {{ firstName | "you" }}', preheader: 'What is new', identityId: identity.id, listIds: [list.id], mjml: STARTER_TEMPLATES.newsletter.mjml });
  return { a, b, domain: d, identity, list, campaignId: id };
}

export const db = getDb;
