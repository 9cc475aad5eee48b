// The per-domain list of blocked IPs (deliver.ts) against real Redis: re-read at most once a
// second per process, and senders that find it stale at the same time share one read.
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/redis.ts';
import { deliver } from '../../src/sending/deliver.ts';
import { blockIpForDomain, DomainGate } from '../../src/sending/limits.ts';
import type { PoolIp } from '../../src/sending/pool-select.ts';
import type { SendRuntime } from '../../src/sending/runtime.ts';

const redis = createRedis('producer', undefined, { enableOfflineQueue: true, maxRetriesPerRequest: 3 });
afterAll(() => redis.disconnect());

const IPS: PoolIp[] = [
  { id: 'ip-1', address: '127.0.0.2', heloName: 'mta1.test', status: 'ACTIVE', dailyLimit: null, warmupStartedAt: null },
  { id: 'ip-2', address: '127.0.0.3', heloName: 'mta2.test', status: 'ACTIVE', dailyLimit: null, warmupStartedAt: null },
];

function runtime() {
  let now = Date.now();
  let mgets = 0;
  // the real client, with its MGETs counted
  const counted = new Proxy(redis, {
    get(target, prop, receiver) {
      if (prop === 'mget') return (...args: unknown[]) => { mgets++; return (target.mget as (...a: unknown[]) => unknown)(...args); };
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const used: string[] = [];
  const rt: SendRuntime = {
    transport: {
      async send(ip) {
        used.push(ip.address);
        return { ok: true, code: 250, response: '250 ok' };
      },
    },
    clock: { now: () => now, sleep: async (ms) => { now += ms; } },
    enqueue: async () => {},
    log: { info: () => {}, error: () => {} },
    redis: counted,
    prefix: `${process.env.QUEUE_PREFIX}:blockcache:${Math.random().toString(36).slice(2, 8)}`,
    gate: new DomainGate(),
    domainLimits: { '*': { perMinute: 0, connections: 100 } },
    inFlight: new Map(),
    liveSenders: 1,
    blockCache: new Map(),
    sendingIps: async () => IPS,
    forgetSendingIps: () => {},
  };
  return { rt, used, mgets: () => mgets, advance: (ms: number) => { now += ms; } };
}

describe('blocked IPs per recipient domain', () => {
  it('senders finding the entry stale at once share one read; it is read again after a second, and a block set meanwhile is honoured', async () => {
    const { rt, used, mgets, advance } = runtime();
    const send = (i: number) => deliver(rt, { from: 'b@bounce.test', to: `u${i}@shared.example` }, Buffer.from('x'), null);
    expect((await Promise.all(Array.from({ length: 10 }, (_, i) => send(i)))).every((r) => r.kind === 'delivered')).toBe(true);
    expect(mgets()).toBe(1);
    await send(10);
    expect(mgets()).toBe(1);
    // another process blocks ip-1 for the domain: seen once the entry is older than a second
    await blockIpForDomain(redis, rt.prefix, 'ip-1', 'shared.example', 60, '554 blocked');
    advance(1001);
    used.length = 0;
    await Promise.all(Array.from({ length: 5 }, (_, i) => send(20 + i)));
    expect(mgets()).toBe(2);
    expect(new Set(used)).toEqual(new Set(['127.0.0.3']));
  });
});
