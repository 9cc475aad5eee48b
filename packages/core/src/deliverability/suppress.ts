// The one writer of suppressions: every path that suppresses an address (a hard bounce at
// send time or by DSN, a soft-bounce streak, a complaint, an unsubscribe, a manual entry,
// a CSV import, a GDPR erasure) calls `writeSuppressions`, which also moves the
// subscriber's status the way the reason implies. Set-based: one statement per effect for
// any number of addresses, so the batched inbound apply stays one round trip per batch.
// Every path that lifts one (a marketer removing it, the subscriber's fresh double opt-in)
// calls `liftSuppressions`, which holds who may lift which reason. Nothing else writes the
// Suppression table (test/deliverability/suppression-writers.test.ts greps for it).
import { Prisma, type SubscriberStatus, type SuppressionReason } from '@rundbrief/db';
import { sha256 } from '../crypto.ts';
import { runSql, type SqlRunner } from '../sql-runner.ts';
import { kickWebhookDispatch, webhookOutboxCtes } from '../webhooks/events.ts';

/**
 * Which existing reasons a new one replaces; any other existing row stays as it is (the
 * first reason is kept). A hard bounce says more than a soft-bounce streak, a complaint
 * more than an unsubscribe, and an erasure replaces everything (and drops the address).
 */
export const SUPPRESSION_OUTRANKS: Record<SuppressionReason, readonly SuppressionReason[]> = {
  ERASED: ['HARD_BOUNCE', 'SOFT_BOUNCE', 'COMPLAINT', 'UNSUBSCRIBE', 'MANUAL', 'HONEYPOT'],
  COMPLAINT: ['UNSUBSCRIBE', 'SOFT_BOUNCE', 'MANUAL'],
  HARD_BOUNCE: ['SOFT_BOUNCE'],
  SOFT_BOUNCE: [],
  UNSUBSCRIBE: [],
  MANUAL: [],
  HONEYPOT: [],
};

/**
 * What a suppression does to the subscriber: the status it moves to (only from the listed
 * ones: BOUNCED / COMPLAINED / BLOCKED say more than UNSUBSCRIBED) and whether every
 * subscription of the subscriber ends (a complaint or opt-out is about all our mail).
 */
export const SUBSCRIBER_EFFECT: Record<SuppressionReason, { status: SubscriberStatus; from: readonly SubscriberStatus[]; endSubscriptions: boolean } | null> = {
  HARD_BOUNCE: { status: 'BOUNCED', from: ['ACTIVE'], endSubscriptions: false },
  SOFT_BOUNCE: { status: 'BOUNCED', from: ['ACTIVE'], endSubscriptions: false },
  COMPLAINT: { status: 'COMPLAINED', from: ['ACTIVE', 'UNSUBSCRIBED', 'BOUNCED'], endSubscriptions: true },
  UNSUBSCRIBE: { status: 'UNSUBSCRIBED', from: ['ACTIVE'], endSubscriptions: true },
  MANUAL: null,
  HONEYPOT: null,
  ERASED: null,
};

export type SuppressionEntry = {
  tenantId: string;
  /** The normalised address; null keeps only the hash (erasure). */
  email: string | null;
  /** Defaults to sha256(email). */
  emailHash?: string;
  note?: string | null;
  /** The subscriber whose status follows the suppression (see SUBSCRIBER_EFFECT). */
  subscriberId?: string | null;
};

export type SuppressionWrite = {
  /** New suppression rows. */
  added: number;
  /** Existing rows whose reason this one outranked. */
  upgraded: number;
};

/**
 * Suppresses every entry for `reason` (by tenant and address hash) and applies the
 * subscriber effect, in the caller's transaction when `db` is given. An address listed
 * twice for one tenant counts once (the last entry's note wins).
 */
export async function writeSuppressions(
  reason: SuppressionReason,
  source: string | null,
  entries: readonly SuppressionEntry[],
  opts: { db?: SqlRunner } = {},
): Promise<SuppressionWrite> {
  if (entries.length === 0) return { added: 0, upgraded: 0 };
  const byKey = new Map<string, SuppressionEntry & { emailHash: string }>();
  for (const e of entries) {
    const emailHash = e.emailHash ?? sha256(e.email ?? '');
    if (!e.emailHash && !e.email) throw new Error('A suppression needs an address or its hash');
    byKey.set(`${e.tenantId}|${emailHash}`, { ...e, emailHash });
  }
  const rows = [...byKey.values()];
  const erase = reason === 'ERASED';
  const [w] = await runSql<SuppressionWrite>(Prisma.sql`
    WITH w AS (
      INSERT INTO "Suppression" (id, "tenantId", email, "emailHash", reason, source, note, "createdAt")
      SELECT gen_random_uuid(), t, e, h, ${reason}::"SuppressionReason", ${source}, n, now()
      FROM unnest(${rows.map((r) => r.tenantId)}::uuid[], ${rows.map((r) => (erase ? null : r.email))}::text[],
                  ${rows.map((r) => r.emailHash)}::text[], ${rows.map((r) => r.note?.slice(0, 500) ?? null)}::text[]) AS v(t, e, h, n)
      ON CONFLICT ("tenantId", "emailHash") DO UPDATE
        SET reason = EXCLUDED.reason, source = EXCLUDED.source, note = EXCLUDED.note,
            email = CASE WHEN EXCLUDED.reason = 'ERASED' THEN NULL ELSE "Suppression".email END
        WHERE "Suppression".reason::text = ANY(${[...SUPPRESSION_OUTRANKS[reason]]}::text[])
      RETURNING (xmax = 0) AS inserted
    )
    SELECT (count(*) FILTER (WHERE inserted))::int AS added, (count(*) FILTER (WHERE NOT inserted))::int AS upgraded FROM w`, opts.db);

  const effect = SUBSCRIBER_EFFECT[reason];
  const subscribers = rows.filter((r) => r.subscriberId);
  if (effect && subscribers.length > 0) {
    const tenants = subscribers.map((r) => r.tenantId);
    const ids = subscribers.map((r) => r.subscriberId!);
    if (effect.endSubscriptions) {
      // One subscriber.unsubscribed webhook event per subscriber whose subscriptions this
      // ended, written by the same statement (a repeated unsubscribe ends nothing: no event).
      const [hooks] = await runSql<{ n: number }>(Prisma.sql`
        WITH ended AS (
          UPDATE "Subscription" s SET status = 'UNSUBSCRIBED', "unsubscribedAt" = now()
          FROM unnest(${tenants}::uuid[], ${ids}::uuid[]) AS v(t, id)
          WHERE s."tenantId" = v.t AND s."subscriberId" = v.id AND s.status <> 'UNSUBSCRIBED'
          RETURNING s."tenantId", s."subscriberId", s."listId"
        ),
        wh_src AS (
          SELECT e."tenantId", jsonb_build_object('subscriberId', e."subscriberId", 'email', sub.email, 'listIds', jsonb_agg(e."listId" ORDER BY e."listId"),
            'scope', 'all', 'reason', ${reason}::text, 'source', ${source}::text) AS data
          FROM ended e JOIN "Subscriber" sub ON sub.id = e."subscriberId"
          GROUP BY e."tenantId", e."subscriberId", sub.email
        ), ${webhookOutboxCtes('subscriber.unsubscribed', Prisma.sql`wh_src`)}
        SELECT count(*)::int AS n FROM wh_dl`, opts.db);
      // Outside a caller's transaction this is after the commit; inside one the sweep delivers.
      if (hooks && hooks.n > 0) await kickWebhookDispatch();
    }
    await runSql(Prisma.sql`
      UPDATE "Subscriber" s SET status = ${effect.status}::"SubscriberStatus", "updatedAt" = now()
      FROM unnest(${tenants}::uuid[], ${ids}::uuid[]) AS v(t, id)
      WHERE s.id = v.id AND s."tenantId" = v.t AND s.status::text = ANY(${[...effect.from]}::text[])`, opts.db);
  }
  return w ?? { added: 0, upgraded: 0 };
}

/**
 * Who lifts a suppression, and which reasons each may lift; any other row stays.
 * - MARKETER: a member (MARKETER or above) removing it by hand, saying why (audited):
 *   anything but an erasure (the person asked to be forgotten).
 * - RECONFIRMATION: the subscriber's fresh, proven consent (a confirmed double opt-in):
 *   only an earlier unsubscribe, never a bounce, complaint or manual entry.
 */
export const SUPPRESSION_LIFTABLE = {
  MARKETER: ['HARD_BOUNCE', 'SOFT_BOUNCE', 'COMPLAINT', 'UNSUBSCRIBE', 'MANUAL', 'HONEYPOT'],
  RECONFIRMATION: ['UNSUBSCRIBE'],
} as const satisfies Record<string, readonly SuppressionReason[]>;

export type SuppressionLifter =
  | { kind: 'MARKETER'; userId: string | null; actor: string | null; reason: string }
  | { kind: 'RECONFIRMATION' };

export type LiftedSuppression = { id: string; tenantId: string; email: string | null; emailHash: string; reason: SuppressionReason };

/**
 * Lifts (deletes) the suppressions of the given addresses that `by` may lift, in one
 * statement for any number of rows, in the caller's transaction when `db` is given. A
 * marketer's lift writes its audit entry (`suppression.remove`, the stated reason and the
 * lifted one) in the same statement. Returns the rows lifted.
 */
export async function liftSuppressions(
  by: SuppressionLifter,
  entries: readonly { tenantId: string; emailHash: string }[],
  opts: { db?: SqlRunner } = {},
): Promise<LiftedSuppression[]> {
  if (entries.length === 0) return [];
  const audit = by.kind === 'MARKETER'
    ? Prisma.sql`, audit AS (
        INSERT INTO "AuditLog" ("tenantId", "userId", actor, action, target, details, "createdAt")
        SELECT "tenantId", ${by.userId}::uuid, ${by.actor}::text, 'suppression.remove', COALESCE(email, "emailHash"),
               jsonb_build_object('reason', ${by.reason}::text, 'was', reason::text), now()
        FROM lifted
      )`
    : Prisma.empty;
  return runSql<LiftedSuppression>(Prisma.sql`
    WITH lifted AS (
      DELETE FROM "Suppression" s USING unnest(${entries.map((e) => e.tenantId)}::uuid[], ${entries.map((e) => e.emailHash)}::text[]) AS v(t, h)
      WHERE s."tenantId" = v.t AND s."emailHash" = v.h AND s.reason::text = ANY(${[...SUPPRESSION_LIFTABLE[by.kind]]}::text[])
      RETURNING s.id, s."tenantId", s.email, s."emailHash", s.reason
    )${audit}
    SELECT id::text AS id, "tenantId"::text AS "tenantId", email, "emailHash", reason::text AS reason FROM lifted`, opts.db);
}
