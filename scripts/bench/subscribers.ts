// Subscribers page benchmark: N subscribers (default 1,000,000) in one tenant, plus a
// second tenant as noise, seeded with SQL; then the page's own query function
// (listSubscribers) timed for each kind of request the page makes. Prints one JSON object.
//   npx tsx scripts/bench/subscribers.ts [--rows N] [--samples N] [--keep]
// --keep leaves the seeded tenants in place and a later run with the same --rows reuses them.
import { loadavg } from 'node:os';
import { getDb } from '@rundbrief/db';
import { closeQueues, listSubscribers, type SubscriberFilter } from '@rundbrief/core';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 1_000_000);
const SAMPLES = arg('samples', 30);
const KEEP = process.argv.includes('--keep');

// 40 x 60 names; 1 in 1,000 subscribers has a rare surname of its own ("Seltenname<i>").
const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ida', 'Jonas', 'Karla', 'Lukas', 'Mia', 'Noah', 'Olga', 'Paul',
  'Quirin', 'Rosa', 'Sven', 'Tina', 'Uwe', 'Vera', 'Willi', 'Xenia', 'Yusuf', 'Zoe', 'Amelie', 'Bruno', 'Carla', 'Dennis', 'Elif', 'Finn',
  'Gül', 'Hanna', 'Ivan', 'Jana', 'Kemal', 'Lea', 'Milan', 'Nina'];
const LAST = ['Schmidt', 'Müller', 'Meyer', 'Weber', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder',
  'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier',
  'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang',
  'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler', 'Roth',
  'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht', 'Yilmaz'];

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1));
}

async function timed(make: (i: number) => { filter?: SubscriberFilter; cursor?: string | null }, tenantId: string, n = SAMPLES) {
  const ms: number[] = [];
  let rows = 0;
  await listSubscribers({ tenantId }, make(-1)); // one warm-up (plan cache, connection)
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await listSubscribers({ tenantId }, make(i));
    ms.push(performance.now() - t);
    rows += r.items.length;
  }
  return { p50: p(ms, 0.5), p95: p(ms, 0.95), max: p(ms, 1), avgRows: Math.round(rows / n) };
}

async function seedTenant(slug: string, rows: number) {
  const db = getDb();
  const found = await db.tenant.findUnique({ where: { slug } });
  if (found && (await db.subscriber.count({ where: { tenantId: found.id } })) === rows) {
    const lists = await db.list.findMany({ where: { tenantId: found.id }, orderBy: { name: 'asc' } });
    return { tenant: found, all: lists.find((l) => l.name === 'All')!, small: lists.find((l) => l.name === 'Small')!, seededSeconds: 0 };
  }
  if (found) await db.tenant.delete({ where: { id: found.id } });
  const t0 = performance.now();
  const tenant = await db.tenant.create({ data: { name: slug, slug, imprint: 'Bench GmbH' } });
  const all = await db.list.create({ data: { tenantId: tenant.id, name: 'All' } });
  const small = await db.list.create({ data: { tenantId: tenant.id, name: 'Small' } });
  const CHUNK = 100_000;
  for (let from = 0; from < rows; from += CHUNK) {
    const to = Math.min(rows, from + CHUNK) - 1;
    // createdAt: one subscriber a minute, newest last; 3% unsubscribed, 1% bounced.
    await db.$executeRaw`
      INSERT INTO "Subscriber" (id, "tenantId", email, "firstName", "lastName", status, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${tenant.id}::uuid,
        'person' || i || '@example' || (i % 53) || '.com',
        (${FIRST}::text[])[1 + i % ${FIRST.length}],
        CASE WHEN i % 1000 = 500 THEN 'Seltenname' || i ELSE (${LAST}::text[])[1 + (i / 7) % ${LAST.length}] END,
        (CASE WHEN i % 100 < 3 THEN 'UNSUBSCRIBED' WHEN i % 100 = 3 THEN 'BOUNCED' ELSE 'ACTIVE' END)::"SubscriberStatus",
        now() - make_interval(mins => ${rows} - i), now()
      FROM generate_series(${from}::int, ${to}::int) AS i`;
  }
  // Everyone on "All" (confirmed); 2% on "Small", half of them confirmed.
  await db.$executeRaw`
    INSERT INTO "Subscription" (id, "tenantId", "listId", "subscriberId", status, source, "requestedAt", "confirmedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenant.id}::uuid, ${all.id}::uuid, s.id, 'CONFIRMED', 'IMPORT', s."createdAt", s."createdAt", s."createdAt", now()
    FROM "Subscriber" s WHERE s."tenantId" = ${tenant.id}::uuid`;
  await db.$executeRaw`
    INSERT INTO "Subscription" (id, "tenantId", "listId", "subscriberId", status, source, "requestedAt", "confirmedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenant.id}::uuid, ${small.id}::uuid, s.id,
      (CASE WHEN hashtext(s.id::text) % 2 = 0 THEN 'CONFIRMED' ELSE 'PENDING' END)::"SubscriptionStatus", 'IMPORT', s."createdAt", NULL, s."createdAt", now()
    FROM "Subscriber" s WHERE s."tenantId" = ${tenant.id}::uuid AND hashtext(s.email) % 50 = 0`;
  return { tenant, all, small, seededSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)) };
}

async function main() {
  const db = getDb();
  const bench = await seedTenant(`bench-subscribers-${ROWS}`, ROWS);
  const noise = await seedTenant(`bench-subscribers-noise-${Math.ceil(ROWS / 5)}`, Math.ceil(ROWS / 5));
  await db.$executeRawUnsafe('ANALYZE "Subscriber"');
  await db.$executeRawUnsafe('ANALYZE "Subscription"');
  const tenantId = bench.tenant.id;

  // A cursor half-way down, exactly as the page encodes it (see listSubscribers).
  const [mid] = await db.$queryRaw<{ createdAt: Date; id: string }[]>`
    SELECT "createdAt", id::text AS id FROM "Subscriber" WHERE "tenantId" = ${tenantId}::uuid
    ORDER BY "createdAt" DESC, id DESC OFFSET ${Math.floor(ROWS / 2)} LIMIT 1`;
  const deepCursor = Buffer.from(JSON.stringify({ at: mid!.createdAt.toISOString(), id: mid!.id })).toString('base64url');

  const pick = <T>(xs: readonly T[], i: number) => xs[(i + xs.length * 10) % xs.length]!;
  const rare = (i: number) => `Seltenname${(Math.abs(i) * 7919 % Math.floor(ROWS / 1000)) * 1000 + 500}`;
  const result = {
    rows: ROWS,
    noiseRows: Math.ceil(ROWS / 5),
    seededSeconds: bench.seededSeconds + noise.seededSeconds,
    loadavgBefore: loadavg().map((x) => Number(x.toFixed(2))),
    pageMs: {
      firstPage: await timed(() => ({}), tenantId),
      deepKeysetPage: await timed(() => ({ cursor: deepCursor }), tenantId),
      statusActive: await timed(() => ({ filter: { status: 'ACTIVE' } }), tenantId),
      statusAndBigList: await timed(() => ({ filter: { status: 'ACTIVE', listId: bench.all.id, listStatus: 'CONFIRMED' } }), tenantId),
      statusAndSmallList: await timed(() => ({ filter: { status: 'ACTIVE', listId: bench.small.id, listStatus: 'CONFIRMED' } }), tenantId),
    },
    searchMs: {
      addressPrefix: await timed((i) => ({ filter: { q: `person${Math.abs(i * 7919) % ROWS}@` } }), tenantId),
      nameCommon: await timed((i) => ({ filter: { q: pick(LAST, i) } }), tenantId),
      nameFirstAndLast: await timed((i) => ({ filter: { q: `${pick(FIRST, i)} ${pick(LAST, i * 3)}` } }), tenantId),
      nameRare: await timed((i) => ({ filter: { q: rare(i) } }), tenantId),
      nameNoMatch: await timed((i) => ({ filter: { q: `Zacharias${Math.abs(i)}` } }), tenantId),
      namePartial: await timed((i) => ({ filter: { q: pick(LAST, i).slice(0, 4).toLowerCase() } }), tenantId),
    },
    loadavgAfter: loadavg().map((x) => Number(x.toFixed(2))),
  };
  console.log(JSON.stringify(result));
  if (!KEEP) {
    await db.tenant.delete({ where: { id: bench.tenant.id } });
    await db.tenant.delete({ where: { id: noise.tenant.id } });
  }
  await closeQueues();
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
