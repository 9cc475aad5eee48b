// Bounce benchmark (issue 18): DSNs (70 % hard, 20 % soft, 10 % block) delivered over real
// SMTP connections to the inbound server process (apps/worker/src/inbound-main.ts) and
// applied by real worker processes (apps/worker/src/main.ts, queues inbound + maintenance).
// Phases, each on a campaign of its own:
//   steady  STEADY_RATE DSNs a second for STEADY_SECONDS, one worker: latency from SMTP
//           acceptance (InboundMessage.receivedAt, stamped before the 250) to the apply
//           commit (processedAt, stamped in the applying transaction); both by Postgres' clock.
//   burst   BURST DSNs as fast as the connections take them, with one and then two
//           workers: seconds from the first DSN to the last row in a terminal state,
//           applied per second while a backlog exists, and what was lost (accepted but not
//           APPLIED / UNMATCHED / REFUSED / FAILED when the wait ends).
//   backlog BURST DSNs already stored (as after an outage of the workers), drained by one
//           and then two workers: the apply path alone, without SMTP acceptance in front.
// Also the raw classification speed over the sisimai corpus and on hostile mail. Prints
// one JSON object. Usage: npx tsx scripts/bench/bounce.ts [--burst 20000] [--steady-seconds 30]
//   [--rate 100] [--connections 8] [--worker-counts 1,2] [--smtp-burst-workers 2]
//   [--phases backlog,steady,burst] [--webhook-endpoints 0] [--complaint-percent 0]
// The webhook outbox bench (scripts/bench/webhooks.ts, issue 15) runs the backlog phase with
// N enabled endpoints on every event (TEST-NET-1 URLs; no worker here runs the webhooks queue,
// so the measure is the outbox write, not HTTP) and a share of ARF complaints from a
// configured reporter; backlog results then carry the database's CPU per report.
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { closeQueues, encryptSecret, getQueue, QUEUES, verpAddress } from '@rundbrief/core';
import { WEBHOOK_EVENT_TYPES } from '@rundbrief/core/webhooks/events';
import { getDb } from '@rundbrief/db';
import { classifyBounce } from '@rundbrief/mailer/bounce/index';
import { WORKER_NODE_ARGS } from '../lib/stack.mjs';

// nodemailer is a dependency of the worker and mailer workspaces, not of the root.
const nodemailer = createRequire(join(import.meta.dirname, '../../apps/worker/package.json'))('nodemailer') as typeof import('nodemailer');
const ROOT = join(import.meta.dirname, '../..');

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const BURST = arg('burst', 20_000);
const STEADY_SECONDS = arg('steady-seconds', 30);
const STEADY_RATE = arg('rate', 100);
const CONNECTIONS = arg('connections', 8);
const list = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1]! : def).split(',').filter(Boolean).map(Number);
};
/** Worker processes draining a stored backlog (the apply path alone). */
const WORKER_COUNTS = list('worker-counts', '1,2');
/** Worker processes behind the SMTP burst. */
const SMTP_BURST_WORKERS = list('smtp-burst-workers', '2');
const PHASES = (() => {
  const i = process.argv.indexOf('--phases');
  return (i >= 0 ? process.argv[i + 1]! : 'backlog,steady,burst').split(',');
})();
const WEBHOOK_ENDPOINTS = arg('webhook-endpoints', 0);
/** This share of the stored backlog is ARF complaints (from 127.0.0.1, a configured reporter). */
const COMPLAINT_PERCENT = arg('complaint-percent', 0);
/** How long a phase may take to drain before what is left counts as lost. */
const DRAIN_LIMIT_MS = 10 * 60_000;

const load = () => loadavg().map((l) => Number(l.toFixed(2)));
const log = (msg: string) => console.error(`[bench:bounce] ${new Date().toISOString()} ${msg} (load ${load().join(' ')})`);

const KINDS = [
  { category: 'hard', status: '5.1.1', diagnostic: '550 5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table' },
  { category: 'soft', status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' },
  { category: 'block', status: '5.7.1', diagnostic: '554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using zen.spamhaus.org' },
] as const;
const kindOf = (i: number) => (i % 10 < 7 ? KINDS[0] : i % 10 < 9 ? KINDS[1] : KINDS[2]);

function dsn(recipient: string, k: (typeof KINDS)[number]): string {
  return [
    'From: MAILER-DAEMON@mx.bench.example (Mail Delivery System)', 'To: bounces@bench.example', 'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
    '--B', 'Content-Type: text/plain', '', `<${recipient}>: ${k.diagnostic}`, '',
    '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.bench.example', '',
    `Final-Recipient: rfc822; ${recipient}`, 'Action: failed', `Status: ${k.status}`, `Diagnostic-Code: smtp; ${k.diagnostic}`, '',
    '--B', 'Content-Type: text/rfc822-headers', '', `To: ${recipient}`, 'Subject: Bench newsletter', '', '--B--', '',
  ].join('\r\n');
}

function arf(recipient: string): string {
  return [
    'From: fbl@isp.bench.example', 'To: fbl@bench.example', 'Subject: Abuse report', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="F"', '',
    '--F', 'Content-Type: text/plain', '', 'This is an abuse report', '',
    '--F', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'User-Agent: Bench/1.0', 'Version: 1', `Original-Rcpt-To: ${recipient}`, '',
    '--F', 'Content-Type: message/rfc822', '', `To: ${recipient}`, 'Subject: Bench newsletter', '', 'Hi', '--F--', '',
  ].join('\r\n');
}
const isComplaint = (i: number) => COMPLAINT_PERCENT > 0 && (i * 7919) % 100 < COMPLAINT_PERCENT;

/** CPU ms (user + system) of a process so far, 0 when it is gone. */
function cpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}
/** CPU ms per backend of this database. */
async function databaseCpuMs(): Promise<Map<number, number>> {
  const rows = await getDb().$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}
const sumDelta = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((a, [pid, ms]) => a + ms - (before.get(pid) ?? 0), 0);

function classifyCorpus() {
  const dir = join(import.meta.dirname, '../../../shared/corpora/sisimai/maildir/bsd');
  let raws: Buffer[];
  try {
    raws = readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(dir, f)));
  } catch {
    return null; // corpus not present on this machine
  }
  const t0 = performance.now();
  for (let round = 0; round < 3; round++) for (const raw of raws) classifyBounce(raw);
  const ms = performance.now() - t0;
  return { messages: raws.length * 3, msPerMessage: Number((ms / (raws.length * 3)).toFixed(3)), perSecond: Math.round((raws.length * 3) / (ms / 1000)) };
}

/** Mail built to stall a parser (issue 17): milliseconds of one in-process classification each. */
function classifyHostile() {
  const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  const head = 'Subject: Undelivered Mail Returned to Sender\n';
  const cases: Record<string, string> = {
    from2mb: `From: ${fill('a', 2 * 1024 * 1024)}\n${head}\nbody\n`,
    from64kInBounce: `${head}From: ${fill('a', 64 * 1024)}\n\nbody\n`,
    at2mb: `${head}From: MAILER-DAEMON@x.example\n\n${fill('a@a.', 2 * 1024 * 1024)}\n`,
    parts10k: `${head}Content-Type: multipart/mixed; boundary=b\n\n${'--b\n\nx@y\n'.repeat(10_000)}--b--\n`,
  };
  return Object.fromEntries(Object.entries(cases).map(([name, raw]) => {
    const t0 = performance.now();
    classifyBounce(raw);
    return [`${name}Ms`, Number((performance.now() - t0).toFixed(1))];
  }));
}

async function seedCampaign(tenantId: string, n: number, label: string) {
  const db = getDb();
  const campaign = await db.campaign.create({ data: { tenantId, name: `Bench ${label}`, subject: 'Bench', mjml: '<mjml></mjml>', status: 'SENT', recipientCount: n } });
  const emails = Array.from({ length: n }, (_, i) => `${label}${i}@d${i % 97}.bench.example`);
  for (let i = 0; i < n; i += 5000) await db.subscriber.createMany({ data: emails.slice(i, i + 5000).map((email) => ({ tenantId, email })) });
  const subs = await db.subscriber.findMany({ where: { tenantId, email: { startsWith: label } }, select: { id: true, email: true } });
  const sentAt = new Date(Date.now() - 3 * 3600_000);
  for (let i = 0; i < subs.length; i += 5000) {
    await db.message.createMany({ data: subs.slice(i, i + 5000).map((s) => ({ tenantId, campaignId: campaign.id, subscriberId: s.id, email: s.email, status: 'SENT' as const, sourceIp: '127.0.0.2', sentAt })) });
  }
  const messages = await db.message.findMany({ where: { campaignId: campaign.id }, select: { id: true, email: true }, orderBy: { email: 'asc' } });
  return { campaignId: campaign.id, messages };
}

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});

/** Starts a process of ours and resolves once its output shows `ready`. */
function startProcess(entry: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...WORKER_NODE_ARGS, '--import', 'tsx', entry], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve(child);
      if (out.length > 100_000) out = out.slice(-10_000);
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready: ${out.slice(-500)}`)));
  });
}

const stop = (p: ChildProcess) => new Promise<void>((r) => {
  if (p.exitCode !== null) return r();
  p.once('exit', () => r());
  p.kill('SIGTERM');
});

/** Sends one DSN per message (at `rate` a second, 0 = as fast as the connections go); counts the 250s. */
async function sendAll(port: number, messages: { id: string; email: string }[], rate: number) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity, ignoreTLS: true });
  const t0 = Date.now();
  let next = 0;
  let accepted = 0;
  let refused = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < messages.length) {
      const i = next++;
      const m = messages[i]!;
      const due = rate > 0 ? t0 + (i * 1000) / rate : 0;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      try {
        await transport.sendMail({ envelope: { from: '', to: [verpAddress(m.id)] }, raw: dsn(m.email, kindOf(i)) });
        accepted++;
      } catch (err) {
        if (refused++ === 0) log(`first refusal: ${(err as Error).message}`);
      }
    }
  }));
  transport.close();
  return { accepted, refused, sendMs: Date.now() - t0 };
}

type PhaseStats = { total: number; terminal: number; byStatus: Record<string, number>; p50Ms: number | null; p99Ms: number | null; maxMs: number | null; firstReceived: Date | null; lastProcessed: Date | null; firstProcessed: Date | null };

async function phaseStats(): Promise<PhaseStats> {
  const db = getDb();
  const [row] = await db.$queryRaw<{ total: number; terminal: number; p50: number | null; p99: number | null; max: number | null; first_received: Date | null; first_processed: Date | null; last_processed: Date | null }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE status <> 'PENDING')::int AS terminal,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "processedAt" - "receivedAt") * 1000) AS p50,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM "processedAt" - "receivedAt") * 1000) AS p99,
      max(extract(epoch FROM "processedAt" - "receivedAt") * 1000)::float8 AS max,
      min("receivedAt") AS first_received, min("processedAt") AS first_processed, max("processedAt") AS last_processed
    FROM "InboundMessage"`;
  const groups = await db.inboundMessage.groupBy({ by: ['status'], _count: { _all: true } });
  const r = row!;
  const ms = (v: number | null) => (v == null ? null : Math.round(Number(v)));
  return {
    total: r.total, terminal: r.terminal, byStatus: Object.fromEntries(groups.map((g) => [g.status, g._count._all])),
    p50Ms: ms(r.p50), p99Ms: ms(r.p99), maxMs: ms(r.max), firstReceived: r.first_received, firstProcessed: r.first_processed, lastProcessed: r.last_processed,
  };
}

async function waitDrained(expected: number) {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  for (;;) {
    const [row] = await getDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "InboundMessage" WHERE status <> 'PENDING'`;
    if (row!.n >= expected || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runPhase(opts: { tenantId: string; label: string; count: number; rate: number; workers: number; inboundPort: number }) {
  const db = getDb();
  await db.$executeRaw`DELETE FROM "InboundMessage"`;
  const { messages } = await seedCampaign(opts.tenantId, opts.count, opts.label);
  const workers = await Promise.all(Array.from({ length: opts.workers }, () => startProcess('apps/worker/src/main.ts', {
    WORKER_QUEUES: 'inbound,maintenance', WORKER_HEARTBEAT_MS: '600000',
  }, /\] \S+ started /)));
  // The classification threads start with the worker, long before mail arrives in production.
  await new Promise((r) => setTimeout(r, 1500));
  log(`${opts.label}: ${opts.count} DSNs at ${opts.rate || 'full speed'}/s over ${CONNECTIONS} connections, ${opts.workers} worker(s)`);
  const loadBefore = load();
  const t0 = Date.now();
  const sent = await sendAll(opts.inboundPort, messages, opts.rate);
  await waitDrained(sent.accepted);
  const s = await phaseStats();
  await Promise.all(workers.map(stop));
  const seconds = (a: Date | null, b: Date | null) => (a && b ? Number(((b.getTime() - a.getTime()) / 1000).toFixed(1)) : null);
  const drain = seconds(s.firstReceived, s.lastProcessed);
  const applying = seconds(s.firstProcessed, s.lastProcessed);
  const result = {
    count: opts.count, workers: opts.workers, connections: CONNECTIONS, accepted: sent.accepted, smtpRefused: sent.refused,
    smtpAcceptPerSecond: Math.round(sent.accepted / (sent.sendMs / 1000)),
    drainSeconds: drain, wallSeconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
    // Terminal rows a second from the first DSN accepted to the last applied.
    appliedPerSecond: drain ? Math.round(s.terminal / drain) : null,
    // The same over the time the workers were applying (from the first commit on).
    applyingPerSecond: applying ? Math.round(s.terminal / applying) : null,
    p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs, byStatus: s.byStatus,
    lost: sent.accepted - s.terminal,
    load: { before: loadBefore, after: load() },
  };
  log(`${opts.label}: ${JSON.stringify(result)}`);
  return result;
}

/** The apply path alone: `count` DSNs stored as the server stores them, then `workers` processes drain them. */
async function runBacklog(opts: { tenantId: string; label: string; count: number; workers: number }) {
  const db = getDb();
  await db.$executeRaw`DELETE FROM "InboundMessage"`;
  const { messages } = await seedCampaign(opts.tenantId, opts.count, opts.label);
  for (let i = 0; i < messages.length; i += 2000) {
    await db.inboundMessage.createMany({
      data: messages.slice(i, i + 2000).map((m, j) => {
        const raw = Buffer.from(isComplaint(i + j) ? arf(m.email) : dsn(m.email, kindOf(i + j)));
        return { kind: 'BOUNCE', mailFrom: '', rcptTo: [verpAddress(m.id)], remoteIp: '127.0.0.1', raw: new Uint8Array(raw), size: raw.length };
      }),
    });
  }
  const workers = await Promise.all(Array.from({ length: opts.workers }, () => startProcess('apps/worker/src/main.ts', {
    WORKER_QUEUES: 'inbound,maintenance', WORKER_HEARTBEAT_MS: '600000',
  }, /\] \S+ started /)));
  await new Promise((r) => setTimeout(r, 1500));
  log(`${opts.label}: ${opts.count} stored DSNs, ${opts.workers} worker(s)`);
  const loadBefore = load();
  const [hooks0] = await db.$queryRaw<{ ev: number; dl: number }[]>`SELECT (SELECT count(*)::int FROM "WebhookEvent") AS ev, (SELECT count(*)::int FROM "WebhookDelivery") AS dl`;
  const cpu0 = { db: await databaseCpuMs(), workers: workers.map((w) => cpuMs(w.pid!)) };
  const t0 = Date.now();
  // What the server does after storing: wake the workers (one drain job per worker concurrency slot).
  for (let i = 0; i < 4 * opts.workers; i++) await getQueue(QUEUES.inbound).add('apply-inbound', {}, { jobId: `bench-${opts.label}-${i}`, removeOnComplete: true });
  await waitDrained(opts.count);
  const seconds = (Date.now() - t0) / 1000;
  // The database's backends of this database (the workers' pools and this process's) and the
  // workers' processes, per report; taken before the statistics queries below.
  const dbCpu = sumDelta(cpu0.db, await databaseCpuMs());
  const workerCpu = workers.reduce((a, w, i) => a + cpuMs(w.pid!) - cpu0.workers[i]!, 0);
  const s = await phaseStats();
  await Promise.all(workers.map(stop));
  const [hooks1] = await db.$queryRaw<{ ev: number; dl: number }[]>`SELECT (SELECT count(*)::int FROM "WebhookEvent") AS ev, (SELECT count(*)::int FROM "WebhookDelivery") AS dl`;
  const perReport = (ms: number) => Math.round((ms / opts.count) * 1000) / 1000;
  const result = {
    count: opts.count, workers: opts.workers, drainSeconds: Number(seconds.toFixed(1)), appliedPerSecond: Math.round(s.terminal / seconds),
    byStatus: s.byStatus, lost: opts.count - s.terminal, load: { before: loadBefore, after: load() },
    dbCpuMsPerReport: perReport(dbCpu), workerCpuMsPerReport: perReport(workerCpu),
    ...(WEBHOOK_ENDPOINTS > 0 || COMPLAINT_PERCENT > 0 ? {
      complaints: Array.from({ length: opts.count }, (_, i) => i).filter(isComplaint).length,
      webhookEvents: hooks1!.ev - hooks0!.ev, webhookDeliveries: hooks1!.dl - hooks0!.dl,
    } : {}),
  };
  log(`${opts.label}: ${JSON.stringify(result)}`);
  return result;
}

async function main() {
  const db = getDb();
  const tenant = await db.tenant.create({ data: { name: 'Bench bounces', slug: `bench-bounces-${Date.now()}`, imprint: 'Bench GmbH', softBounceLimit: 3 } });
  if (WEBHOOK_ENDPOINTS > 0) {
    await db.webhookEndpoint.createMany({
      data: Array.from({ length: WEBHOOK_ENDPOINTS }, (_, i) => ({
        tenantId: tenant.id, url: `https://192.0.2.1/bench-hook-${i}`, events: [...WEBHOOK_EVENT_TYPES], enabled: true,
        secretEnc: encryptSecret(`whsec_${Buffer.from(randomUUID()).toString('base64')}`),
      })),
    });
  }
  if (COMPLAINT_PERCENT > 0) {
    // The stored reports come from 127.0.0.1: a configured feedback-loop reporter (bench database only).
    const fblReporters = [{ name: 'bench', ips: ['127.0.0.1/32'], dkimDomains: [] }];
    await db.platformSetting.upsert({ where: { id: 1 }, update: { fblReporters }, create: { id: 1, fblReporters } });
  }
  const inboundPort = await freePort();
  // One loopback host stands in for many receiving MTAs: neither its SMTP rate nor its
  // per-source cap of effects may cut the run short.
  process.env.FEEDBACK_SOURCE_CAP_PER_HOUR = String(10 * (BURST + STEADY_RATE * STEADY_SECONDS) * (2 * WORKER_COUNTS.length + 1));
  const backlogs = [];
  if (PHASES.includes('backlog')) for (const w of WORKER_COUNTS) backlogs.push(await runBacklog({ tenantId: tenant.id, label: `backlog${w}w`, count: BURST, workers: w }));

  const wantSmtp = PHASES.includes('steady') || PHASES.includes('burst');
  const inbound = wantSmtp && await startProcess('apps/worker/src/inbound-main.ts', {
    INBOUND_SMTP_PORT: String(inboundPort), INBOUND_RATE_PER_MINUTE: '100000000', INBOUND_HOSTNAME: `bench-${process.pid}`,
  }, /SMTP listening on/);
  const steady = PHASES.includes('steady') && await runPhase({ tenantId: tenant.id, label: 'steady', count: STEADY_RATE * STEADY_SECONDS, rate: STEADY_RATE, workers: 1, inboundPort });
  const bursts = [];
  if (PHASES.includes('burst')) for (const w of SMTP_BURST_WORKERS) bursts.push(await runPhase({ tenantId: tenant.id, label: `burst${w}w`, count: BURST, rate: 0, workers: w, inboundPort }));
  if (inbound) await stop(inbound);

  const best = <T extends { appliedPerSecond: number | null }>(xs: T[]) => xs.reduce<T | null>((a, b) => (!a || (b.appliedPerSecond ?? 0) > (a.appliedPerSecond ?? 0) ? b : a), null);
  const result = {
    bench: 'bounce',
    ...(WEBHOOK_ENDPOINTS > 0 || COMPLAINT_PERCENT > 0 || PHASES.length < 3 ? { webhookEndpoints: WEBHOOK_ENDPOINTS, complaintPercent: COMPLAINT_PERCENT, phases: PHASES } : {}),
    // The apply path (workers draining stored DSNs), best of the worker counts.
    appliedPerSecond: best(backlogs)?.appliedPerSecond ?? null,
    steady: { offeredPerSecond: STEADY_RATE, seconds: STEADY_SECONDS, ...steady },
    burst: best(bursts),
    bursts,
    backlogs,
    classify: classifyCorpus(),
    hostile: classifyHostile(),
  };
  await closeQueues();
  await db.$disconnect();
  console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
