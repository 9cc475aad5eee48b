// A Redis that comes back empty gets its job schedulers (the sweeps) back within seconds, and
// exactly one recovery job (re-dispatch of SENDING campaigns from Postgres), however many
// workers watch it. Runs its own redis-server without persistence (a restart brings it back
// empty, like the chaos run's), so the shared one is never touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues, getQueue, JOBS, jobSchedules, QUEUES, type QueueName } from '@rundbrief/core';
import { watchRedis, type RedisWatch } from '../src/redis-watch.ts';
import { acceptsConnections, freePort } from './ports.ts';

const port = await freePort();
// before anything reads the core env: the producer (schedules, enqueue) uses this Redis
process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
const prefix = process.env.QUEUE_PREFIX!;
let redis: ChildProcess | undefined;

async function waitFor<T>(fn: () => Promise<T>, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startRedis() {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor(() => acceptsConnections(port), 10_000, 'redis-server up');
}

async function restartRedisEmpty() {
  const old = redis!;
  old.kill('SIGKILL');
  await new Promise((r) => old.once('exit', r));
  await startRedis();
}

const queues: QueueName[] = [QUEUES.maintenance, QUEUES.campaign, QUEUES.send, QUEUES.events, QUEUES.webhooks];
const expected = jobSchedules().filter((s) => queues.includes(s.queue));

/** Scheduler ids present per queue, sorted. */
async function schedulerIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const q of new Set(expected.map((s) => s.queue))) ids.push(...(await getQueue(q).getJobSchedulers()).map((s) => s.key));
  return ids.sort();
}
const allBack = async () => (await schedulerIds()).join() === expected.map((s) => s.id).sort().join();
async function recoveryJobs() {
  return (await getQueue(QUEUES.maintenance).getJobs(['waiting', 'prioritized', 'delayed', 'active'])).filter((j) => j.name === JOBS.redisRecovery.name);
}

const watches: RedisWatch[] = [];
const watch = (checkEveryMs: number) => {
  const w = watchRedis({ url: process.env.REDIS_URL!, prefix, queues, checkEveryMs, log: () => {} });
  watches.push(w);
  return w;
};

beforeAll(async () => {
  await startRedis();
}, 20_000);

afterAll(async () => {
  for (const w of watches) w.stop();
  await closeQueues();
  redis?.kill('SIGKILL');
});

describe('Redis comes back empty', () => {
  it('after a restart the schedules and one recovery job are back within seconds (the reconnect hook, not the timer)', async () => {
    expect(expected.length).toBeGreaterThan(5);
    // two workers; the timer is an hour away, so only the reconnect hook can bring them back
    const a = watch(3_600_000);
    const b = watch(3_600_000);
    await Promise.all([a.check('start'), b.check('start')]);
    expect(await allBack()).toBe(true);
    expect(await recoveryJobs()).toHaveLength(1);

    const t0 = Date.now();
    await restartRedisEmpty(); // comes back with nothing in it
    await waitFor(allBack, 5_000, 'schedules back after the restart');
    await waitFor(async () => (await recoveryJobs()).length === 1, 5_000, 'the recovery job');
    const took = Date.now() - t0;
    // a new scheduler runs at once: the lease sweep and the stall watch are due now, not in a minute
    const sweep = (await getQueue(QUEUES.maintenance).getJobs(['waiting', 'prioritized', 'delayed', 'active'])).find((j) => j.name === JOBS.sendLeaseSweep.name);
    expect(sweep, 'first lease sweep job').toBeDefined();
    expect(sweep!.timestamp + sweep!.delay).toBeLessThanOrEqual(Date.now() + 1000);
    // one recovery however many workers saw it
    await new Promise((r) => setTimeout(r, 500));
    expect(await recoveryJobs()).toHaveLength(1);
    expect(took).toBeLessThan(5_000);
    for (const w of watches.splice(0)) w.stop();
  }, 30_000);

  it('a FLUSHALL without a reconnect is noticed by the periodic check', async () => {
    const w = watch(300);
    await w.check('start');
    expect(await allBack()).toBe(true);
    const probe = spawn('redis-cli', ['-p', String(port), 'FLUSHALL'], { stdio: 'ignore' });
    await new Promise((r) => probe.once('exit', r));
    await waitFor(allBack, 5_000, 'schedules back after FLUSHALL');
    await waitFor(async () => (await recoveryJobs()).length === 1, 5_000, 'the recovery job');
  }, 30_000);
});
