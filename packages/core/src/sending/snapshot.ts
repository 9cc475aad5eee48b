// The audience snapshot: ONE statement turns the campaign's audience into Message rows.
// Who is in it is decided by audienceSql (campaigns/audience.ts), the same relation the
// editor's live count uses: CONFIRMED subscriptions in the campaign's lists, subscriber
// ACTIVE and not paused, not suppressed, not blocked, the 6-month sunset rule, the segment.
// One row per subscriber (the relation has one per subscriber; unique (subscriberId,
// campaignId) backs it up). A re-engagement campaign takes exactly the sunset-excluded, and
// nobody gets a re-engagement mail twice.
import { Prisma } from '@rundbrief/db';
import { AUDIENCE_SETTINGS, audienceLockSql, audienceSql, segmentSchema } from '../campaigns/audience.ts';
import type { TenantCtx } from '../context.ts';
import { blockedDomainDepths } from '../deliverability/blocklist-match.ts';

type Tx = { $queryRaw<T>(q: Prisma.Sql): Promise<T>; $executeRaw(q: Prisma.Sql): Promise<number> };

export type SnapshotResult = { recipientCount: number; sunsetExcluded: number };
export type SnapshotInput = {
  campaignId: string; listIds: string[]; segment: unknown; reengagement: boolean; now?: Date; blockDepths?: readonly number[];
  /** A/B test: the test share gets the variants (in this order), the rest is HELD (campaigns/ab-send.ts). */
  ab?: { variantIds: readonly string[]; percent: number } | null;
};

/** Runs inside the start transaction (its SET LOCALs end with it). */
export async function snapshotAudience(ctx: TenantCtx, tx: Tx, input: SnapshotInput): Promise<SnapshotResult> {
  // the blocklist's domain depths, read once: the matching itself is part of the one statement
  const { settings, statement } = snapshotSql(ctx.tenantId, { ...input, blockDepths: input.blockDepths ?? await blockedDomainDepths() });
  for (const q of settings) await tx.$executeRaw(q);
  // before the statement, so its snapshot of the data is taken after any erasure committed
  await tx.$queryRaw(audienceLockSql(ctx.tenantId, 'snapshot'));
  // Message's one foreign key (to Campaign) would be checked row by row, a million times for
  // the one campaign row this transaction has just locked (SCHEDULED -> SENDING): the check
  // proves nothing new and costs ~5 s per million. The bulk insert skips it where the
  // database user may (superuser, or GRANT SET ON PARAMETER session_replication_role);
  // every other writer keeps the foreign key.
  const skipFkCheck = await maySkipTriggers(tx);
  if (skipFkCheck) await tx.$executeRaw(Prisma.sql`SET LOCAL session_replication_role = replica`);
  const rows = await tx.$queryRaw<{ inserted: bigint; excluded: bigint }[]>(statement);
  if (skipFkCheck) await tx.$executeRaw(Prisma.sql`SET LOCAL session_replication_role = origin`);
  const r = rows[0]!;
  return { recipientCount: Number(r.inserted), sunsetExcluded: Number(r.excluded) };
}

async function maySkipTriggers(tx: Tx): Promise<boolean> {
  const [me] = await tx.$queryRaw<{ su: boolean; v: number }[]>(Prisma.sql`
    SELECT current_setting('is_superuser') = 'on' AS su, current_setting('server_version_num')::int AS v`);
  if (me?.su) return true;
  if (!me || me.v < 150000) return false;
  const [p] = await tx.$queryRaw<{ ok: boolean }[]>(Prisma.sql`SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok`);
  return p?.ok === true;
}

/** The statement and the settings it runs with (exported for the benchmark's EXPLAIN). */
export function snapshotSql(tenantId: string, input: SnapshotInput): { settings: readonly Prisma.Sql[]; statement: Prisma.Sql } {
  const { campaignId } = input;
  const parsed = segmentSchema.safeParse(input.segment ?? {});
  const audience = audienceSql(tenantId, {
    listIds: input.listIds, segment: parsed.success ? parsed.data : null, now: input.now, blockDepths: input.blockDepths ?? [],
    reengagement: input.reengagement ? { campaignId } : null,
  });
  // One pass over the audience yields both the recipients and, for a normal campaign, the
  // sunset-excluded count; a re-engagement campaign takes exactly the latter.
  const takes = input.reengagement ? Prisma.sql`NOT a.recent` : Prisma.sql`a.recent`;
  // Ids ascend with the subscriber id and rows are inserted in that order: the id index grows
  // at its right edge and the (subscriberId, campaignId) one is filled in key order instead
  // of taking a million random B-tree inserts. Layout (UUIDv7-like): 48 bits of the start
  // time, version 7, the row number n in the next 30 bits (12 + 2 beside the variant + 16,
  // so ids keep n's order; 2^30 rows is far above any audience), then 44 random bits, so
  // knowing one message's id does not tell another's: ids of one campaign no longer count up.
  // No ON CONFLICT: only the transaction that moved the campaign SCHEDULED -> SENDING
  // snapshots it, so there is never a row to skip, and speculative insertion cost a third
  // more (measured); the unique index still refuses a duplicate.
  const prefix = `${Date.now().toString(16).padStart(12, '0')}7`;
  // A/B test, in the same statement (a second pass rewriting every row cost twice the insert,
  // measured): the recipients in a random order that is stable for the campaign (md5 of
  // campaign and subscriber), the first `test` of them (abSplit in campaigns/ab-rules.ts)
  // split evenly among the variants, the rest HELD without a variant.
  const ab = input.ab && input.ab.variantIds.length >= 2 ? input.ab : null;
  const abCols = ab
    ? Prisma.sql`, row_number() OVER (PARTITION BY ${takes} ORDER BY md5(${campaignId} || a.id::text), a.id) - 1 AS k,
        count(*) FILTER (WHERE ${takes}) OVER () AS t`
    : Prisma.empty;
  const test = ab ? Prisma.sql`LEAST(aud.t, GREATEST(${ab.variantIds.length}, round(aud.t * ${ab.percent} / 100.0)))` : Prisma.empty;
  const variantId = ab
    ? Prisma.sql`CASE WHEN aud.k < ${test} THEN (${[...ab.variantIds]}::uuid[])[(aud.k % ${ab.variantIds.length}) + 1] END`
    : Prisma.sql`NULL::uuid`;
  const status = ab ? Prisma.sql`(CASE WHEN aud.k < ${test} THEN 'QUEUED' ELSE 'HELD' END)::"MessageStatus"` : Prisma.sql`'QUEUED'`;
  const statement = Prisma.sql`
    WITH aud AS (
      SELECT a.id, a.email, ${takes} AS takes, row_number() OVER (ORDER BY a.id) AS n ${abCols} FROM (${audience}) a
    ), ins AS (
      INSERT INTO "Message" (id, "tenantId", "campaignId", "subscriberId", email, status, "variantId", "createdAt", "updatedAt")
      SELECT (${prefix} || lpad(to_hex(n >> 18), 3, '0') || to_hex(8 + ((n >> 16) & 3)) || lpad(to_hex(n & 65535), 4, '0')
        || right(gen_random_uuid()::text, 11))::uuid, ${tenantId}::uuid, ${campaignId}::uuid, aud.id, aud.email, ${status}, ${variantId}, now(), now()
      FROM aud WHERE aud.takes
    )
    SELECT count(*) FILTER (WHERE takes) AS inserted, ${input.reengagement ? Prisma.sql`0::bigint` : Prisma.sql`count(*) FILTER (WHERE NOT takes)`} AS excluded FROM aud`;
  return { settings: AUDIENCE_SETTINGS, statement };
}
