import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { coreEnv } from '../env.ts';
import { createRedis } from '../redis.ts';
import { DEFAULT_JOB_OPTIONS, JOBS, QUEUES, type JobKey, type QueueName, type SystemMailPayload } from './definitions.ts';

const queues = new Map<string, Queue>();
let producer: Redis | undefined;

/** Producer-side queue (fails fast when Redis is down). Prefix from QUEUE_PREFIX. */
export function getQueue(name: (typeof QUEUES)[keyof typeof QUEUES], prefix = coreEnv().QUEUE_PREFIX): Queue {
  const key = `${prefix}:${name}`;
  let q = queues.get(key);
  if (!q) {
    producer ??= createRedis('producer');
    q = new Queue(name, { connection: producer, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    queues.set(key, q);
  }
  return q;
}

export type EnqueueOptions = JobsOptions & {
  /** Queue prefix (tests, benches); default QUEUE_PREFIX. */
  prefix?: string;
  /** The job's name when it is not the catalogue's (system mail: the mail kind). */
  name?: string;
};
type PayloadOf<K extends JobKey> = z.input<(typeof JOBS)[K]['schema']>;

/** Adds a job of the catalogue (definitions.ts) after parsing its payload: a bad payload throws here, not in the worker. */
export async function enqueue<K extends JobKey>(key: K, payload: PayloadOf<K>, opts: EnqueueOptions = {}): Promise<Job> {
  const { prefix, name, ...jobOpts } = opts;
  const job = JOBS[key];
  const data = job.schema.parse(payload);
  return getQueue(job.queue, prefix).add(name ?? job.name, data, jobOpts);
}

/** Many jobs of one kind in one round trip, each payload parsed. */
export async function enqueueBulk<K extends JobKey>(key: K, items: readonly { payload: PayloadOf<K>; opts?: JobsOptions }[], prefix?: string): Promise<Job[]> {
  if (items.length === 0) return [];
  const job = JOBS[key];
  return getQueue(job.queue, prefix).addBulk(items.map((i) => ({ name: job.name, data: job.schema.parse(i.payload), opts: i.opts })));
}

export async function enqueueSystemMail(payload: SystemMailPayload, opts: { jobId?: string; prefix?: string } = {}) {
  return enqueue('systemMail', payload, { name: payload.kind, prefix: opts.prefix, ...(opts.jobId ? { jobId: opts.jobId } : {}) });
}

/** A repeating job of the catalogue, its period resolved from the settings. */
export type ScheduledJob = { key: JobKey; id: string; queue: QueueName; name: string; every: number };

/** Every repeating job of the catalogue (the entries of JOBS with a `schedule`). */
export function jobSchedules(): ScheduledJob[] {
  const out: ScheduledJob[] = [];
  for (const [key, job] of Object.entries(JOBS) as [JobKey, (typeof JOBS)[JobKey]][]) {
    if (!('schedule' in job)) continue;
    const s = job.schedule;
    out.push({ key, id: ('id' in s ? s.id : undefined) ?? job.name, queue: job.queue, name: job.name, every: typeof s.every === 'function' ? s.every() : s.every });
  }
  return out;
}

/**
 * Creates (or updates) the BullMQ job scheduler of every repeating job of the catalogue on
 * the given queues: the one place schedules are made. Idempotent: an existing scheduler
 * keeps its next run; a new one (e.g. Redis came back empty) runs at once.
 */
export async function ensureJobSchedules(queues: readonly string[] = Object.values(QUEUES), opts: { prefix?: string } = {}): Promise<number> {
  const due = jobSchedules().filter((s) => queues.includes(s.queue));
  await Promise.all(due.map((s) => getQueue(s.queue, opts.prefix).upsertJobScheduler(s.id, { every: s.every }, { name: s.name, data: {} })));
  return due.length;
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
  producer?.disconnect();
  producer = undefined;
}
