// The one writer of Campaign.status. Every move (schedule, start, pause, auto-pause, resume,
// finish, cancel, back to draft) goes through `transitionCampaigns`, which only moves rows
// whose current status is an allowed "from" of the target in CAMPAIGN_TRANSITIONS, in one
// conditional UPDATE: two writers racing (a pause and the last batch's finish, a cancel and
// an auto-pause) can never produce a move the table does not allow, and the loser sees
// "nothing moved" instead of overwriting the winner.
import { getDb, Prisma, type CampaignStatus } from '@rundbrief/db';
import { runSql, type SqlRunner } from '../sql-runner.ts';
import { kickWebhookDispatch, webhookOutboxCtes, type WebhookEventType } from '../webhooks/events.ts';

/** from -> the statuses it may move to. SCHEDULED -> SCHEDULED is a reschedule. */
export const CAMPAIGN_TRANSITIONS = {
  DRAFT: ['SCHEDULED'],
  SCHEDULED: ['SCHEDULED', 'DRAFT', 'SENDING', 'CANCELLED'],
  // SENDING -> SENT also covers a start whose snapshot found no recipient.
  SENDING: ['PAUSED', 'AUTO_PAUSED', 'SENT', 'CANCELLED'],
  PAUSED: ['SENDING', 'CANCELLED'],
  AUTO_PAUSED: ['SENDING', 'CANCELLED'],
  SENT: [],
  CANCELLED: [],
} as const satisfies Record<CampaignStatus, readonly CampaignStatus[]>;

/** The webhook event of a move (SENDING only when it starts from SCHEDULED, not a resume). */
const CAMPAIGN_WEBHOOK_EVENTS: Partial<Record<CampaignStatus, WebhookEventType>> = {
  SENDING: 'campaign.started',
  SENT: 'campaign.finished',
  AUTO_PAUSED: 'campaign.auto_paused',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = Object.keys(CAMPAIGN_TRANSITIONS) as CampaignStatus[];

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return (CAMPAIGN_TRANSITIONS[from] as readonly CampaignStatus[]).includes(to);
}

/** Every status a campaign may be in to move to `to`. */
export function allowedFrom(to: CampaignStatus): CampaignStatus[] {
  return STATUSES.filter((from) => canTransition(from, to));
}

export type CampaignStatusChange = {
  campaignId: string;
  tenantId: string;
  from: CampaignStatus;
  to: CampaignStatus;
  /** The pause / not-sent reason stored with the move (null when cleared). */
  reason: string | null;
};

export type TransitionOptions = {
  /** Narrow the allowed "from" set (each must be allowed by the table; a wrong one throws). */
  from?: readonly CampaignStatus[];
  /** Stored as pauseReason. Without it, moves to DRAFT / SCHEDULED / SENDING clear the reason. */
  reason?: string | null;
  /** Moves to SCHEDULED: when it is due (required), and the zone it was chosen in. */
  scheduledAt?: Date;
  timezone?: string | null;
  /** SCHEDULED -> SENDING: the compilation frozen for this send. */
  compiled?: unknown;
  /** An extra SQL condition on the campaign row `c` (e.g. "nothing pending"). */
  onlyIf?: Prisma.Sql;
  /** The caller's transaction (default: the pg pool, outside any transaction). */
  db?: SqlRunner;
};

/**
 * Moves one campaign (`campaignId`) or every campaign of the tenant (`'all'`) that is in an
 * allowed "from" status to `to`, and returns what moved (with the status each came from).
 * Timestamps follow the move: SCHEDULED -> SENDING sets startedAt, SENT / CANCELLED set
 * finishedAt, DRAFT clears scheduledAt.
 */
export async function transitionCampaigns(
  tenantId: string,
  campaignId: string | 'all',
  to: CampaignStatus,
  opts: TransitionOptions = {},
): Promise<CampaignStatusChange[]> {
  const allowed = allowedFrom(to);
  const illegal = opts.from?.filter((s) => !allowed.includes(s)) ?? [];
  if (illegal.length) throw new Error(`Campaign status ${illegal.join(', ')} -> ${to} is not an allowed transition`);
  const from = opts.from ?? allowed;
  // An id that is no uuid names no campaign: nothing moves (and no SQL cast error).
  if (!from.length || (campaignId !== 'all' && !UUID.test(campaignId))) return [];
  if (to === 'SCHEDULED' && !opts.scheduledAt) throw new Error('A move to SCHEDULED needs scheduledAt');

  const reason = opts.reason !== undefined ? opts.reason : null;
  const keepsReason = opts.reason === undefined && !['DRAFT', 'SCHEDULED', 'SENDING'].includes(to);
  const sets: Prisma.Sql[] = [Prisma.sql`status = ${to}::"CampaignStatus"`, Prisma.sql`"updatedAt" = now()`];
  if (!keepsReason) sets.push(Prisma.sql`"pauseReason" = ${reason}`);
  if (to === 'SENDING') sets.push(Prisma.sql`"startedAt" = CASE WHEN prev.status = 'SCHEDULED' THEN now() ELSE c."startedAt" END`);
  if (to === 'SENT' || to === 'CANCELLED') sets.push(Prisma.sql`"finishedAt" = now()`);
  if (to === 'SCHEDULED') sets.push(Prisma.sql`"scheduledAt" = ${opts.scheduledAt!.toISOString()}::timestamp`);
  if (to === 'DRAFT') sets.push(Prisma.sql`"scheduledAt" = NULL`);
  if (opts.timezone !== undefined) sets.push(Prisma.sql`timezone = ${opts.timezone}`);
  if (opts.compiled !== undefined) sets.push(Prisma.sql`compiled = ${JSON.stringify(opts.compiled)}::jsonb`);

  const target = campaignId === 'all' ? Prisma.empty : Prisma.sql`AND c.id = ${campaignId}::uuid`;
  const extra = opts.onlyIf ? Prisma.sql`AND (${opts.onlyIf})` : Prisma.empty;
  const webhook = CAMPAIGN_WEBHOOK_EVENTS[to];
  // The webhook event is written by this same statement (outbox CTEs): a rolled-back move
  // sends nothing, and a move that did not happen (the race's loser) records nothing.
  const outbox = webhook
    ? Prisma.sql`,
    wh_src AS (
      SELECT m."tenantId", jsonb_build_object(
        'campaignId', m."campaignId", 'name', m.name, 'status', ${to}::text, 'previousStatus', m."from", 'reason', m.reason,
        'recipientCount', m."recipientCount", 'sentCount', m."sentCount", 'bouncedCount', m."bouncedCount", 'complaintCount', m."complaintCount",
        'startedAt', m."startedAt", 'finishedAt', m."finishedAt") AS data
      FROM moved m ${webhook === 'campaign.started' ? Prisma.sql`WHERE m."from" = 'SCHEDULED'` : Prisma.empty}
    ), ${webhookOutboxCtes(webhook, Prisma.sql`wh_src`)}`
    : Prisma.empty;
  // FOR UPDATE: a concurrent writer's move is waited for, then this row's status is checked
  // again (READ COMMITTED re-evaluates the WHERE on the new version), so it cannot be undone.
  const q = Prisma.sql`
    WITH prev AS (
      SELECT c.id, c.status FROM "Campaign" c
      WHERE c."tenantId" = ${tenantId}::uuid ${target}
        AND c.status::text = ANY(${from as CampaignStatus[]}::text[]) ${extra}
      FOR UPDATE
    ),
    moved AS (
      UPDATE "Campaign" c SET ${Prisma.join(sets, ', ')}
      FROM prev WHERE c.id = prev.id
      RETURNING c.id AS "campaignId", c."tenantId" AS "tenantId", prev.status::text AS "from", c."pauseReason" AS reason,
        c.name, c."recipientCount", c."sentCount", c."bouncedCount", c."complaintCount", c."startedAt", c."finishedAt"
    )${outbox}
    SELECT "campaignId", "tenantId", "from", reason FROM moved`;
  const rows = await runSql<Omit<CampaignStatusChange, 'to'>>(q, opts.db);
  if (webhook && rows.length) await kickWebhookDispatch();
  return rows.map((r) => ({ ...r, to }));
}

/** One campaign: the change, or null when its status did not allow the move (or it is not the tenant's). */
export async function moveCampaign(
  tenantId: string,
  campaignId: string,
  to: CampaignStatus,
  opts: TransitionOptions = {},
): Promise<CampaignStatusChange | null> {
  const [change] = await transitionCampaigns(tenantId, campaignId, to, opts);
  return change ?? null;
}

/** The status now (null: no such campaign for this tenant), for a refusal's message. */
export async function campaignStatusOf(tenantId: string, campaignId: string): Promise<CampaignStatus | null> {
  if (!UUID.test(campaignId)) return null;
  const c = await getDb().campaign.findFirst({ where: { id: campaignId, tenantId }, select: { status: true } });
  return c?.status ?? null;
}
