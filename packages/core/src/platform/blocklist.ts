// Blocklist watch: every sending IP is looked up in each configured DNSBL (DNSBL_ZONES)
// through the configurable resolver (DNS_RESOLVER). A listing takes the IP out of rotation
// (status LISTED, which the pool selection skips) and alerts operators; when every list has
// dropped it, the next check puts it back to ACTIVE. DISABLED IPs are checked but never
// re-activated: an operator disabled them.
import { isIP } from 'node:net';
import { z } from 'zod';
import { getDb, parseEnv, type Prisma } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { assertPlatformOperator, type OperatorActor } from './operator.ts';
import { blocklistEnv } from './blocklist-settings.ts';
import { createResolver, type DnsResolve } from '../senders/dns.ts';
import { ipDelistedMessage, ipListedMessage } from './alert-text.ts';

export const blocklistSettings = () => {
  const env = parseEnv(blocklistEnv);
  return { zones: env.DNSBL_ZONES.split(',').map((z) => z.trim().toLowerCase()).filter(Boolean), everyMinutes: env.DNSBL_CHECK_MINUTES };
};

export type Listing = { zone: string; codes: string[]; reason: string | null; since: string };

/** The DNSBL query name: reversed octets for IPv4, reversed nibbles for IPv6 (RFC 5782). */
export function dnsblQueryName(ip: string, zone: string): string {
  const v = isIP(ip);
  if (v === 4) return `${ip.split('.').reverse().join('.')}.${zone}`;
  if (v === 6) {
    const [head = '', tail = ''] = ip.toLowerCase().split('::');
    const groups = (s: string) => (s ? s.split(':') : []);
    const h = groups(head);
    const t = groups(tail);
    const full = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    const nibbles = full.map((g) => g.padStart(4, '0')).join('');
    return `${nibbles.split('').reverse().join('.')}.${zone}`;
  }
  throw new DomainError('VALIDATION', `${ip} is not an IP address`).withText('operator.notIp', { value: ip });
}

const MISSING = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN']);

/**
 * One zone's answer: a listing, null (not listed), or 'error' (no usable answer: timeout,
 * SERVFAIL, or a list's own "query refused" code, 127.255.255.x at Spamhaus).
 */
export async function lookupDnsbl(resolve: DnsResolve, ip: string, zone: string): Promise<Omit<Listing, 'since'> | null | 'error'> {
  const name = dnsblQueryName(ip, zone);
  let codes: string[];
  try {
    codes = (await resolve(name, 'A')) as string[];
  } catch (err) {
    return MISSING.has((err as { code?: string }).code ?? '') ? null : 'error';
  }
  const listed = codes.filter((c) => c.startsWith('127.') && !c.startsWith('127.255.255.'));
  if (listed.length === 0) return codes.length ? 'error' : null;
  let reason: string | null = null;
  try {
    reason = ((await resolve(name, 'TXT')) as string[][]).map((chunks) => chunks.join('')).join(' | ') || null;
  } catch {
    // The reason text is optional; the A record alone is the listing.
  }
  return { zone, codes: listed, reason };
}

export type IpCheck = { id: string; address: string; status: string; listings: Listing[]; errors: string[]; changed: 'listed' | 'delisted' | null };

async function checkOne(ip: { id: string; address: string; status: string; listings: Prisma.JsonValue }, zones: string[], resolve: DnsResolve): Promise<IpCheck> {
  const previous = (Array.isArray(ip.listings) ? ip.listings : []) as unknown as Listing[];
  const now = new Date();
  const answers = await Promise.all(zones.map((zone) => lookupDnsbl(resolve, ip.address, zone)));
  const listings: Listing[] = [];
  const errors: string[] = [];
  answers.forEach((a, i) => {
    const zone = zones[i]!;
    const before = previous.find((p) => p.zone === zone);
    if (a === 'error') {
      errors.push(zone);
      if (before) listings.push(before); // no answer is no evidence of delisting
    } else if (a) {
      listings.push({ ...a, since: before?.since ?? now.toISOString() });
    }
  });

  const db = getDb();
  const data = { listings: listings as unknown as Prisma.InputJsonValue, lastCheckedAt: now };
  let changed: IpCheck['changed'] = null;
  if (listings.length > 0) {
    const moved = await db.sendingIp.updateMany({ where: { id: ip.id, status: 'ACTIVE' }, data: { ...data, status: 'LISTED' } });
    if (moved.count === 0) await db.sendingIp.updateMany({ where: { id: ip.id }, data });
    const fresh = listings.filter((l) => !previous.some((p) => p.zone === l.zone));
    if (fresh.length > 0) {
      changed = 'listed';
      await db.alert.create({
        data: {
          kind: 'IP_LISTED', severity: 'critical',
          message: ipListedMessage(ip.address, fresh.map((l) => l.zone), ip.status !== 'DISABLED'),
          details: { ip: ip.address, sendingIpId: ip.id, listings: fresh, outOfRotation: ip.status !== 'DISABLED' } as unknown as Prisma.InputJsonValue,
        },
      });
    }
  } else {
    const moved = await db.sendingIp.updateMany({ where: { id: ip.id, status: 'LISTED' }, data: { ...data, status: 'ACTIVE' } });
    if (moved.count === 0) await db.sendingIp.updateMany({ where: { id: ip.id }, data });
    if (moved.count === 1) {
      changed = 'delisted';
      await db.alert.create({
        data: { kind: 'IP_DELISTED', severity: 'info', message: ipDelistedMessage(ip.address), details: { ip: ip.address, sendingIpId: ip.id, was: previous } as unknown as Prisma.InputJsonValue },
      });
    }
  }
  const status = listings.length > 0 ? (ip.status === 'ACTIVE' ? 'LISTED' : ip.status) : ip.status === 'LISTED' ? 'ACTIVE' : ip.status;
  return { id: ip.id, address: ip.address, status, listings, errors, changed };
}

/** Checks every sending IP against every configured zone (the scheduled job). */
export async function checkSendingIps(opts: { resolve?: DnsResolve; zones?: string[] } = {}): Promise<IpCheck[]> {
  const resolve = opts.resolve ?? createResolver();
  const zones = opts.zones ?? blocklistSettings().zones;
  const ips = await getDb().sendingIp.findMany({ orderBy: { address: 'asc' }, select: { id: true, address: true, status: true, listings: true } });
  const out: IpCheck[] = [];
  // Sequential per IP: a pool is a handful of addresses and DNSBLs rate-limit resolvers.
  for (const ip of ips) out.push(await checkOne(ip, zones, resolve));
  return out;
}

/** Operator "check all now": checkSendingIps on the operator's request. */
export async function checkSendingIpsNow(actor: OperatorActor, opts: { resolve?: DnsResolve; zones?: string[] } = {}): Promise<IpCheck[]> {
  await assertPlatformOperator(actor);
  return checkSendingIps(opts);
}

/** Operator "check now" for one IP. */
export async function checkSendingIpNow(actor: OperatorActor, sendingIpId: string, opts: { resolve?: DnsResolve; zones?: string[] } = {}): Promise<IpCheck> {
  await assertPlatformOperator(actor);
  if (!z.uuid().safeParse(sendingIpId).success) throw new DomainError('NOT_FOUND', 'Sending IP not found').withText('common.notFound', { what: 'Sending IP' });
  const ip = await getDb().sendingIp.findUnique({ where: { id: sendingIpId }, select: { id: true, address: true, status: true, listings: true } });
  if (!ip) throw new DomainError('NOT_FOUND', 'Sending IP not found').withText('common.notFound', { what: 'Sending IP' });
  return checkOne(ip, opts.zones ?? blocklistSettings().zones, opts.resolve ?? createResolver());
}
