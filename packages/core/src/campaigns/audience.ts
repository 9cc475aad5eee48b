// Who a campaign goes to: ONE relation over "Subscriber" s (audienceSql), used both by the
// live recipient count in the editor and by the send-time snapshot (INSERT ... SELECT into
// "Message"), so the number the marketer sees is the number that gets sent.
import { getDb, Prisma } from '@rundbrief/db';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { escapeLike } from '../like.ts';
import { blockedDomainDepths, notBlockedSql } from '../deliverability/blocklist-match.ts';

const fieldKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);

export const segmentRule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('field'),
    /** firstName, lastName, email, emailDomain, or a custom field key. */
    field: fieldKey,
    op: z.enum(['eq', 'neq', 'contains', 'empty', 'notEmpty', 'gt', 'lt']),
    value: z.string().max(500).default(''),
  }),
  z.object({
    kind: z.literal('activity'),
    op: z.enum(['openedWithin', 'clickedWithin', 'notOpenedWithin', 'activeWithin', 'subscribedWithin']),
    days: z.coerce.number().int().min(1).max(3650),
  }),
]);
export const segmentSchema = z.object({ match: z.enum(['all', 'any']).default('all'), rules: z.array(segmentRule).max(20).default([]) });
export type Segment = z.infer<typeof segmentSchema>;
export type SegmentRule = z.infer<typeof segmentRule>;

/** The sunset rule: no mail to people inactive for this long (unless they joined recently). */
export const SUNSET_MONTHS = 6;

export function sunsetCutoff(now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - SUNSET_MONTHS);
  return d;
}

const BUILTIN_COLUMNS: Record<string, Prisma.Sql> = {
  firstName: Prisma.sql`coalesce(s."firstName", '')`,
  lastName: Prisma.sql`coalesce(s."lastName", '')`,
  email: Prisma.sql`s.email`,
  emailDomain: Prisma.sql`split_part(s.email, '@', 2)`,
};

function fieldRuleSql(r: Extract<SegmentRule, { kind: 'field' }>): Prisma.Sql {
  const col = BUILTIN_COLUMNS[r.field] ?? Prisma.sql`coalesce(s.attributes ->> ${r.field}, '')`;
  const escaped = escapeLike(r.value);
  switch (r.op) {
    case 'eq': return Prisma.sql`lower(${col}) = lower(${r.value})`;
    case 'neq': return Prisma.sql`lower(${col}) <> lower(${r.value})`;
    case 'contains': return Prisma.sql`${col} ILIKE ${`%${escaped}%`}`;
    case 'empty': return Prisma.sql`${col} = ''`;
    case 'notEmpty': return Prisma.sql`${col} <> ''`;
    // numeric when both sides are numbers, else text order (ISO dates compare correctly)
    case 'gt':
    case 'lt': {
      const cmp = r.op === 'gt' ? Prisma.sql`>` : Prisma.sql`<`;
      return /^-?\d+(\.\d+)?$/.test(r.value)
        ? Prisma.sql`(CASE WHEN ${col} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (${col})::numeric ${cmp} ${Number(r.value)} ELSE false END)`
        : Prisma.sql`${col} <> '' AND ${col} ${cmp} ${r.value}`;
    }
  }
}

function activityRuleSql(tenantId: string, r: Extract<SegmentRule, { kind: 'activity' }>, now: Date): Prisma.Sql {
  const since = new Date(now.getTime() - r.days * 86_400_000);
  const event = (type: 'OPEN' | 'CLICK') => Prisma.sql`EXISTS (SELECT 1 FROM "Event" e WHERE e."tenantId" = ${tenantId}::uuid
    AND e."subscriberId" = s.id AND e.type = ${type}::"EventType" AND NOT e.machine AND e."createdAt" >= ${since})`;
  switch (r.op) {
    case 'openedWithin': return event('OPEN');
    case 'clickedWithin': return event('CLICK');
    case 'notOpenedWithin': return Prisma.sql`NOT ${event('OPEN')}`;
    case 'activeWithin': return Prisma.sql`s."lastActivityAt" >= ${since}`;
    case 'subscribedWithin': return Prisma.sql`s."createdAt" >= ${since}`;
  }
}

export type AudienceInput = {
  listIds: readonly string[];
  segment?: Segment | null;
  now?: Date;
  /**
   * A re-engagement campaign: nobody who already got a message of another re-engagement
   * campaign (this one excepted, so a repeated snapshot stays the same).
   */
  reengagement?: { campaignId?: string } | null;
  /** Label counts of the blocklist's domain entries (blockedDomainDepths), read once per statement. */
  blockDepths: readonly number[];
};

/**
 * The audience as a relation, one row per subscriber: (id, email, recent). In it: subscribed
 * CONFIRMED to one of the lists, subscriber ACTIVE and not paused, address not suppressed (by
 * hash, survives erasure) and not blocked platform-wide (address, domain or parent domain:
 * deliverability/blocklist-match.ts, the rule sign-up and import apply too), the segment.
 * `recent` is the 6-month sunset rule: active, joined or confirmed within 6 months. Normal
 * campaigns take the recent rows; the others are the sunset-excluded, whom a re-engagement
 * campaign takes.
 *
 * Written as joins against whole sets (hash joins, one pass over the tenant's subscribers)
 * rather than a correlated EXISTS per subscriber: a million subscribers cost a million index
 * probes per EXISTS otherwise. With several lists the joined rows are grouped per
 * subscriber, which makes someone in two lists one row (recent if any confirmation is).
 */
export function audienceSql(tenantId: string, input: AudienceInput): Prisma.Sql {
  const now = input.now ?? new Date();
  const listIds = input.listIds.filter((id) => z.uuid().safeParse(id).success);
  if (listIds.length === 0) return Prisma.sql`SELECT NULL::uuid AS id, NULL::text AS email, NULL::boolean AS recent WHERE false`;
  const lists = Prisma.join(listIds.map((id) => Prisma.sql`${id}::uuid`));
  const cutoff = sunsetCutoff(now);
  const parts: Prisma.Sql[] = [
    Prisma.sql`s."tenantId" = ${tenantId}::uuid`,
    Prisma.sql`s.status = 'ACTIVE'`,
    Prisma.sql`(s."pausedUntil" IS NULL OR s."pausedUntil" <= ${now})`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM "Suppression" x WHERE x."tenantId" = ${tenantId}::uuid
      AND x."emailHash" = encode(sha256(convert_to(s.email, 'UTF8')), 'hex'))`,
    // equality anti-joins (hashable), one per candidate, instead of an IN probe per row
    ...notBlockedSql(Prisma.sql`s.email`, input.blockDepths),
  ];
  if (input.reengagement) {
    const self = input.reengagement.campaignId;
    parts.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM "Message" pm WHERE pm."subscriberId" = s.id AND pm."campaignId" IN (
      SELECT pc.id FROM "Campaign" pc WHERE pc."tenantId" = ${tenantId}::uuid AND pc.reengagement
        ${self ? Prisma.sql`AND pc.id <> ${self}::uuid` : Prisma.empty}))`);
  }
  const rules = input.segment?.rules ?? [];
  if (rules.length) {
    const sqls = rules.map((r) => (r.kind === 'field' ? fieldRuleSql(r) : activityRuleSql(tenantId, r, now)));
    parts.push(Prisma.sql`(${Prisma.join(sqls, input.segment?.match === 'any' ? ' OR ' : ' AND ')})`);
  }
  // coalesce: never active (NULL) and joined long ago is inactive, not unknown
  const recentSince = (joined: Prisma.Sql) => Prisma.sql`(coalesce(s."lastActivityAt" >= ${cutoff}, false) OR s."createdAt" >= ${cutoff} OR ${joined})`;
  // (listId, subscriberId) is unique: with one list there is nothing to group.
  if (listIds.length === 1) {
    return Prisma.sql`SELECT s.id, s.email, ${recentSince(Prisma.sql`coalesce(j."confirmedAt", j."createdAt") >= ${cutoff}`)} AS recent
      FROM "Subscriber" s JOIN "Subscription" j ON j."subscriberId" = s.id
        AND j."tenantId" = ${tenantId}::uuid AND j."listId" = ${listIds[0]}::uuid AND j.status = 'CONFIRMED'
      WHERE ${Prisma.join(parts, ' AND ')}`;
  }
  // Several lists: grouped by subscriber (the primary key, so s.email may be selected), which
  // makes someone in two lists one row and is recent when any of the confirmations is.
  // Grouping after the join (not the subscriptions before it) lets the planner sort once by
  // subscriber id for both the grouping and the snapshot's numbering, instead of a hash
  // aggregate of the subscriptions, a hash join and then that sort (1M bench: ~1 s less).
  return Prisma.sql`SELECT s.id, s.email, ${recentSince(Prisma.sql`bool_or(coalesce(j."confirmedAt", j."createdAt") >= ${cutoff})`)} AS recent
    FROM "Subscriber" s JOIN "Subscription" j ON j."subscriberId" = s.id
      AND j."tenantId" = ${tenantId}::uuid AND j."listId" IN (${lists}) AND j.status = 'CONFIRMED'
    WHERE ${Prisma.join(parts, ' AND ')}
    GROUP BY s.id`;
}

/**
 * Message has no foreign key to Subscriber (a million row-by-row checks, each locking a
 * subscriber row, made the snapshot slow). What the key guaranteed is kept by a lock per
 * tenant instead: a snapshot holds it shared, erasing a subscriber exclusively. So an erasure
 * waits for running snapshots and then deletes the messages they inserted, and a snapshot
 * that starts later no longer sees the subscriber. Transaction-scoped: released at commit.
 */
export function audienceLockSql(tenantId: string, mode: 'snapshot' | 'erase'): Prisma.Sql {
  // 0x5e4d: this lock's class, so the tenant's hash cannot collide with another use
  return mode === 'snapshot'
    ? Prisma.sql`SELECT pg_advisory_xact_lock_shared(${0x5e4d}::int, hashtext(${tenantId}))::text`
    : Prisma.sql`SELECT pg_advisory_xact_lock(${0x5e4d}::int, hashtext(${tenantId}))::text`;
}

/** Session settings for an audience query over a whole tenant (SET LOCAL: inside a transaction). */
export const AUDIENCE_SETTINGS: readonly Prisma.Sql[] = [
  // hash tables and the id sort of a million rows in memory instead of temp files
  Prisma.sql`SET LOCAL work_mem = '256MB'`,
  // JIT compiling this plan costs more than it saves on a single pass
  Prisma.sql`SET LOCAL jit = off`,
];

/** Live count for the editor (the same relation the snapshot inserts): one pass, both numbers. */
export async function countAudience(ctx: TenantCtx, input: Omit<AudienceInput, 'reengagement' | 'blockDepths'> & { reengagement?: boolean }): Promise<{ recipients: number; sunsetExcluded: number }> {
  const blockDepths = await blockedDomainDepths();
  // a transaction so the SET LOCALs apply to the count
  const rows = await getDb().$transaction(async (tx) => {
    for (const q of AUDIENCE_SETTINGS) await tx.$executeRaw(q);
    return tx.$queryRaw<{ active: bigint; inactive: bigint }[]>`
      SELECT count(*) FILTER (WHERE a.recent) AS active, count(*) FILTER (WHERE NOT a.recent) AS inactive
      FROM (${audienceSql(ctx.tenantId, { ...input, blockDepths, reengagement: input.reengagement ? {} : null })}) a`;
  }, { timeout: 120_000 });
  const active = Number(rows[0]?.active ?? 0);
  const inactive = Number(rows[0]?.inactive ?? 0);
  return input.reengagement ? { recipients: inactive, sunsetExcluded: 0 } : { recipients: active, sunsetExcluded: inactive };
}
