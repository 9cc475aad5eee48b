// Bounce benchmark: N DSNs (default 400; 70 % hard, 20 % soft, 10 % block) delivered over
// SMTP to the real inbound server, applied by a BullMQ worker on the inbound queue, and the
// latency from "MTA starts sending the DSN" to "Message row is BOUNCED in Postgres"
// (Message.updatedAt is stamped by this process's Prisma client, so one clock measures
// both ends). Also the raw classification speed over the sisimai corpus and on hostile mail
// (2 MB From: header, 64 KB From: in a bounce, 2 MB of "a@a.", 10,000 parts). Prints one JSON
// object. Usage: npx tsx scripts/bench/bounce.ts [--bounces N] [--rate per-second] [--concurrency C] [--workers W]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'bullmq';
import { closeQueues, coreEnv, createRedis, QUEUES, verpAddress } from '@rundbrief/core';
import { closeClassifyPool, startClassifyPool } from '@rundbrief/core/feedback/classify';
import { processInboundJob } from '@rundbrief/core/feedback/inbound-jobs';
import { closeIpBlocks } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { classifyBounce } from '@rundbrief/mailer/bounce/index';
import { createInboundServer, listenInbound } from '../../apps/worker/src/inbound/server.ts';

// nodemailer is a dependency of the worker and mailer workspaces, not of the root.
const nodemailer = createRequire(join(import.meta.dirname, '../../apps/worker/package.json'))('nodemailer') as typeof import('nodemailer');

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('bounces', 400);
// One loopback host stands in for many receiving MTAs: its per-source cap must not cut the run short.
process.env.FEEDBACK_SOURCE_CAP_PER_HOUR ??= String(Math.max(5000, 2 * N));
const CONCURRENCY = arg('concurrency', 8);
// DSNs trickle in at this many per second (0 = one burst, which measures queueing instead).
const RATE = arg('rate', 10);
/** Parallel inbound jobs in the worker (main.ts: WORKER_CONCURRENCY). */
const WORKERS = arg('workers', 4);

const pct = (values: number[], q: number) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1));
};

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

async function main() {
  const db = getDb();
  const tenant = await db.tenant.create({ data: { name: 'Bench bounces', slug: `bench-bounces-${Date.now()}`, imprint: 'Bench GmbH', softBounceLimit: 3 } });
  const campaign = await db.campaign.create({ data: { tenantId: tenant.id, name: 'Bench', subject: 'Bench', mjml: '<mjml></mjml>', status: 'SENT', recipientCount: N } });
  const emails = Array.from({ length: N }, (_, i) => `bench${i}@d${i % 97}.bench.example`);
  await db.subscriber.createMany({ data: emails.map((email) => ({ tenantId: tenant.id, email })) });
  const subs = await db.subscriber.findMany({ where: { tenantId: tenant.id }, select: { id: true, email: true } });
  const sentAt = new Date(Date.now() - 3 * 3600_000);
  await db.message.createMany({ data: subs.map((s) => ({ tenantId: tenant.id, campaignId: campaign.id, subscriberId: s.id, email: s.email, status: 'SENT' as const, sourceIp: '127.0.0.2', sentAt })) });
  const messages = await db.message.findMany({ where: { campaignId: campaign.id }, select: { id: true, email: true }, orderBy: { email: 'asc' } });

  const server = createInboundServer({ ratePerMinute: N * 10, hostname: `bench-${process.pid}` });
  const port = await listenInbound(server, 0);
  await startClassifyPool().ready(); // the worker starts its threads long before mail arrives
  const connection = createRedis('worker');
  const worker = new Worker(QUEUES.inbound, (job) => processInboundJob.handle(processInboundJob.schema.parse(job.data)), {
    connection, prefix: coreEnv().QUEUE_PREFIX, concurrency: WORKERS,
  });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: CONCURRENCY, maxMessages: Infinity, ignoreTLS: true });

  const started = new Map<string, number>();
  const t0 = Date.now();
  let next = 0;
  let refused = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < messages.length) {
      const i = next++;
      const m = messages[i]!;
      const due = RATE > 0 ? t0 + (i * 1000) / RATE : 0;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      started.set(m.id, Date.now());
      try {
        await transport.sendMail({ envelope: { from: '', to: [verpAddress(m.id)] }, raw: dsn(m.email, kindOf(i)) });
      } catch (err) {
        if (refused++ === 0) console.error('first refusal:', (err as Error).message);
      }
    }
  }));
  const sendMs = Date.now() - t0;

  const deadline = Date.now() + 120_000;
  while ((await db.message.count({ where: { campaignId: campaign.id, status: 'BOUNCED' } })) < N - refused && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const totalMs = Date.now() - t0;
  const done = await db.message.findMany({ where: { campaignId: campaign.id, status: 'BOUNCED' }, select: { id: true, updatedAt: true, bounceCategory: true } });
  const latencies = done.map((m) => m.updatedAt.getTime() - started.get(m.id)!);
  const byCategory: Record<string, number> = {};
  for (const m of done) byCategory[m.bounceCategory ?? 'none'] = (byCategory[m.bounceCategory ?? 'none'] ?? 0) + 1;

  transport.close();
  await worker.close();
  await closeClassifyPool();
  connection.disconnect();
  await new Promise<void>((r) => server.close(() => r()));
  await closeQueues();
  await closeIpBlocks();

  const result = {
    bench: 'bounce',
    bounces: N,
    concurrency: CONCURRENCY,
    arrivalsPerSecond: RATE || 'burst',
    workerConcurrency: WORKERS,
    applied: done.length,
    refused,
    byCategory,
    latencyMs: { p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), p99: pct(latencies, 0.99), max: pct(latencies, 1) },
    under5sShare: Number((latencies.filter((l) => l < 5000).length / Math.max(1, latencies.length)).toFixed(4)),
    smtpAcceptPerSecond: Math.round(N / (sendMs / 1000)),
    appliedPerSecond: Math.round(done.length / (totalMs / 1000)),
    classify: classifyCorpus(),
    hostile: classifyHostile(),
  };
  await db.$disconnect();
  console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
