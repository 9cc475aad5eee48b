import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { coreEnv } from '../env.ts';
import { createRedis } from '../redis.ts';
import { DEFAULT_JOB_OPTIONS, QUEUES, systemMailPayload, type SystemMailPayload } from './definitions.ts';

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

export async function enqueueSystemMail(payload: SystemMailPayload, opts: { jobId?: string; prefix?: string } = {}) {
  const data = systemMailPayload.parse(payload);
  return getQueue(QUEUES.systemMail, opts.prefix).add(data.kind, data, opts.jobId ? { jobId: opts.jobId } : {});
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
  producer?.disconnect();
  producer = undefined;
}
