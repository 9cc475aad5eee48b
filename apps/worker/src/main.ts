// The worker process: one BullMQ Worker per queue that has processors in the registry,
// the Redis watch (redis-watch.ts: the catalogue's job schedulers, upserted at start and
// whenever Redis comes back, and the send jobs of SENDING campaigns re-created when it came
// back empty), a heartbeat line every 30 s and a graceful close on SIGTERM/SIGINT. Exits non-zero with a clear message if Redis or
// Postgres is unreachable at start.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { closeQueues, coreEnvSchema, createRedis, DomainError, jobSchedules, parseEnv, QUEUES } from '@rundbrief/core';
import { sendingEnvSchema } from '@rundbrief/core/sending/env';
import { closeClassifyPool, startClassifyPool } from '@rundbrief/core/feedback/classify';
import { getDb } from '@rundbrief/db';
import { findJob, jobs, type JobContext } from './registry.ts';
import { watchRedis } from './redis-watch.ts';
import { getSendRuntime } from './sending/runtime.ts';

const workerEnvSchema = coreEnvSchema.extend(sendingEnvSchema.shape).extend({
  WORKER_SEND_CONCURRENCY: z.coerce.number().int().positive().default(2),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** Webhook attempts mostly wait on the receiver (up to WEBHOOK_TIMEOUT_MS): more of them at once. */
  WORKER_WEBHOOK_CONCURRENCY: z.coerce.number().int().positive().default(16),
  WORKER_HEARTBEAT_MS: z.coerce.number().int().positive().default(30_000),
  /** Job lock; a job of a killed worker is handed to another after about this long. */
  WORKER_LOCK_MS: z.coerce.number().int().positive().default(30_000),
  /** How often the Redis watch looks for its marker between reconnects (a FLUSHALL keeps the connection). */
  WORKER_REDIS_CHECK_MS: z.coerce.number().int().positive().default(5_000),
  /** Comma-separated queue names to serve (default: all with processors). */
  WORKER_QUEUES: z.string().default(''),
});

const log = (msg: string, extra?: Record<string, unknown>) =>
  console.log(`[worker] ${new Date().toISOString()} ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}`);

function die(msg: string): never {
  console.error(`[worker] ${msg}`);
  process.exit(1);
}

const RETRYABLE = new Set(['UNAVAILABLE', 'RATE_LIMITED']);

async function main() {
  let env: z.infer<typeof workerEnvSchema>;
  try {
    env = parseEnv(workerEnvSchema);
  } catch (err) {
    die((err as Error).message);
  }
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  try {
    await Promise.race([getDb().$queryRaw`SELECT 1`, new Promise((_, rej) => setTimeout(() => rej(new Error('timeout after 10 s')), 10_000))]);
  } catch (err) {
    die(`Postgres is unreachable at ${new URL(env.DATABASE_URL).host}: ${(err as Error).message}`);
  }
  const probe = createRedis('producer', env.REDIS_URL, { lazyConnect: true, retryStrategy: () => null, connectTimeout: 5000 });
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    die(`Redis is unreachable at ${env.REDIS_URL}: ${(err as Error).message}`);
  } finally {
    probe.disconnect();
  }

  const only = env.WORKER_QUEUES.split(',').map((q) => q.trim()).filter(Boolean);
  const queues = [...new Set(jobs.map((j) => j.queue))].filter((q) => only.length === 0 || only.includes(q));
  const stats = { done: 0, failed: 0 };
  if (queues.includes(QUEUES.inbound)) {
    startClassifyPool().ready().then(() => log('bounce classification threads ready'), (err: Error) => log(`bounce classification: ${err.message}`));
  }

  const processor = async (job: Job) => {
    const def = findJob(job.queueName, job.name);
    if (!def) throw new UnrecoverableError(`No processor for ${job.queueName}/${job.name}`);
    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}: ${parsed.error.issues.map((i: { message: string }) => i.message).join('; ')}`);
    const ctx: JobContext = {
      jobId: job.id ?? '', attemptsMade: job.attemptsMade, workerId,
      log: (msg, extra) => log(`${job.queueName}/${job.name} ${job.id}: ${msg}`, extra),
    };
    try {
      return await def.handle(parsed.data, ctx);
    } catch (err) {
      // Domain rule refusals do not get better on retry; infrastructure errors do.
      if (err instanceof DomainError && !RETRYABLE.has(err.code)) throw new UnrecoverableError(`${err.code}: ${err.message}`);
      throw err;
    }
  };

  const workers = queues.map((queue) => {
    const w = new Worker(queue, processor, {
      connection: createRedis('worker', env.REDIS_URL),
      prefix: env.QUEUE_PREFIX,
      concurrency: queue === 'send' ? env.WORKER_SEND_CONCURRENCY : queue === 'webhooks' ? env.WORKER_WEBHOOK_CONCURRENCY : env.WORKER_CONCURRENCY,
      lockDuration: env.WORKER_LOCK_MS,
      stalledInterval: env.WORKER_LOCK_MS,
    });
    w.on('error', (err) => log(`queue ${queue} error: ${err.message}`));
    w.on('failed', (job, err) => {
      stats.failed++;
      log(`${queue}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`);
    });
    w.on('completed', () => stats.done++);
    return w;
  });

  // Schedules of the served queues now and after every reconnect; a Redis that came back
  // empty (marker gone) also gets the send jobs of SENDING campaigns back at once.
  const redisWatch = watchRedis({ url: env.REDIS_URL, prefix: env.QUEUE_PREFIX, queues, checkEveryMs: env.WORKER_REDIS_CHECK_MS, log });
  await redisWatch.check('start');
  const scheduled = jobSchedules().filter((s) => queues.includes(s.queue)).length;
  log(`started ${workerId}: queues ${queues.join(', ')}; ${scheduled} schedules; prefix ${env.QUEUE_PREFIX}`);

  const heartbeat = setInterval(async () => {
    const ips = await Promise.resolve().then(() => getSendRuntime().sendingIps()).catch(() => []);
    log(`heartbeat ${workerId}`, { ...stats, activeIps: ips.filter((i) => i.status === 'ACTIVE').length, rssMb: Math.round(process.memoryUsage().rss / 1048576) });
  }, env.WORKER_HEARTBEAT_MS);
  heartbeat.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: finishing running jobs ...`);
    const force = setTimeout(() => die('shutdown took longer than 30 s'), 30_000);
    force.unref();
    redisWatch.stop();
    await Promise.all(workers.map((w) => w.close()));
    await closeClassifyPool();
    await getSendRuntime().close();
    await closeQueues();
    await getDb().$disconnect();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => die(`fatal: ${(err as Error).stack ?? err}`));
