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
