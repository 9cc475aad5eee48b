// The windows of rate-window.ts against a real Redis: `takeUpTo` (partial or all-or-nothing
// grants, counting only what it grants, atomic under concurrency), `logInSlidingWindow`,
// and the send engine's and feedback loop's windows built on them (sending/limits.ts,
// feedback/limits.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { alignedWindow, logInSlidingWindow, takeUpTo } from '../src/rate-window.ts';
import { createRedis, closeSharedRedis } from '../src/redis.ts';
import { takeDailyIpQuota, takeDailyTokens, takeTokens } from '../src/sending/limits.ts';
import { BLOCK_WINDOW_MS, recordBlockEvidence, takeSourceBudget } from '../src/feedback/limits.ts';

const redis = createRedis('worker');
const k = () => `${process.env.QUEUE_PREFIX}:rw-test:${randomUUID()}`;
afterAll(() => { redis.disconnect(); closeSharedRedis(); });

describe('rate-window counters', () => {
  it('takeUpTo grants what is left of the limit, counts only that, and keeps the key ttl past its last take', async () => {
    const key = k();
    expect(await takeUpTo(redis, key, 3, 5, 60_000)).toBe(3);
    expect(await takeUpTo(redis, key, 3, 5, 60_000)).toBe(2);
    expect(await takeUpTo(redis, key, 1, 5, 60_000)).toBe(0);
    expect(await redis.get(key)).toBe('5');
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
  });

  it('"all" grants n or nothing, and a refusal costs nothing', async () => {
    const key = k();
    expect(await takeUpTo(redis, key, 3, 5, 60_000, 'all')).toBe(3);
    expect(await takeUpTo(redis, key, 3, 5, 60_000, 'all')).toBe(0);
    expect(await redis.get(key)).toBe('3');
    expect(await takeUpTo(redis, key, 2, 5, 60_000, 'all')).toBe(2);
  });

  it('concurrent takers together never pass the limit and never refuse each other while there is room', async () => {
    const key = k();
    const grants = await Promise.all(Array.from({ length: 60 }, () => takeUpTo(redis, key, 1, 25, 60_000)));
    expect(grants.filter((g) => g === 1)).toHaveLength(25);
    expect(await redis.get(key)).toBe('25');
  });

  it('clock-aligned windows: number and end', () => {
    expect(alignedWindow(125_000, 60_000)).toEqual({ index: 2, endsAtMs: 180_000 });
    expect(alignedWindow(180_000, 60_000)).toEqual({ index: 3, endsAtMs: 240_000 });
  });

  it('a sliding log drops what left the window and keeps at most maxEntries, newest', async () => {
    const key = k();
    await logInSlidingWindow(redis, key, 'a', 1000, 3, 10_000);
    await logInSlidingWindow(redis, key, 'b', 1000, 3, 10_500);
    expect(await logInSlidingWindow(redis, key, 'c', 1000, 3, 11_200)).toEqual(['b', 'c']);
    await logInSlidingWindow(redis, key, 'd', 1000, 3, 11_300);
    expect(await logInSlidingWindow(redis, key, 'e', 1000, 3, 11_400)).toEqual(['c', 'd', 'e']);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });
});

describe('windows built on them', () => {
  it('the send engine: per-minute tokens partly granted, daily budget, warm-up cap all or nothing', async () => {
    const key = k();
    const first = await takeTokens(redis, key, 4, 6);
    expect(first.granted).toBe(4);
    expect(first.retryAtMs).toBe(alignedWindow(Date.now(), 60_000).endsAtMs);
    expect((await takeTokens(redis, key, 4, 6)).granted).toBe(2);
    expect((await takeTokens(redis, key, 4, 0)).granted).toBe(4);
    const prefix = k();
    expect((await takeDailyTokens(redis, prefix, 't1', 7, 10)).granted).toBe(7);
    expect((await takeDailyTokens(redis, prefix, 't1', 7, 10)).granted).toBe(3);
    expect((await takeDailyTokens(redis, prefix, 't1', 7, null)).granted).toBe(7);
    expect(await takeDailyIpQuota(redis, prefix, 'ip1', 2)).toBe(true);
    expect(await takeDailyIpQuota(redis, prefix, 'ip1', 2, 2)).toBe(false);
    expect(await takeDailyIpQuota(redis, prefix, 'ip1', 2)).toBe(true);
    expect(await takeDailyIpQuota(redis, prefix, 'ip1', 2)).toBe(false);
    expect(await takeDailyIpQuota(redis, prefix, 'ip1', null)).toBe(true);
  });

  it('the feedback loop: a source’s hourly cap grants the first effects; block evidence counts distinct messages and hosts', async () => {
    process.env.FEEDBACK_SOURCE_CAP_PER_HOUR = '5';
    try {
      const source = randomUUID();
      const now = Date.now();
      expect(await takeSourceBudget(source, 3, now)).toBe(3);
      expect(await takeSourceBudget(source, 3, now)).toBe(2);
      expect(await takeSourceBudget(source, 1, now)).toBe(0);
      // The next hour starts afresh.
      expect(await takeSourceBudget(source, 1, alignedWindow(now, 3_600_000).endsAtMs)).toBe(1);
    } finally {
      delete process.env.FEEDBACK_SOURCE_CAP_PER_HOUR;
    }
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    const t = Date.now();
    const report = (messageId: string, source: string, at: number) => recordBlockEvidence({ ip, domain: 'Example.COM', messageId, source }, at);
    await report('m1', 'h1', t - BLOCK_WINDOW_MS - 1);
    expect(await report('m2', 'h1', t)).toEqual({ corroborated: false, messages: 1, sources: 1 });
    expect(await report('m3', 'h2', t)).toEqual({ corroborated: false, messages: 2, sources: 2 });
    expect(await report('m3', 'h2', t)).toEqual({ corroborated: false, messages: 2, sources: 2 });
    expect(await report('m4', 'h1', t)).toEqual({ corroborated: true, messages: 3, sources: 2 });
  });
});
