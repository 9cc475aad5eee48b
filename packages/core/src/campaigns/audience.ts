// Who a campaign goes to: ONE predicate over "Subscriber" s, used both by the live
// recipient count in the editor and by the send-time snapshot (INSERT ... SELECT into
// "Message"), so the number the marketer sees is the number that gets sent.
import { getDb, Prisma } from '@rundbrief/db';
import { z } from 'zod';

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
  const escaped = r.value.replace(/[\\%_]/g, (c) => `\\${c}`);
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
  tenantId: string;
  listIds: readonly string[];
  segment?: Segment | null;
  /** 'active' (normal campaigns), 'inactive' (a re-engagement campaign: exactly the sunset-excluded), 'any'. */
  sunset?: 'active' | 'inactive' | 'any';
  now?: Date;
};

/**
 * WHERE predicate over "Subscriber" s: subscribed CONFIRMED to one of the lists, subscriber
 * ACTIVE and not paused, address not suppressed (by hash, survives erasure) and not
 * blocked platform-wide (address or domain), the sunset rule, then the segment.
 */
export function audienceFilterSql(input: AudienceInput): Prisma.Sql {
  const { tenantId } = input;
  const now = input.now ?? new Date();
  const listIds = input.listIds.filter((id) => z.uuid().safeParse(id).success);
  if (listIds.length === 0) return Prisma.sql`false`;
  const lists = Prisma.join(listIds.map((id) => Prisma.sql`${id}::uuid`));
  const cutoff = sunsetCutoff(now);
  const recentlyActive = Prisma.sql`(s."lastActivityAt" >= ${cutoff} OR s."createdAt" >= ${cutoff} OR EXISTS (
    SELECT 1 FROM "Subscription" j WHERE j."subscriberId" = s.id AND j."tenantId" = ${tenantId}::uuid
      AND j."listId" IN (${lists}) AND j.status = 'CONFIRMED' AND coalesce(j."confirmedAt", j."createdAt") >= ${cutoff}))`;
  const parts: Prisma.Sql[] = [
    Prisma.sql`s."tenantId" = ${tenantId}::uuid`,
    Prisma.sql`s.status = 'ACTIVE'`,
    Prisma.sql`(s."pausedUntil" IS NULL OR s."pausedUntil" <= ${now})`,
    Prisma.sql`EXISTS (SELECT 1 FROM "Subscription" sub WHERE sub."subscriberId" = s.id AND sub."tenantId" = ${tenantId}::uuid
      AND sub."listId" IN (${lists}) AND sub.status = 'CONFIRMED')`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM "Suppression" x WHERE x."tenantId" = ${tenantId}::uuid
      AND x."emailHash" = encode(sha256(convert_to(s.email, 'UTF8')), 'hex'))`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM "BlockedAddress" b WHERE b.value IN (s.email, split_part(s.email, '@', 2)))`,
  ];
  const sunset = input.sunset ?? 'active';
  if (sunset === 'active') parts.push(recentlyActive);
  if (sunset === 'inactive') parts.push(Prisma.sql`NOT ${recentlyActive}`);
  const rules = input.segment?.rules ?? [];
  if (rules.length) {
    const sqls = rules.map((r) => (r.kind === 'field' ? fieldRuleSql(r) : activityRuleSql(tenantId, r, now)));
    parts.push(Prisma.sql`(${Prisma.join(sqls, input.segment?.match === 'any' ? ' OR ' : ' AND ')})`);
  }
  return Prisma.join(parts, ' AND ');
}

/** Live count for the editor; `sunsetExcluded` is who the sunset rule alone leaves out. */
export async function countAudience(input: Omit<AudienceInput, 'sunset'> & { reengagement?: boolean }): Promise<{ recipients: number; sunsetExcluded: number }> {
  const db = getDb();
  const count = async (sunset: AudienceInput['sunset']) => {
    const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Subscriber" s WHERE ${audienceFilterSql({ ...input, sunset })}`;
    return Number(rows[0]?.n ?? 0);
  };
  const [active, inactive] = await Promise.all([count('active'), count('inactive')]);
  return input.reengagement ? { recipients: inactive, sunsetExcluded: 0 } : { recipients: active, sunsetExcluded: inactive };
}
