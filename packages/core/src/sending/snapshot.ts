// The audience snapshot: ONE statement turns the campaign's audience into Message rows.
// Who is in it is decided by audienceFilterSql (campaigns/audience.ts), the same predicate
// the editor's live count uses: CONFIRMED subscriptions in the campaign's lists, subscriber
// ACTIVE and not paused, not suppressed, not blocked, the 6-month sunset rule, the segment.
// One row per subscriber (the query is over Subscriber; unique (campaignId, subscriberId)
// backs it up). A re-engagement campaign takes exactly the sunset-excluded, and nobody gets
// a re-engagement mail twice.
import { randomBytes } from 'node:crypto';
import { Prisma } from '@rundbrief/db';
import { audienceFilterSql, segmentSchema } from '../campaigns/audience.ts';

type Tx = { $queryRaw<T>(q: Prisma.Sql): Promise<T> };

export type SnapshotResult = { recipientCount: number; sunsetExcluded: number };

export async function snapshotAudience(
  tx: Tx,
  input: { tenantId: string; campaignId: string; listIds: string[]; segment: unknown; reengagement: boolean; now?: Date },
): Promise<SnapshotResult> {
  const { tenantId, campaignId } = input;
  const parsed = segmentSchema.safeParse(input.segment ?? {});
  const base = { tenantId, listIds: input.listIds, segment: parsed.success ? parsed.data : null, now: input.now };
  const target = input.reengagement
    ? Prisma.sql`${audienceFilterSql({ ...base, sunset: 'inactive' })} AND NOT EXISTS (
        SELECT 1 FROM "Message" pm JOIN "Campaign" pc ON pc.id = pm."campaignId"
        WHERE pm."tenantId" = ${tenantId}::uuid AND pm."subscriberId" = s.id AND pc.reengagement AND pc.id <> ${campaignId}::uuid)`
    : audienceFilterSql({ ...base, sunset: 'active' });
  const excluded = input.reengagement
    ? Prisma.sql`0::bigint`
    : Prisma.sql`(SELECT count(*) FROM "Subscriber" s WHERE ${audienceFilterSql({ ...base, sunset: 'inactive' })})`;
  // Ids ascend with the subscriber id (time-ordered prefix, UUIDv7-like, plus the row number),
  // and rows are inserted in that order: all four Message indexes then grow at their right
  // edge instead of taking a million random B-tree inserts. Ids are not secrets: every link
  // and VERP address carrying one is HMAC-signed.
  const prefix = `${Date.now().toString(16).padStart(12, '0')}7${randomBytes(2).toString('hex').slice(1)}${(8 + (randomBytes(1)[0]! & 3)).toString(16)}${randomBytes(2).toString('hex').slice(1)}`;
  const rows = await tx.$queryRaw<{ inserted: bigint; excluded: bigint }[]>(Prisma.sql`
    WITH cand AS (
      SELECT s.id, s.email, row_number() OVER (ORDER BY s.id) AS n FROM "Subscriber" s WHERE ${target}
    ), ins AS (
      INSERT INTO "Message" (id, "tenantId", "campaignId", "subscriberId", email, status, "createdAt", "updatedAt")
      SELECT (${prefix} || lpad(to_hex(n), 12, '0'))::uuid, ${tenantId}::uuid, ${campaignId}::uuid, cand.id, cand.email, 'QUEUED', now(), now()
      FROM cand ORDER BY n
      ON CONFLICT ("campaignId", "subscriberId") DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM ins) AS inserted, ${excluded} AS excluded`);
  const r = rows[0]!;
  return { recipientCount: Number(r.inserted), sunsetExcluded: Number(r.excluded) };
}
