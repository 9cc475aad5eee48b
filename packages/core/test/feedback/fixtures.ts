// Fixtures for the feedback / tracking / report integration tests: a tenant with a list,
// confirmed subscribers and a campaign whose Message rows were "sent" at a given time.
import { getDb, type CampaignStatus, type MessageStatus } from '@rundbrief/db';

let n = 0;

export async function seedTenant(name = 'Tenant', over: Record<string, unknown> = {}) {
  const suffix = `${Date.now().toString(36)}${(n++).toString(36)}`;
  return getDb().tenant.create({ data: { name, slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${suffix}`, imprint: `${name} GmbH`, ...over } });
}

export async function seedCampaign(tenantId: string, opts: {
  recipients: number;
  status?: CampaignStatus;
  sentAt?: Date;
  messageStatus?: MessageStatus;
  links?: string[];
  trackOpens?: boolean;
  trackClicks?: boolean;
  domains?: string[];
}) {
  const db = getDb();
  const list = await db.list.create({ data: { tenantId, name: `List ${n++}`, optInMode: 'DOUBLE' } });
  const campaign = await db.campaign.create({
    data: {
      tenantId, name: `Campaign ${n++}`, subject: 'Hello', mjml: '<mjml></mjml>', status: opts.status ?? 'SENDING',
      trackOpens: opts.trackOpens ?? true, trackClicks: opts.trackClicks ?? true,
      recipientCount: opts.recipients, startedAt: opts.sentAt ?? new Date(),
    },
  });
  await db.campaignList.create({ data: { campaignId: campaign.id, listId: list.id } });
  const domains = opts.domains ?? ['example.org'];
  const subscribers = [];
  const messages = [];
  for (let i = 0; i < opts.recipients; i++) {
    const email = `r${i}-${n++}@${domains[i % domains.length]}`;
    const s = await db.subscriber.create({ data: { tenantId, email } });
    await db.subscription.create({ data: { tenantId, listId: list.id, subscriberId: s.id, status: 'CONFIRMED', source: 'FORM', confirmedAt: new Date() } });
    subscribers.push(s);
  }
  const status = opts.messageStatus ?? 'SENT';
  await db.message.createMany({
    data: subscribers.map((s) => ({
      tenantId, campaignId: campaign.id, subscriberId: s.id, email: s.email, status,
      sentAt: status === 'SENT' || status === 'BOUNCED' ? (opts.sentAt ?? new Date()) : null,
      smtpCode: status === 'SENT' ? 250 : null, smtpReply: status === 'SENT' ? '250 2.0.0 OK queued' : null,
    })),
  });
  messages.push(...(await db.message.findMany({ where: { campaignId: campaign.id }, orderBy: { email: 'asc' } })));
  if (opts.links?.length) {
    await db.trackedLink.createMany({ data: opts.links.map((url, index) => ({ tenantId, campaignId: campaign.id, index, url })) });
  }
  return { list, campaign, subscribers, messages };
}
