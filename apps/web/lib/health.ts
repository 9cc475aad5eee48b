// Liveness of the two services the app cannot work without. Each check has its own short
// timeout so a hung dependency turns into a 503 quickly instead of a hanging probe.
import { createRedis } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';

export type Health = { db: 'ok' | 'error'; redis: 'ok' | 'error' };

const TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())]);
}

async function checkDb(): Promise<boolean> {
  try {
    await withTimeout(getDb().$queryRaw`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}

async function checkRedis(url: string): Promise<boolean> {
  // A fresh connection per probe: a pooled one could hide a Redis that stopped accepting.
  const redis = createRedis('producer', url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: TIMEOUT_MS, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await withTimeout(redis.connect());
    return (await withTimeout(redis.ping())) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function checkHealth(redisUrl: string): Promise<{ status: 200 | 503; body: Health }> {
  const [db, redis] = await Promise.all([checkDb(), checkRedis(redisUrl)]);
  const body: Health = { db: db ? 'ok' : 'error', redis: redis ? 'ok' : 'error' };
  return { status: db && redis ? 200 : 503, body };
}
