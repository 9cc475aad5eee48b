// Webhook outbox cost on the hot paths (issue 15). Runs the send bench (send.ts) and the
// inbound apply bench (bounce.ts, stored backlog drained by one worker) with the tenant in
// three configurations: no webhook endpoints, one enabled endpoint on every event, five.
// Every configuration runs `--webhook-rounds` times (default 2), interleaved (round 1 in the
// order 0, 1, 5; round 2 reversed) so drift of this shared machine's speed hits all alike.
// The webhook DELIVERY worker does not run in any of them (the bench workers consume only
// campaign/send resp. inbound/maintenance), and the endpoints point at TEST-NET-1
// (https://192.0.2.1/...), which the address guard would refuse anyway: the measure is the
// outbox write (WebhookEvent + one WebhookDelivery per endpoint, in the change's statement)
// and the wake-up job, not HTTP.
// Send: --webhook-send-recipients (10,000), 2 workers, no profiler, the sink refusing
// --webhook-reject-percent (2) of the recipients at RCPT, so the outcome statement writes
// message.bounced events (without bounces a send writes two events: started, finished).
// Inbound: --webhook-reports (5,000) stored reports, 70/20/10 hard/soft/block DSNs with
// --webhook-complaint-percent (10) ARF complaints in between, one worker.
// Prints one JSON object: per configuration every run and the mean throughput, database CPU
// per message / report, and the overhead in % against no endpoints (same round's mean).
// `outboxStatement`: the outbox write alone, through the code path the writers use
// (emitWebhookEvents: WITH source, webhookOutboxCtes), 100 events per statement, repeated in a
// transaction that is rolled back; the database backend's CPU per event from /proc. CPU time
// rather than wall time, so it holds on a loaded machine where the end-to-end runs do not.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WEBHOOK_EVENT_TYPES, emitWebhookEvents } from '@rundbrief/core/webhooks/events';
import { getDb, Prisma, sqlTransaction } from '@rundbrief/db';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const list = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1]! : def).split(',').filter(Boolean);
};
const ROUNDS = arg('webhook-rounds', 2);
const CONFIGS = list('webhook-configs', '0,1,5').map(Number);
const SEND_RECIPIENTS = arg('webhook-send-recipients', 10_000);
const REJECT_PERCENT = arg('webhook-reject-percent', 2);
const REPORTS = arg('webhook-reports', 5_000);
const COMPLAINT_PERCENT = arg('webhook-complaint-percent', 10);
const WHICH = list('webhook-benches', 'send,inbound,outbox');
const OUTBOX_STATEMENTS = arg('webhook-outbox-statements', 300);
/** Other tenants' endpoints on the platform while the outbox statement runs (4 a tenant, 3 enabled). */
const OTHER_ENDPOINTS = arg('webhook-other-endpoints', 20_000);

const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const log = (m: string) => console.error(`[bench:webhooks] ${new Date().toISOString()} ${m} (load ${load().join(' ')})`);

function run(script: string, args: string[]): Record<string, any> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  if (r.status !== 0 || !last) throw new Error(`${script} ${args.join(' ')} failed (exit ${r.status}): ${r.stdout.slice(-500)}`);
  return JSON.parse(last);
}

type Run = { round: number; loadBefore: number[]; loadAfter: number[]; perSecond: number; dbCpuMs: number; [k: string]: unknown };

function sendRun(endpoints: number, round: number): Run {
  const loadBefore = load();
  const r = run('send.ts', ['--recipients', String(SEND_RECIPIENTS), '--workers', '2', '--profile', '0', '--raw', '500',
    '--webhook-endpoints', String(endpoints), '--sink-reject-percent', String(REJECT_PERCENT)]);
  return {
    round, loadBefore, loadAfter: load(), loadAverageBench: r.loadAverage,
    perSecond: r.messagesPerSecond, seconds: r.seconds, dbCpuMs: r.cpuPerMessageMs.database, workerCpuMs: r.cpuPerMessageMs.workers,
    lost: r.lost, duplicates: r.duplicates, webhooks: r.webhooks,
  };
}

function inboundRun(endpoints: number, round: number): Run {
  const loadBefore = load();
  const r = run('bounce.ts', ['--phases', 'backlog', '--worker-counts', '1', '--burst', String(REPORTS),
    '--webhook-endpoints', String(endpoints), '--complaint-percent', String(COMPLAINT_PERCENT)]);
  const b = r.backlogs[0];
  return {
    round, loadBefore, loadAfter: load(), perSecond: b.appliedPerSecond, seconds: b.drainSeconds, dbCpuMs: b.dbCpuMsPerReport, workerCpuMs: b.workerCpuMsPerReport,
    lost: b.lost, byStatus: b.byStatus, complaints: b.complaints, webhookEvents: b.webhookEvents, webhookDeliveries: b.webhookDeliveries,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Per configuration: the runs, their means and the overhead against the first configuration (no endpoints). */
function summarize(runs: Map<number, Run[]>, unit: string) {
  const base = runs.get(CONFIGS[0]!)!;
  const baseRate = mean(base.map((r) => r.perSecond));
  const baseDb = mean(base.map((r) => r.dbCpuMs));
  return CONFIGS.map((endpoints) => {
    const rs = runs.get(endpoints)!;
    const rate = mean(rs.map((r) => r.perSecond));
    const db = mean(rs.map((r) => r.dbCpuMs));
    // the same, round by round (each round's configurations ran back to back)
    const perRound = rs.map((r) => {
      const b = base.find((x) => x.round === r.round)!;
      return { round: r.round, throughputPct: r1((1 - r.perSecond / b.perSecond) * 100), dbCpuPct: r1((r.dbCpuMs / b.dbCpuMs - 1) * 100) };
    });
    return {
      endpoints, [`${unit}PerSecond`]: Math.round(rate), [`dbCpuMsPer${unit[0]!.toUpperCase()}${unit.slice(1)}`]: r3(db),
      // % slower than without endpoints (positive: slower) and % more database CPU per item
      overheadPct: { throughput: r1((1 - rate / baseRate) * 100), dbCpu: r1((db / baseDb - 1) * 100), perRound },
      runs: rs,
    };
  });
}

function cpuMsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

class RolledBack extends Error {}

/** Database CPU µs per event of the outbox statement, for each configuration (median of 3). */
async function outboxStatement() {
  const db = getDb();
  const others = Math.ceil(OTHER_ENDPOINTS / 4);
  const result: Record<string, unknown>[] = [];
  const cpuUs: Record<number, number[]> = Object.fromEntries(CONFIGS.map((c) => [c, []]));
  for (let round = 0; round < 3; round++) {
    for (const endpoints of CONFIGS) {
      await sqlTransaction(async (tx) => {
        const tenantId = randomUUID();
        await tx.execute(Prisma.sql`INSERT INTO "Tenant" (id, name, slug, imprint, "updatedAt") VALUES (${tenantId}::uuid, 'Outbox bench', ${`outbox-${tenantId}`}, 'Bench', now())`);
        await tx.execute(Prisma.sql`
          WITH t AS (INSERT INTO "Tenant" (id, name, slug, imprint, "updatedAt")
            SELECT gen_random_uuid(), 'Other', 'outbox-other-' || gen_random_uuid(), 'Bench', now() FROM generate_series(1, ${others}) RETURNING id)
          INSERT INTO "WebhookEndpoint" (id, "tenantId", url, events, enabled, "secretEnc", "updatedAt")
          SELECT gen_random_uuid(), t.id, 'https://192.0.2.1/other', ${[...WEBHOOK_EVENT_TYPES]}::text[], g % 4 <> 0, 'x', now() FROM t, generate_series(1, 4) g`);
        await tx.execute(Prisma.sql`
          INSERT INTO "WebhookEndpoint" (id, "tenantId", url, events, enabled, "secretEnc", "updatedAt")
          SELECT gen_random_uuid(), ${tenantId}::uuid, 'https://192.0.2.1/bench', ${[...WEBHOOK_EVENT_TYPES]}::text[], true, 'x', now() FROM generate_series(1, ${endpoints}) g`);
        await tx.execute(Prisma.sql`ANALYZE "WebhookEndpoint"`);
        const [{ pid }] = await tx.query<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`) as [{ pid: number }];
        // a message.bounced payload of the inbound apply's size
        const source = Prisma.sql`SELECT ${tenantId}::uuid AS "tenantId", jsonb_build_object('messageId', gen_random_uuid(), 'campaignId', gen_random_uuid(), 'subscriberId', gen_random_uuid(),
          'email', 'user' || g || '@example.org', 'category', 'hard', 'status', '5.1.1', 'smtpCode', 550, 'diagnostic', '550 5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table', 'async', true) AS data
          FROM generate_series(1, 100) g`;
        await emitWebhookEvents('message.bounced', source, tx); // warm: plan cache, buffers
        const c0 = cpuMsOf(pid);
        let written = 0;
        for (let i = 0; i < OUTBOX_STATEMENTS; i++) written += await emitWebhookEvents('message.bounced', source, tx);
        cpuUs[endpoints]!.push(((cpuMsOf(pid) - c0) * 1000) / (OUTBOX_STATEMENTS * 100));
        if (round === 0) result.push({ endpoints, deliveriesPerStatement: written / OUTBOX_STATEMENTS });
        throw new RolledBack();
      }).catch((err) => {
        if (!(err instanceof RolledBack)) throw err;
      });
    }
  }
  await db.$disconnect();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    eventsPerStatement: 100, statements: OUTBOX_STATEMENTS, otherTenantsEndpoints: others * 4,
    configs: CONFIGS.map((endpoints, i) => ({ ...result[i], dbCpuUsPerEvent: r1(median(cpuUs[endpoints]!)), runs: cpuUs[endpoints]!.map(r1) })),
  };
}

async function main() {
  const outbox = WHICH.includes('outbox') ? await outboxStatement() : undefined;
  if (outbox) log(`outbox statement: ${JSON.stringify(outbox)}`);
  const sends = new Map<number, Run[]>(CONFIGS.map((c) => [c, []]));
  const inbounds = new Map<number, Run[]>(CONFIGS.map((c) => [c, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? CONFIGS : [...CONFIGS].reverse();
    for (const endpoints of order) {
      if (WHICH.includes('send')) {
        log(`round ${round}: send, ${endpoints} endpoint(s)`);
        const r = sendRun(endpoints, round);
        log(`send ${endpoints}: ${JSON.stringify(r)}`);
        sends.get(endpoints)!.push(r);
      }
      if (WHICH.includes('inbound')) {
        log(`round ${round}: inbound, ${endpoints} endpoint(s)`);
        const r = inboundRun(endpoints, round);
        log(`inbound ${endpoints}: ${JSON.stringify(r)}`);
        inbounds.get(endpoints)!.push(r);
      }
    }
  }
  console.log(JSON.stringify({
    bench: 'webhooks',
    delivery: 'no worker consumes the webhooks queue during the measure; endpoints point at https://192.0.2.1 (TEST-NET-1): the outbox write is measured, not HTTP',
    rounds: ROUNDS, cpus: os.cpus().length, loadAverage: load(),
    ...(outbox ? { outboxStatement: outbox } : {}),
    ...(WHICH.includes('send') ? {
      send: { recipients: SEND_RECIPIENTS, workers: 2, sinkRejectPercent: REJECT_PERCENT, dbCpu: 'cpuPerMessageMs.database of send.ts', configs: summarize(sends, 'messages') },
    } : {}),
    ...(WHICH.includes('inbound') ? {
      inbound: { reports: REPORTS, workers: 1, complaintPercent: COMPLAINT_PERCENT, mix: 'DSNs 70 % hard, 20 % soft, 10 % block; complaints replace that share', configs: summarize(inbounds, 'reports') },
    } : {}),
  }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
