// The public tracking endpoints: verify the signed token, push the hit onto a Redis list
// and answer at once. The database sees these hits only in batches (flush.ts), so an open
// storm after a large send never holds row locks on Message or Campaign.
import { z } from 'zod';
import type { Redis } from 'ioredis';
import { getDb, tenantDb } from '@rundbrief/db';
import { coreEnv } from '../env.ts';
import { DomainError } from '../errors.ts';
import { readClickToken, readOpenToken } from '../links.ts';
import { createRedis } from '../redis.ts';

export const trackingHitSchema = z.object({
  t: z.enum(['OPEN', 'CLICK']),
  m: z.uuid(),
  at: z.iso.datetime(),
  method: z.string().max(10),
  ua: z.string().max(500).nullable(),
  ip: z.string().max(64).nullable(),
  l: z.number().int().nonnegative().optional(),
  url: z.string().max(4000).optional(),
});
export type BufferedHit = z.infer<typeof trackingHitSchema>;

export type RequestInfo = { method: string; ua: string | null; ip: string | null };

let redis: Redis | undefined;
export function trackingRedis(): Redis {
  // Queue commands while the first connection is still being made (the first hit after a
  // start must not be lost); a Redis outage still fails fast through maxRetriesPerRequest.
  redis ??= createRedis('producer', undefined, { enableOfflineQueue: true });
  return redis;
}
export async function closeTrackingRedis(): Promise<void> {
  await redis?.quit().catch(() => undefined);
  redis = undefined;
}

export const trackingBufferKey = (prefix = coreEnv().QUEUE_PREFIX) => `${prefix}:tracking:buffer`;

/** A lost tracking event must never break the recipient's image or link. */
async function push(hit: BufferedHit): Promise<void> {
  await trackingRedis().rpush(trackingBufferKey(), JSON.stringify(hit)).catch((err: unknown) => {
    console.error(`tracking: ${hit.t} not buffered:`, (err as Error).message);
  });
}

const hitBase = (req: RequestInfo) => ({
  at: new Date().toISOString(),
  method: req.method.toUpperCase().slice(0, 10),
  ua: req.ua ? req.ua.slice(0, 500) : null,
  ip: req.ip ? req.ip.slice(0, 64) : null,
});

/** Open pixel hit. Returns false for a tampered token (the route answers 404). */
export async function recordOpen(token: string, req: RequestInfo): Promise<boolean> {
  const claim = readOpenToken(token);
  if (!claim || !z.uuid().safeParse(claim.m).success) return false;
  await push({ t: 'OPEN', m: claim.m, ...hitBase(req) });
  return true;
}

/**
 * Click redirect target: only the URL the campaign itself registered under that link
 * index (TrackedLink), never a URL taken from the request, so the endpoint cannot be used
 * as an open redirect. A tampered token or unknown link is NOT_FOUND.
 */
export async function resolveClick(token: string, req: RequestInfo): Promise<string> {
  const claim = readClickToken(token);
  if (!claim || !z.uuid().safeParse(claim.m).success || !Number.isInteger(claim.l)) {
    throw new DomainError('NOT_FOUND', 'Link not found').withText('common.notFound', { what: 'Link' });
  }
  // Public route: the signed token names the message; its tenant comes from that row.
  const msg = await getDb().message.findUnique({ where: { id: claim.m }, select: { tenantId: true, campaignId: true } });
  if (!msg) throw new DomainError('NOT_FOUND', 'Link not found').withText('common.notFound', { what: 'Link' });
  const link = await tenantDb(msg.tenantId).trackedLink.findFirst({
    where: { campaignId: msg.campaignId, index: claim.l },
    select: { url: true },
  });
  if (!link) throw new DomainError('NOT_FOUND', 'Link not found').withText('common.notFound', { what: 'Link' });
  await push({ t: 'CLICK', m: claim.m, l: claim.l, url: link.url, ...hitBase(req) });
  return link.url;
}
