// A DSN for platform mail, sent back to its p-<id>-<mac>@BOUNCE_DOMAIN envelope sender:
// classified like any bounce by the inbound pipeline, then recorded on the PlatformMail row
// here, in the caller's transaction (set-based SQL, idempotent: the same report applied
// again changes nothing). A later soft report does not turn a hard bounce back into a soft
// one. Complaints and other mail at such an address change nothing (the caller ignores them).
import { getDb, Prisma } from '@rundbrief/db';

/** Raw statements on the caller's connection (inbound-batch's transaction, or the client). */
export type PlatformBounceTx = { query<T>(q: Prisma.Sql): Promise<T[]> };

export type PlatformBounce = {
  platformMailId: string;
  category: 'hard' | 'soft' | 'block';
  status: string | null;
  diagnostic: string;
  inboundId: string;
};

/** 'platform-hard' | 'platform-soft' | 'platform-block'; 'duplicate' when nothing changed; 'message-gone' for an unknown row. */
export async function applyPlatformBounce(tx: PlatformBounceTx, b: PlatformBounce): Promise<string> {
  const diagnostic = b.diagnostic.replace(/\s+/g, ' ').trim().slice(0, 500);
  const changed = await tx.query<{ id: string }>(Prisma.sql`
    UPDATE "PlatformMail" SET "bouncedAt" = clock_timestamp(), "bounceCategory" = ${b.category}::text, "bounceStatus" = ${b.status}::text,
      "bounceDiagnostic" = ${diagnostic}::text, "inboundId" = ${b.inboundId}::uuid
    WHERE id = ${b.platformMailId}::uuid
      AND "inboundId" IS DISTINCT FROM ${b.inboundId}::uuid
      AND ("bounceCategory" IS DISTINCT FROM 'hard' OR ${b.category}::text = 'hard')
    RETURNING id::text AS id`);
  if (changed.length) return `platform-${b.category}`;
  const exists = await tx.query<{ id: string }>(Prisma.sql`SELECT id::text AS id FROM "PlatformMail" WHERE id = ${b.platformMailId}::uuid`);
  return exists.length ? 'duplicate' : 'message-gone';
}

/** The same outside a batch transaction, on the shared client. */
export const clientTx = (): PlatformBounceTx => ({ query: <T>(q: Prisma.Sql) => getDb().$queryRaw<T[]>(q) });
