// Operator management of the sending IP pool (/admin/ips): add an address with its HELO name
// and warm-up cap, edit them, take it out of rotation and back. Validation is strict because
// a wrong address or HELO name makes every message from that IP fail SPF or reverse-DNS
// checks at the receiver. Every change is in the platform audit log.
import { isIP } from 'node:net';
import { z } from 'zod';
import { getDb, Prisma } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { assertPlatformOperator, auditOperator, type OperatorActor } from './operator.ts';
import { zodText } from '../texts.ts';

// RFC 5321 4.1.1.1: EHLO carries the host's fully qualified domain name.
const FQDN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

const heloName = z.string().trim().toLowerCase()
  .refine((v) => FQDN.test(v), zodText('operator.heloName', 'Enter the host name this IP announces, such as mta1.mail.example (it should match the IP’s reverse DNS).'));

// Day-0 cap of the warm-up; it doubles every day (sending/limits.ts warmupCap). Empty: no cap.
const warmupCap = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : v),
  z.coerce.number(zodText('operator.capNumberOrEmpty', 'Enter a whole number of messages per day, or leave it empty for no cap.'))
    .int(zodText('operator.capNumber', 'Enter a whole number of messages per day.'))
    .min(1, zodText('operator.capMin', 'The cap must be at least 1 message per day (empty: no cap).'))
    .max(10_000_000, zodText('operator.dailyMax', 'At most 10,000,000 messages per day.', { max: 10_000_000 }))
    .nullable(),
);

export const addSendingIpInput = z.object({
  address: z.string().trim().refine((v) => isIP(v) !== 0, zodText('operator.ipAddress', 'Enter an IPv4 or IPv6 address, such as 192.0.2.10.')),
  heloName,
  dailyLimit: warmupCap,
});

export const editSendingIpInput = z.object({ heloName, dailyLimit: warmupCap });

const ipId = (id: string) => {
  if (!z.uuid().safeParse(id).success) throw new DomainError('NOT_FOUND', 'Sending IP not found').withText('common.notFound', { what: 'Sending IP' });
  return id;
};

export async function addSendingIp(actor: OperatorActor, input: unknown) {
  await assertPlatformOperator(actor);
  const data = addSendingIpInput.parse(input);
  try {
    const ip = await getDb().sendingIp.create({
      data: { ...data, warmupStartedAt: data.dailyLimit == null ? null : new Date() },
    });
    await auditOperator(actor, null, 'platform.sending_ip.add', ip.address, { before: null, after: { heloName: ip.heloName, dailyLimit: ip.dailyLimit, status: ip.status } });
    return ip;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new DomainError('CONFLICT', `${data.address} is already in the pool.`).withText('operator.ipInPool', { address: data.address });
    }
    throw err;
  }
}

/** A changed cap restarts the warm-up from it; an unchanged one keeps the schedule's day. */
export async function editSendingIp(actor: OperatorActor, sendingIpId: string, input: unknown) {
  await assertPlatformOperator(actor);
  const data = editSendingIpInput.parse(input);
  const db = getDb();
  const before = await db.sendingIp.findUnique({ where: { id: ipId(sendingIpId) } });
  if (!before) throw new DomainError('NOT_FOUND', 'Sending IP not found').withText('common.notFound', { what: 'Sending IP' });
  const capChanged = before.dailyLimit !== data.dailyLimit;
  const ip = await db.sendingIp.update({
    where: { id: before.id },
    data: { ...data, ...(capChanged ? { warmupStartedAt: data.dailyLimit == null ? null : new Date() } : {}) },
  });
  await auditOperator(actor, null, 'platform.sending_ip.update', ip.address, {
    before: { heloName: before.heloName, dailyLimit: before.dailyLimit },
    after: { heloName: ip.heloName, dailyLimit: ip.dailyLimit },
  });
  return ip;
}

/**
 * Disabled IPs leave the rotation and stay out (the blocklist check never re-activates them).
 * Enabling puts an IP back as LISTED while a blocklist still lists it, so the pool keeps
 * skipping it until a check finds it delisted.
 */
export async function setSendingIpEnabled(actor: OperatorActor, sendingIpId: string, enabled: boolean) {
  await assertPlatformOperator(actor);
  const db = getDb();
  const before = await db.sendingIp.findUnique({ where: { id: ipId(sendingIpId) } });
  if (!before) throw new DomainError('NOT_FOUND', 'Sending IP not found').withText('common.notFound', { what: 'Sending IP' });
  const listed = Array.isArray(before.listings) && before.listings.length > 0;
  const status = enabled ? (listed ? 'LISTED' : 'ACTIVE') : 'DISABLED';
  const ip = await db.sendingIp.update({ where: { id: before.id }, data: { status } });
  await auditOperator(actor, null, enabled ? 'platform.sending_ip.enable' : 'platform.sending_ip.disable', ip.address, { before: before.status, after: status });
  return ip;
}
