// Audience snapshot benchmark: seeds a tenant whose campaign (two lists) reaches exactly N
// recipients (default 1,000,000), among them people in both lists, next to people every rule
// must leave out (pending, unsubscribed, suppressed by address and by hash only, blocked
// address and domain, paused, inactive for 6 months), a platform block list of 10,000 entries
// and another tenant's suppression of the same addresses. ANALYZE after seeding (autovacuum's
// job in production). Then times the editor's live count and the snapshot (inside a
// transaction that is rolled back, as startCampaign runs it) and checks both numbers.
// Prints one JSON line. Usage:
//   node --import tsx scripts/bench/snapshot.ts [--recipients N] [--explain] [--keep]
import { countAudience, sunsetCutoff } from '@rundbrief/core/campaigns/audience';
import { snapshotAudience, snapshotSql } from '@rundbrief/core/sending/snapshot';
import { blockedDomainDepths } from '@rundbrief/core/deliverability/blocklist-match';
import { getDb, Prisma } from '@rundbrief/db';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const RECIPIENTS = arg('recipients', 1_000_000);
const EXPLAIN = process.argv.includes('--explain');
const KEEP = process.argv.includes('--keep') || process.argv.includes('--reuse');
// --reuse: measure again on the data a --keep run left (seeding a million takes minutes)
const REUSE = process.argv.includes('--reuse');
// --one-list: the campaign targets list A only (everybody is in it): no per-subscriber grouping
const ONE_LIST = process.argv.includes('--one-list');
const log = (m: string) => console.error(`[bench:snapshot] ${m}`);
const secs = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

class RolledBack extends Error {}

/**
 * CPU seconds a local Postgres backend has used (utime + stime from /proc, 100 ticks/s): the
 * work itself, which other processes on a shared machine do not inflate the way they
 * inflate wall time. Null where the database is not on this machine.
 */
function backendCpu(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function seed(n: number) {
  const db = getDb();
  const slug = `snap-${Date.now().toString(36)}`;
  const tenant = await db.tenant.create({ data: { name: 'Snapshot Bench', slug } });
  const other = await db.tenant.create({ data: { name: 'Snapshot Bench (other)', slug: `${slug}-o` } });
  const listA = await db.list.create({ data: { tenantId: tenant.id, name: 'A' } });
  const listB = await db.list.create({ data: { tenantId: tenant.id, name: 'B' } });
  const t = tenant.id;
  const now = new Date();
  const cutoff = sunsetCutoff(now);
  const old = new Date(now.getTime() - 2 * 365 * 86_400_000);
  const recent = new Date(now.getTime() - 30 * 86_400_000);
  const extra = Math.max(1, Math.floor(n / 100));
  const t0 = performance.now();
  // kind: 0 = recipient, 1 pending, 2 unsubscribed, 3 suppressed, 4 suppressed after erasure
  // (hash only), 5 blocked domain, 6 blocked address, 7 paused, 8 inactive (sunset).
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      CREATE TEMP TABLE bench_people ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, g, CASE WHEN g <= ${n} THEN 0 ELSE 1 + (g - ${n} - 1) / ${extra} END AS kind
      FROM generate_series(1, ${n} + 8 * ${extra}) g`;
    await tx.$executeRaw`
      INSERT INTO "Subscriber" (id, "tenantId", email, "firstName", "lastName", status, "pausedUntil", "lastActivityAt", "createdAt", "updatedAt")
      SELECT id, ${t}::uuid,
        CASE kind WHEN 5 THEN 'user' || g || '@' || ${slug} || '.blocked.bench' ELSE 'user' || g || '@d' || (g % 20) || '.bench' END,
        'Vorname' || g, 'Nachname',
        CASE WHEN kind = 2 THEN 'UNSUBSCRIBED'::"SubscriberStatus" ELSE 'ACTIVE'::"SubscriberStatus" END,
        CASE WHEN kind = 7 THEN ${new Date(now.getTime() + 30 * 86_400_000)}::timestamp END,
        -- half the recipients joined long ago and stay in through recent activity, some only
        -- through a recent confirmation; the inactive ones neither
        CASE WHEN kind = 8 THEN ${old}::timestamp WHEN g % 2 = 0 AND g % 10 <> 4 THEN ${recent}::timestamp END,
        CASE WHEN kind = 8 OR g % 2 = 0 THEN ${old}::timestamp ELSE ${recent}::timestamp END, ${now}::timestamp
      FROM bench_people`;
    // list A: everybody; list B: every 5th recipient as well (one message each all the same)
    await tx.$executeRaw`
      INSERT INTO "Subscription" (id, "tenantId", "listId", "subscriberId", status, source, "requestedAt", "confirmedAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${t}::uuid, ${listA.id}::uuid, id,
        CASE WHEN kind = 1 THEN 'PENDING'::"SubscriptionStatus" ELSE 'CONFIRMED'::"SubscriptionStatus" END, 'IMPORT', ${old}::timestamp,
        CASE WHEN kind = 1 THEN NULL WHEN kind = 8 OR (g % 2 = 0 AND g % 10 <> 4) THEN ${old}::timestamp ELSE ${recent}::timestamp END, ${old}::timestamp, ${now}::timestamp
      FROM bench_people
      UNION ALL
      SELECT gen_random_uuid(), ${t}::uuid, ${listB.id}::uuid, id, 'CONFIRMED', 'IMPORT', ${old}::timestamp, ${old}::timestamp, ${old}::timestamp, ${now}::timestamp
      FROM bench_people WHERE kind = 0 AND g % 5 = 0`;
    await tx.$executeRaw`
      INSERT INTO "Suppression" (id, "tenantId", email, "emailHash", reason, "createdAt")
      SELECT gen_random_uuid(), ${t}::uuid, CASE WHEN kind = 3 THEN s.email END, encode(sha256(convert_to(s.email, 'UTF8')), 'hex'),
        CASE WHEN kind = 3 THEN 'UNSUBSCRIBE'::"SuppressionReason" ELSE 'ERASED'::"SuppressionReason" END, ${now}::timestamp
      FROM bench_people p JOIN "Subscriber" s ON s.id = p.id WHERE kind IN (3, 4)
      UNION ALL
      SELECT gen_random_uuid(), ${other.id}::uuid, s.email, encode(sha256(convert_to(s.email, 'UTF8')), 'hex'), 'HARD_BOUNCE', ${now}::timestamp
      FROM bench_people p JOIN "Subscriber" s ON s.id = p.id WHERE kind = 0 AND g % 97 = 0`;
    await tx.$executeRaw`
      INSERT INTO "BlockedAddress" (id, value, kind, "createdAt")
      SELECT gen_random_uuid(), 'throwaway' || g || '.' || ${slug} || '.bench', 'DISPOSABLE_DOMAIN'::"BlockKind", ${now}::timestamp FROM generate_series(1, 10000) g
      UNION ALL SELECT gen_random_uuid(), ${slug} || '.blocked.bench', 'SPAM_TRAP'::"BlockKind", ${now}::timestamp
      UNION ALL SELECT gen_random_uuid(), s.email, 'HONEYPOT'::"BlockKind", ${now}::timestamp FROM bench_people p JOIN "Subscriber" s ON s.id = p.id WHERE kind = 6
      ON CONFLICT (value) DO NOTHING`;
  }, { timeout: 3_600_000 });
  await db.$executeRawUnsafe('ANALYZE "Subscriber"; ANALYZE "Subscription"; ANALYZE "Suppression"; ANALYZE "BlockedAddress"; ANALYZE "Message"');
  log(`seeded ${n} recipients + ${8 * extra} excluded in ${secs(t0)} s (sunset cutoff ${cutoff.toISOString()})`);
  const campaign = await db.campaign.create({
    data: { tenantId: t, name: 'Snapshot', subject: 'x', mjml: '<mjml/>', lists: { create: [{ listId: listA.id }, { listId: listB.id }] } },
  });
  return { tenant, other, listIds: [listA.id, listB.id], campaign, extra };
}

async function reuse() {
  const db = getDb();
  const campaign = await db.campaign.findFirstOrThrow({ where: { name: 'Snapshot', tenant: { slug: { startsWith: 'snap-' } } }, orderBy: { createdAt: 'desc' }, include: { lists: { include: { list: true } } } });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: campaign.tenantId } });
  const other = await db.tenant.findUniqueOrThrow({ where: { slug: `${tenant.slug}-o` } });
  const total = await db.subscriber.count({ where: { tenantId: tenant.id } });
  return { tenant, other, listIds: campaign.lists.sort((x, y) => x.list.name.localeCompare(y.list.name)).map((l) => l.listId), campaign, extra: (total - RECIPIENTS) / 8 };
}

async function main() {
  const db = getDb();
  const s = REUSE ? await reuse() : await seed(RECIPIENTS);
  // rolled-back runs leave dead rows behind; production inserts next to live ones
  await db.$executeRawUnsafe('VACUUM ANALYZE "Message"');
  const tenant = { tenantId: s.tenant.id };
  const input = { listIds: ONE_LIST ? s.listIds.slice(0, 1) : s.listIds };

  let t0 = performance.now();
  const count = await countAudience(tenant, input);
  const countSeconds = secs(t0);
  log(`live count ${JSON.stringify(count)} in ${countSeconds} s`);

  let snapshotSeconds = 0;
  let snapshotCpuSeconds: number | null = null;
  let load: number[] = [];
  let snap = { recipientCount: 0, sunsetExcluded: 0 };
  let plan = '';
  // Measured inside a transaction that is rolled back: the bench database stays small.
  await db.$transaction(async (tx) => {
    const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    load = os.loadavg().map((l) => Math.round(l * 100) / 100);
    const cpu0 = backendCpu(pid);
    t0 = performance.now();
    snap = await snapshotAudience(tenant, tx, { ...input, campaignId: s.campaign.id, segment: null, reengagement: false });
    snapshotSeconds = secs(t0);
    const cpu1 = backendCpu(pid);
    snapshotCpuSeconds = cpu0 === null || cpu1 === null ? null : Math.round((cpu1 - cpu0) * 100) / 100;
    log(`snapshot ${JSON.stringify(snap)} in ${snapshotSeconds} s`);
    throw new RolledBack();
  }, { timeout: 600_000 }).catch((err) => {
    if (!(err instanceof RolledBack)) throw err;
  });
  if (EXPLAIN) {
    await db.$transaction(async (tx) => {
      const { settings, statement } = snapshotSql(tenant.tenantId, { ...input, campaignId: s.campaign.id, segment: null, reengagement: false, blockDepths: await blockedDomainDepths() });
      for (const q of settings) await tx.$executeRaw(q);
      const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ${statement}`);
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      throw new RolledBack();
    }, { timeout: 600_000 }).catch((err) => {
      if (!(err instanceof RolledBack)) throw err;
    });
    console.error(plan);
  }
  const ok = snap.recipientCount === RECIPIENTS && count.recipients === RECIPIENTS
    && snap.sunsetExcluded === s.extra && count.sunsetExcluded === s.extra;
  if (!KEEP) {
    t0 = performance.now();
    await db.$executeRawUnsafe('VACUUM "Message"');
    await db.$executeRaw`DELETE FROM "BlockedAddress" WHERE value LIKE ${`%${s.tenant.slug}%.bench`}
      OR value IN (SELECT email FROM "Subscriber" WHERE "tenantId" = ${s.tenant.id}::uuid)`;
    await db.tenant.deleteMany({ where: { id: { in: [s.tenant.id, s.other.id] } } });
    log(`cleaned up in ${secs(t0)} s`);
  } else {
    log(`kept tenant ${s.tenant.id}, campaign ${s.campaign.id}, lists ${s.listIds.join(',')}`);
  }
  await db.$disconnect();
  console.log(JSON.stringify({
    recipients: RECIPIENTS, lists: input.listIds.length, seconds: snapshotSeconds, backendCpuSeconds: snapshotCpuSeconds, snapshot: snap,
    loadAverageAtSnapshot: load, cpus: os.cpus().length,
    liveCount: { seconds: countSeconds, ...count },
    correct: ok,
  }));
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
