// Shared set-up for the audience int tests: a clean database, two tenants, and the system
// mails that the consent flow queued (read back from the real BullMQ queue in Redis).
import { getDb } from '@rundbrief/db';
import { seedTwoTenants, truncateAll } from '@rundbrief/db/testing';
import { getQueue, QUEUES, type SystemMailPayload } from '../../src/index.ts';

export async function freshTenants() {
  await truncateAll();
  await getQueue(QUEUES.systemMail).obliterate({ force: true });
  return seedTwoTenants();
}

export async function queuedMails(): Promise<SystemMailPayload[]> {
  const jobs = await getQueue(QUEUES.systemMail).getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed']);
  return jobs.map((j) => j.data as SystemMailPayload).reverse();
}

/** The raw token from the confirmation link in the newest opt-in mail to `to`. */
export async function confirmTokenFor(to: string): Promise<string> {
  const mail = (await queuedMails()).filter((m) => m.kind === 'OPT_IN_CONFIRMATION' && m.to === to).at(-1);
  const m = mail && /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error(`no confirmation mail to ${to}`);
  return m[1]!;
}

export const subscription = (email: string) =>
  getDb().subscription.findFirst({ where: { subscriber: { email } }, include: { subscriber: true } });

/**
 * A verified sender domain and identity for `tenantId`, so its lists' own consent mail is
 * used (without one, the platform's fixed templates go out). Queued only, never signed here.
 */
export async function giveVerifiedSender(tenantId: string, domain = 'news.example.com') {
  const d = await getDb().senderDomain.create({
    data: { tenantId, domain, dkimSelector: 'rb', dkimPublicKey: 'unused', dkimPrivateKeyEnc: 'unused', verifiedAt: new Date() },
  });
  return getDb().senderIdentity.create({ data: { tenantId, domainId: d.id, fromName: 'News', localPart: 'news' } });
}
