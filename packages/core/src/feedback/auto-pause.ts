// Auto-pause: a campaign whose hard-bounce or complaint rate shows a bad list stops itself
// before it harms the sending IPs' reputation for every tenant. Tenants may be stricter
// than the platform, never looser: the platform caps come from the environment.
import { z } from 'zod';
import { getDb, parseEnv, tenantDb } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { moveCampaign } from '../campaigns/status.ts';
import { bounceRatePause, complaintRatePause } from '../sending/pause-reason.ts';

const platformEnvSchema = z.object({
  /** Highest hard-bounce rate a tenant may configure (fraction). */
  PLATFORM_MAX_BOUNCE_RATE: z.coerce.number().min(0).max(1).default(0.05),
  /** Highest complaint rate a tenant may configure; Gmail and Yahoo act at 0.3 %. */
  PLATFORM_MAX_COMPLAINT_RATE: z.coerce.number().min(0).max(1).default(0.003),
});
export const platformFeedbackLimits = () => parseEnv(platformEnvSchema);

export type AutoPauseVerdict =
  | { paused: false; delivered: number; hardBounces: number; complaints: number }
  | { paused: true; reason: string; delivered: number; hardBounces: number; complaints: number };

/**
 * Checks one campaign and moves it SENDING → AUTO_PAUSED when, after at least
 * tenant.autoPauseMinDelivered messages reached a receiving server, the hard-bounce rate
 * or the complaint rate is above the tenant threshold (capped by the platform maximum).
 * Called after bounce / complaint effects and after send batches; safe to call often.
 */
export async function checkAutoPause(campaignId: string): Promise<AutoPauseVerdict> {
  // Called by the worker with an id from its own job data; the tenant comes from the row.
  const owner = await getDb().campaign.findUnique({ where: { id: campaignId }, select: { tenantId: true } });
  if (!owner) throw new DomainError('NOT_FOUND', 'Campaign not found').withText('common.notFound', { what: 'Campaign' });
  const db = tenantDb(owner.tenantId);
  const [campaign, tenant] = await Promise.all([
    db.campaign.findFirst({ where: { id: campaignId }, select: { status: true, complaintCount: true } }),
    getDb().tenant.findUniqueOrThrow({
      where: { id: owner.tenantId },
      select: { bounceRateThreshold: true, complaintRateThreshold: true, autoPauseMinDelivered: true },
    }),
  ]);
  if (!campaign) throw new DomainError('NOT_FOUND', 'Campaign not found').withText('common.notFound', { what: 'Campaign' });

  // "Delivered" = handed to a receiving server with a final answer: accepted (SENT) or
  // bounced (synchronously or later by DSN, which turns SENT into BOUNCED).
  const grouped = await db.message.groupBy({
    by: ['status', 'bounceCategory'],
    where: { campaignId, status: { in: ['SENT', 'BOUNCED'] } },
    _count: { _all: true },
  });
  const delivered = grouped.reduce((n, g) => n + g._count._all, 0);
  const hardBounces = grouped
    // An unclassified 5xx counts as hard: failing towards pausing protects the shared IPs.
    .filter((g) => g.status === 'BOUNCED' && (g.bounceCategory ?? 'hard') === 'hard')
    .reduce((n, g) => n + g._count._all, 0);
  const complaints = campaign.complaintCount;
  const base = { delivered, hardBounces, complaints };
  if (delivered < Math.max(1, tenant.autoPauseMinDelivered)) return { paused: false, ...base };

  const limits = platformFeedbackLimits();
  const bounceLimit = Math.min(tenant.bounceRateThreshold, limits.PLATFORM_MAX_BOUNCE_RATE);
  const complaintLimit = Math.min(tenant.complaintRateThreshold, limits.PLATFORM_MAX_COMPLAINT_RATE);
  const bounceRate = hardBounces / delivered;
  const complaintRate = complaints / delivered;
  let reason: string | null = null;
  if (bounceRate > bounceLimit) {
    reason = bounceRatePause(bounceRate, hardBounces, delivered, bounceLimit);
  } else if (complaintRate > complaintLimit) {
    reason = complaintRatePause(complaintRate, complaints, delivered, complaintLimit);
  }
  if (!reason) return { paused: false, ...base };

  // Conditional move: only a running campaign pauses, and only once.
  const moved = await moveCampaign(owner.tenantId, campaignId, 'AUTO_PAUSED', { reason });
  if (moved) {
    await db.alert.create({
      data: {
        tenantId: owner.tenantId, kind: 'AUTO_PAUSE', severity: 'warning', message: reason,
        details: { campaignId, delivered, hardBounces, complaints, bounceLimit, complaintLimit },
      },
    });
  }
  return { paused: true, reason, ...base };
}
