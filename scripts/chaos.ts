// `npm run chaos [-- --recipients 20000 --kills 10 --workers 2]`: a real campaign (Postgres,
// Redis, worker processes, source IPs 127.0.0.2/.3, DKIM) into a faulty SMTP sink
// (scripts/bench/_chaos_sink.ts: a share of transactions answered 421, dropped in the middle
// of DATA, stalled past the client timeout) while a random sending worker is SIGKILLed
// `--kills` times at random moments and a new one started each time. Prints one JSON line:
// sent, deferred, failed, ambiguous (listed), duplicates delivered to the sink beyond those
// listed as ambiguous, lost, the seconds to finish after the last fault, and per service
// restart the pause in sending it caused (restartPauses: the longest stretch in which the sink
// accepted nothing that overlaps the restart or the 60 s after it; longestPauseOfRun, and
// when it began in seconds into the send, for comparison). Exit code 1 when
// anything was lost or delivered twice without being listed.
//
// --restart-redis / --restart-postgres: at a random moment during the send (placed at random
// among the kills) the command in CHAOS_REDIS_RESTART_CMD / CHAOS_POSTGRES_RESTART_CMD is run.
// With `npm run chaos -- --private-services` those point at a Redis (no persistence: it comes
// back empty) and a PostgreSQL cluster that scripts/chaos.mjs started for this run only
// (scripts/lib/private-services.mjs); never point them at servers other people use.
import { spawn, execSync, fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { closeQueues, encryptSecret } from '@rundbrief/core';
import { assertSendable } from '@rundbrief/core/authoring/sendable';
import { requestCampaignSend } from '@rundbrief/core/sending/start';
import { getDb, Prisma, sqlQuery } from '@rundbrief/db';
import { WORKER_NODE_ARGS } from './lib/stack.mjs';
import { loadEnv } from './lib/setup.mjs';

// .env (as `npm start` writes it) fills what the environment does not set
for (const [k, v] of Object.entries(loadEnv() as Record<string, string>)) process.env[k] ??= v;
// every child dies with this process, however it ends
const children = new Set<ChildProcess>();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

const ROOT = path.resolve(import.meta.dirname, '..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const RECIPIENTS = arg('recipients', 20_000);
const KILLS = arg('kills', 10);
const WORKERS = arg('workers', 2);
/** Mean gap between two kills (each gap is random in [0.3, 1.7] x this). */
const KILL_GAP_MS = arg('kill-gap-ms', 3000);
const MAX_SECONDS = arg('max-seconds', 900);
const SMTP_TIMEOUT_MS = 2000; // the lean client gives up on a silent socket after 2x this
const SINK_FAULTS = { reject421: arg('p421', 0.02), drop: arg('pdrop', 0.01), stallData: arg('pstall', 0.003), stallMail: arg('pstall', 0.003), stallMs: 3 * SMTP_TIMEOUT_MS };
const log = (m: string) => console.error(`[chaos] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 100) / 100;

function startSink(): Promise<{ child: ChildProcess; port: number; ask<T>(cmd: string): Promise<T> }> {
  const child = fork(path.join(import.meta.dirname, 'bench/_chaos_sink.ts'), [], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, CHAOS_SINK_FAULTS: JSON.stringify(SINK_FAULTS) },
  });
  children.add(child);
  const ask = <T>(cmd: string) => new Promise<T>((resolve) => { child.once('message', (m) => resolve(m as T)); child.send({ cmd }); });
  return new Promise((resolve) => child.once('message', (m: { port: number }) => resolve({ child, port: m.port, ask })));
}

const MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text><h1>Hallo {{ firstName | "Freund" }}!</h1><p>Neuigkeiten aus dem Chaos-Lauf.</p></mj-text>
<mj-text><a href="{{ unsubscribe_url }}">Abmelden</a> · {{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

async function seed(n: number) {
  const db = getDb();
  for (const [address, heloName] of [['127.0.0.2', 'mta1.chaos.localhost'], ['127.0.0.3', 'mta2.chaos.localhost']] as const) {
    await db.sendingIp.upsert({ where: { address }, update: { status: 'ACTIVE' }, create: { address, heloName } });
  }
  const slug = `chaos-${Date.now().toString(36)}`;
  const tenant = await db.tenant.create({ data: { name: 'Chaos GmbH', slug, imprint: 'Chaos GmbH, Teststr. 1, 10115 Berlin', sendRatePerMinute: 10_000_000 } });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const domain = await db.senderDomain.create({
    data: {
      tenantId: tenant.id, domain: `${slug}.chaos.example`, dkimSelector: 'rb2026', verifiedAt: new Date(), dkimStatus: 'PASS', spfStatus: 'PASS', dmarcStatus: 'PASS',
      dkimPublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      dkimPrivateKeyEnc: encryptSecret(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    },
  });
  const identity = await db.senderIdentity.create({ data: { tenantId: tenant.id, domainId: domain.id, fromName: 'Chaos', localPart: 'news' } });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: 'Alle', optInMode: 'DOUBLE' } });
  await db.$executeRaw`
    WITH s AS (
      INSERT INTO "Subscriber" (id, "tenantId", email, "firstName", "lastName", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${tenant.id}::uuid, 'user' || g || '@d' || (g % 20) || '.' || ${slug}, 'Vorname' || g, 'Nachname', now(), now()
      FROM generate_series(1, ${n}) g
      RETURNING id)
    INSERT INTO "Subscription" (id, "tenantId", "listId", "subscriberId", status, source, "requestedAt", "confirmedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenant.id}::uuid, ${list.id}::uuid, s.id, 'CONFIRMED', 'IMPORT', now(), now(), now(), now() FROM s`;
  const campaign = await db.campaign.create({
    data: { tenantId: tenant.id, name: 'Chaos', subject: 'Chaos für {{ firstName | "dich" }}', identityId: identity.id, mjml: MJML, lists: { create: [{ listId: list.id }] } },
  });
  return { tenant, campaign };
}

function startWorker(sinkPort: number): ChildProcess {
  const w = spawn(process.execPath, [...WORKER_NODE_ARGS, '--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env, SMTP_RELAY_URL: `smtp://127.0.0.1:${sinkPort}`, WORKER_QUEUES: 'campaign,send,maintenance', WORKER_HEARTBEAT_MS: '600000',
      DOMAIN_LIMITS: JSON.stringify({ '*': { perMinute: 0, connections: 64 } }), SMTP_MAX_CONNECTIONS_PER_IP: '4', SEND_CONCURRENCY: '24', SEND_BATCH_SIZE: '100',
      SMTP_TIMEOUT_MS: String(SMTP_TIMEOUT_MS),
      // the clocks of crash recovery, shortened so a run ends in minutes: a killed worker's
      // job goes to another after 5 s; its claimed-but-unrecorded messages become AMBIGUOUS
      // after a 15 s lease (the sweep runs every 30 s); a 4xx is retried after 2 s (doubling)
      WORKER_LOCK_MS: '5000', SEND_LEASE_SECONDS: '15', SEND_STALL_SECONDS: '20', SEND_RETRY_BASE_SECONDS: '2',
    },
  });
  w.stdout!.resume();
  children.add(w);
  return w;
}

function waitStarted(w: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    let out = '';
    w.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/\] \S+ started /.test(out)) resolve();
    });
  });
}

async function campaignStatus(id: string): Promise<string | undefined> {
  const [c] = await sqlQuery<{ status: string }>(Prisma.sql`SELECT status::text AS status FROM "Campaign" WHERE id = ${id}::uuid`);
  return c?.status;
}

async function main() {
  const sink = await startSink();
  const s = await seed(RECIPIENTS);
  log(`seeded ${RECIPIENTS} recipients; sink faults ${JSON.stringify(SINK_FAULTS)}`);
  const workers = Array.from({ length: WORKERS }, () => startWorker(sink.port));
  await Promise.all(workers.map(waitStarted));
  log(`${WORKERS} workers up; sending with ${KILLS} kills ...`);

  const t0 = performance.now();
  let lastFaultAt = t0;
  let done = false;
  const faults: string[] = [];
  /** Wall-clock (Date.now()) start and end of each service restart command. */
  const restartsAt: { name: string; start: number; end: number }[] = [];
  await requestCampaignSend({ tenantId: s.tenant.id }, { campaignId: s.campaign.id }, { assertSendable });

  const chaos = (async () => {
    // the first kill only once mail flows, so every kill meets a worker in the middle of sending
    while (!done && (await sink.ask<{ total: number }>('counts')).total === 0) await sleep(200);
    const restarts = [
      ...(flag('restart-redis') ? [{ name: 'redis', cmd: process.env.CHAOS_REDIS_RESTART_CMD }] : []),
      ...(flag('restart-postgres') ? [{ name: 'postgres', cmd: process.env.CHAOS_POSTGRES_RESTART_CMD }] : []),
    ];
    const steps: ({ kind: 'kill' } | { kind: 'restart'; name: string; cmd?: string })[] = Array.from({ length: KILLS }, () => ({ kind: 'kill' as const }));
    for (const r of restarts) steps.splice(Math.floor(Math.random() * (steps.length + 1)), 0, { kind: 'restart', ...r });
    for (const step of steps) {
      await sleep(KILL_GAP_MS * (0.3 + 1.4 * Math.random()));
      if (done) break;
      if (step.kind === 'kill') {
        const i = Math.floor(Math.random() * workers.length);
        const victim = workers[i]!;
        victim.kill('SIGKILL');
        workers[i] = startWorker(sink.port);
        faults.push(`kill@${round((performance.now() - t0) / 1000)}s`);
      } else {
        if (!step.cmd) throw new Error(`--restart-${step.name} needs CHAOS_${step.name.toUpperCase()}_RESTART_CMD`);
        const start = Date.now();
        execSync(step.cmd, { stdio: 'inherit' });
        restartsAt.push({ name: step.name, start, end: Date.now() });
        faults.push(`restart-${step.name}@${round((performance.now() - t0) / 1000)}s`);
      }
      lastFaultAt = performance.now();
      log(faults.at(-1)!);
    }
  })();

  let finished = false;
  for (;;) {
    let status: string | undefined;
    try {
      status = await campaignStatus(s.campaign.id);
    } catch {
      status = undefined; // Postgres restarting
    }
    if (status === 'SENT') { finished = true; break; }
    if (status === 'DRAFT') throw new Error('campaign was refused at start');
    if ((performance.now() - t0) / 1000 > MAX_SECONDS) break;
    await sleep(250);
  }
  const endAt = performance.now();
  done = true;
  await chaos;

  // Results: the Message rows against what the sink actually accepted.
  const db = getDb();
  const counts = await sink.ask<{ total: number; perRcpt: Record<string, number>; injected: Record<string, number> }>('counts');
  const rows = await db.message.findMany({ where: { campaignId: s.campaign.id }, select: { id: true, email: true, status: true, skipReason: true } });
  const by: Record<string, number> = {};
  const ambiguous: string[] = [];
  const unlistedDuplicates: { id: string; email: string; status: string; delivered: number }[] = [];
  const lost: { id: string; email: string; status: string }[] = [];
  const deliveredButRecordedOtherwise: { id: string; status: string }[] = [];
  let listedDuplicates = 0;
  /** Listed as ambiguous although the sink never saw them: they are never sent (the cost of an ambiguous listing). */
  let ambiguousNeverDelivered = 0;
  const byReason: Record<string, { listed: number; neverDelivered: number }> = {};
  for (const m of rows) {
    by[m.status] = (by[m.status] ?? 0) + 1;
    const delivered = counts.perRcpt[m.email] ?? 0;
    if (m.status === 'AMBIGUOUS') {
      ambiguous.push(m.id);
      if (delivered > 1) listedDuplicates++;
      if (delivered === 0) ambiguousNeverDelivered++;
      // why: a worker lost (lease sweep) or a connection lost after the data (sink fault)
      const why = (byReason[m.skipReason ?? '?'] ??= { listed: 0, neverDelivered: 0 });
      why.listed++;
      if (delivered === 0) why.neverDelivered++;
      continue;
    }
    if (delivered > 1) unlistedDuplicates.push({ id: m.id, email: m.email, status: m.status, delivered });
    // lost: neither delivered nor in a state that says so (deferred / failed / bounced / skipped)
    if (delivered === 0 && ['SENT', 'QUEUED', 'SENDING'].includes(m.status)) lost.push({ id: m.id, email: m.email, status: m.status });
    if (delivered > 0 && m.status !== 'SENT') deliveredButRecordedOtherwise.push({ id: m.id, status: m.status });
  }
  // The pause each restart caused: the longest stretch without a single accepted mail that
  // overlaps the restart or the 60 s after it (jobs already running finish their batches
  // first, so the gap may open some seconds later; one that was open already, e.g. after
  // kills, counts too: run with --kills 0 to see a restart alone), and for comparison the
  // longest one of the whole run.
  const { acceptedAt } = await sink.ask<{ acceptedAt: number[] }>('times');
  acceptedAt.sort((a, b) => a - b);
  const longestGap = (from: number, to: number) => {
    let best = { seconds: 0, at: from };
    for (let i = 1; i < acceptedAt.length; i++) {
      if (acceptedAt[i]! < from || acceptedAt[i - 1]! > to) continue;
      const gap = acceptedAt[i]! - acceptedAt[i - 1]!;
      if (gap > best.seconds * 1000) best = { seconds: round(gap / 1000), at: acceptedAt[i - 1]! };
    }
    return best;
  };
  const restartPauses = restartsAt.map((r) => {
    const gap = longestGap(r.start, r.end + 60_000);
    return { name: r.name, restartSeconds: round((r.end - r.start) / 1000), pauseSeconds: gap.seconds, pauseBeganAfterRestartSeconds: round((gap.at - r.end) / 1000) };
  });
  // where the longest pause of the run was, in seconds into the send (as the faults are given)
  const wallT0 = Date.now() - (performance.now() - t0);
  const runGap = acceptedAt.length ? longestGap(acceptedAt[0]!, acceptedAt.at(-1)!) : null;
  const longestPauseOfRun = runGap && { seconds: runGap.seconds, startedAt: round((runGap.at - wallT0) / 1000) };
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : null)));
  sink.child.send({ cmd: 'exit' });
  await closeQueues();
  await db.$disconnect();

  const result = {
    recipients: RECIPIENTS, finished, seconds: round((endAt - t0) / 1000),
    sent: by.SENT ?? 0, deferred: by.DEFERRED ?? 0, failed: by.FAILED ?? 0, bounced: by.BOUNCED ?? 0, skipped: by.SKIPPED ?? 0,
    pending: (by.QUEUED ?? 0) + (by.SENDING ?? 0),
    ambiguousCount: ambiguous.length, ambiguousNeverDelivered, ambiguousByReason: byReason, ambiguous, listedDuplicates,
    duplicatesDelivered: unlistedDuplicates.length, duplicateMessages: unlistedDuplicates.slice(0, 20),
    lost: lost.length, lostMessages: lost.slice(0, 20),
    deliveredButRecordedOtherwise: deliveredButRecordedOtherwise.length,
    sinkAccepted: counts.total, sinkFaultsInjected: counts.injected,
    faults, restartPauses, longestPauseOfRun, secondsAfterLastFault: round((endAt - lastFaultAt) / 1000),
  };
  console.log(JSON.stringify(result));
  process.exit(!finished || lost.length > 0 || unlistedDuplicates.length > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
