// Redis connections of core. `sharedRedis()` is the process's one connection for core's
// own keys (rate windows, IP rests, feedback counters, daily budgets, TOTP replay marks):
// every module asks it instead of opening its own. Separate connections exist only where
// the connection itself differs: BullMQ's (jobs/queue.ts; workers block), the tracking
// buffer's (offline queue, tracking/record.ts) and the send engine's (retries, the
// worker's sending/runtime.ts); all are made by `createRedis`.
import { Redis, type RedisOptions } from 'ioredis';
import { coreEnv } from './env.ts';

/** Worker connections must block forever (BullMQ); producers fail fast. */
export function createRedis(kind: 'worker' | 'producer', url = coreEnv().REDIS_URL, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: kind === 'worker' ? null : 1,
    enableOfflineQueue: kind === 'worker',
    lazyConnect: false,
    ...extra,
  });
}

const READY_TIMEOUT_MS = 3_000;
let shared: Redis | undefined;
let sharedUrl: string | undefined;

/**
 * The shared producer connection, once ready (a producer refuses commands while it
 * connects). Rejects after 3 s when Redis is unreachable: callers fail closed (STYLE 4).
 */
export async function sharedRedis(): Promise<Redis> {
  if (!shared || shared.status === 'end') {
    shared = createRedis('producer', sharedUrl ?? coreEnv().REDIS_URL);
    // Errors surface on the command that needs Redis; ioredis reconnects by itself.
    shared.on('error', () => {});
  }
  const r = shared;
  if (r.status === 'ready') return r;
  return new Promise<Redis>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('Redis is unreachable')), READY_TIMEOUT_MS);
    timer.unref?.();
    r.once('ready', () => { clearTimeout(timer); ok(r); });
  });
}

/** Points the shared connection at another Redis (tests: an unreachable one); default REDIS_URL. */
export function useSharedRedis(url?: string): void {
  closeSharedRedis();
  sharedUrl = url;
}

export function closeSharedRedis(): void {
  shared?.disconnect();
  shared = undefined;
}
