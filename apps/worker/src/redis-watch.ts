// Redis came back empty (restarted without persistence, flushed, failed over to an empty
// replica): every job in it is gone, among them the job schedulers (the sweeps) and the
// send jobs of running campaigns. This watch gives them back within seconds instead of
// waiting for a periodic re-assert:
//
// - a marker key under the queue prefix (`<prefix>:redis-epoch`) says "this Redis still holds
//   our jobs"; it disappears with the data;
// - on every `ready` of its own connection (the first connect and every reconnect) and every
//   `checkEveryMs` (a FLUSHALL without a reconnect), the job schedulers of the served queues are
//   upserted from the catalogue (idempotent: an existing scheduler keeps its timing, a new one
//   runs at once), then the marker is set with SET NX;
// - whoever sets the marker (one worker of the fleet) enqueues one `redis-recovery` job: it
//   re-dispatches every SENDING campaign from Postgres (sending/start.ts
//   `redispatchAfterQueueLoss`). Claims are conditional, so a job that survived and a
//   re-dispatched one can never both send a message.
import { randomBytes } from 'node:crypto';
import { createRedis, enqueue, ensureJobSchedules, type QueueName } from '@rundbrief/core';

export const REDIS_EPOCH_KEY = 'redis-epoch';

export type RedisWatch = {
  /** Runs the check now (schedules upserted, marker set, recovery enqueued if it was missing). */
  check(reason: string): Promise<void>;
  stop(): void;
};

export function watchRedis(opts: {
  url: string;
  prefix: string;
  queues: readonly QueueName[];
  /** How often the marker is looked at between reconnects (a flush without a restart). */
  checkEveryMs: number;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}): RedisWatch {
  const conn = createRedis('worker', opts.url);
  conn.on('error', () => {}); // reconnects by itself; the workers log Redis errors
  const key = `${opts.prefix}:${REDIS_EPOCH_KEY}`;
  let running: Promise<void> | null = null;
  let again: string | null = null;
  let stopped = false;

  const once = async (reason: string) => {
    // The producer connection (schedules, the recovery job) may still be reconnecting: a few tries.
    for (let attempt = 0; ; attempt++) {
      try {
        if (!(await conn.exists(key)) || reason !== 'timer') {
          const n = await ensureJobSchedules(opts.queues, { prefix: opts.prefix });
          const epoch = randomBytes(6).toString('hex');
          if ((await conn.set(key, epoch, 'NX')) === 'OK') {
            await enqueue('redisRecovery', {}, { prefix: opts.prefix, jobId: `redis-recovery-${epoch}` });
            opts.log(`Redis holds none of our jobs (${reason}): ${n} schedules created, send jobs re-created from Postgres`);
          }
        }
        return;
      } catch (err) {
        if (stopped || attempt >= 40) {
          opts.log(`Redis check (${reason}) failed: ${(err as Error).message}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };

  const check = (reason: string): Promise<void> => {
    if (running) {
      // one more run after this one; a reconnect outranks a timer tick (it always upserts)
      if (again !== 'reconnect') again = reason;
      return running;
    }
    running = (async () => {
      try {
        let next: string | null = reason;
        while (next && !stopped) {
          again = null;
          await once(next);
          next = again;
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };

  // The reconnect hook: `ready` comes after every (re)connect, before anything else runs on it.
  conn.on('ready', () => void check('reconnect'));
  const timer = setInterval(() => void check('timer'), opts.checkEveryMs);
  timer.unref();

  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
      conn.disconnect();
    },
  };
}
