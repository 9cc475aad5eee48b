import { describe, expect, it } from 'vitest';
import { domainSessionShare, limitFor, parseDomainLimits, warmupCap } from './limits.ts';
import { pickIp, pickIpFor, rankIpsForDomain, type PoolIp } from './pool-select.ts';
import { deferOrFail } from './outcomes.ts';

const ip = (id: string, status = 'ACTIVE'): PoolIp => ({ id, address: `127.0.0.${id}`, heloName: `mta${id}`, status, dailyLimit: null, warmupStartedAt: null });
const pool = ['2', '3', '4', '5', '6', '7'].map((id) => ip(id));

describe('source IP selection', () => {
  it('never picks LISTED or DISABLED IPs, or IPs blocked for the domain', () => {
    const ips = [ip('2', 'LISTED'), ip('3', 'DISABLED'), ip('4'), ip('5')];
    const ranked = rankIpsForDomain(ips, 'gmail.com', new Set(['4']));
    expect(ranked.map((i) => i.id)).toEqual(['5']);
  });

  it('keeps a domain on the same IPs and spreads different domains over the pool', () => {
    const first = (d: string) => rankIpsForDomain(pool, d)[0]!.id;
    expect(first('gmail.com')).toBe(first('gmail.com'));
    const used = new Set(Array.from({ length: 60 }, (_, i) => first(`d${i}.example`)));
    expect(used.size).toBeGreaterThanOrEqual(5);
  });

  it('among the top two for a domain, the less busy IP wins', () => {
    const ranked = rankIpsForDomain(pool, 'web.de');
    const [a, b] = ranked;
    expect(pickIp(ranked, new Map([[a!.id, 5], [b!.id, 1]]))!.id).toBe(b!.id);
    expect(pickIp(ranked, new Map())!.id).toBe(a!.id);
  });

  it('the remembered ranking picks exactly like ranking per message, with exclusions and load', () => {
    const ips = [ip('2', 'LISTED'), ...pool];
    for (let d = 0; d < 40; d++) {
      const domain = `d${d}.example`;
      const ranked = rankIpsForDomain(ips, domain);
      const excluded = new Set(ranked.slice(0, d % 3).map((i) => i.id));
      const inFlight = new Map(ranked.map((i, n) => [i.id, (n * 7 + d) % 4]));
      expect(pickIpFor(ips, domain, excluded, inFlight)?.id).toBe(pickIp(rankIpsForDomain(ips, domain, excluded), inFlight)?.id);
    }
    // every IP excluded: none
    expect(pickIpFor(pool, 'x.example', new Set(pool.map((i) => i.id)), new Map())).toBeUndefined();
    // a new IP list (the runtime reloads it) is ranked anew: a LISTED IP is never picked
    const listed = pool.map((i) => ({ ...i, status: 'LISTED' }));
    expect(pickIpFor(listed, 'd1.example', new Set(), new Map())).toBeUndefined();
  });
});

describe('limits', () => {
  it('warm-up cap doubles daily from the configured start', () => {
    const start = new Date('2026-11-01T00:00:00Z');
    expect(warmupCap({ dailyLimit: 500, warmupStartedAt: start }, new Date('2026-11-01T12:00:00Z'))).toBe(500);
    expect(warmupCap({ dailyLimit: 500, warmupStartedAt: start }, new Date('2026-11-04T12:00:00Z'))).toBe(4000);
    expect(warmupCap({ dailyLimit: null, warmupStartedAt: start })).toBeNull();
  });

  it('large providers have their own limits; the table is configurable', () => {
    const t = parseDomainLimits('{"gmail.com":{"perMinute":100,"connections":2},"*":{"perMinute":0,"connections":20}}');
    expect(limitFor(t, 'gmail.com')).toEqual({ perMinute: 100, connections: 2 });
    expect(limitFor(t, 't-online.de')).toEqual({ perMinute: 600, connections: 3 });
    expect(limitFor(t, 'small.example')).toEqual({ perMinute: 0, connections: 20 });
    expect(() => parseDomainLimits('{"x":{"perMinute":-1}}')).toThrow();
  });
});

describe('retry backoff', () => {
  it('grows per attempt and fails (soft) past the deadline', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const created = new Date(now.getTime() - 1000);
    const d1 = deferOrFail({ firstAttemptAt: created, attempts: 1 }, now);
    const d3 = deferOrFail({ firstAttemptAt: created, attempts: 3 }, now);
    expect(d1.status).toBe('DEFERRED');
    expect(d3.nextAttemptAt!.getTime() - now.getTime()).toBe(4 * (d1.nextAttemptAt!.getTime() - now.getTime()));
    const old = new Date(now.getTime() - 73 * 3600_000);
    expect(deferOrFail({ firstAttemptAt: old, attempts: 1 }, now)).toEqual({ status: 'FAILED', nextAttemptAt: null });
  });

  it('counts the deadline from the first attempt, not from the snapshot: a first try after days in the queue is retried', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(deferOrFail({ firstAttemptAt: null, attempts: 1 }, now).status).toBe('DEFERRED');
    expect(deferOrFail({ firstAttemptAt: new Date(now.getTime() - 3600_000), attempts: 2 }, now).status).toBe('DEFERRED');
  });
});

describe('per-domain session limits across worker processes', () => {
  it('each live sending process takes an equal share, never less than one', () => {
    expect(domainSessionShare(10, 1)).toBe(10);
    expect(domainSessionShare(10, 3)).toBe(3);
    expect(domainSessionShare(3, 5)).toBe(1);
    expect(domainSessionShare(10, 0)).toBe(10);
  });
});
