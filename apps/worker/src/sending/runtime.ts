// Process-wide sending state: the transport pool (one pooled transport per source IP and
// next hop), the Redis connection for shaping counters, the per-domain session gate and a
// short-lived cache of the SendingIp table (operators change it rarely; 10 s staleness is
// fine, a LISTED IP also gets skipped by its block keys at once), re-read whenever a
// campaign starts in this process, so an IP added or disabled just before is honoured.
// No restart is needed for IP changes: transports are made per IP on first use.
import type { Redis } from 'ioredis';
import { coreEnv, createRedis } from '@rundbrief/core';
import { sendingEnv } from '@rundbrief/core/sending/env';
import { DomainGate, parseDomainLimits, registerSender, unregisterSender, type DomainLimit } from '@rundbrief/core/sending/limits';
import { randomBytes } from 'node:crypto';
import type { PoolIp } from '@rundbrief/core/sending/pool-select';
import { getDb } from '@rundbrief/db';
import { TransportPool } from '@rundbrief/mailer/transport/pool';
import { parseStaticRoutes } from '@rundbrief/mailer/transport/routes';

export type SendRuntime = {
  pool: TransportPool;
  redis: Redis;
  prefix: string;
  gate: DomainGate;
  domainLimits: Record<string, DomainLimit>;
  inFlight: Map<string, number>;
  /** Sending processes alive platform-wide (each takes its share of per-domain session limits). */
  liveSenders: number;
  /** IPs blocked per recipient domain, re-read from Redis at most once a second. */
  blockCache: Map<string, { at: number; ids: Set<string> }>;
  sendingIps(): Promise<PoolIp[]>;
  /** Drops the cached IP list: the next sendingIps() reads the table. */
  forgetSendingIps(): void;
  close(): Promise<void>;
};

let runtime: SendRuntime | undefined;

export function getSendRuntime(): SendRuntime {
  if (runtime) return runtime;
  const env = sendingEnv();
  const pool = new TransportPool({
    mode: env.DELIVERY_MODE,
    relayUrl: env.SMTP_RELAY_URL,
    staticRoutes: parseStaticRoutes(env.DELIVERY_ROUTES),
    dnsResolver: env.DNS_RESOLVER || undefined,
    mxPort: env.SMTP_MX_PORT || 25,
    allowPrivateMx: env.MX_ALLOW_PRIVATE,
    engine: env.SMTP_CLIENT,
    maxConnectionsPerIp: env.SMTP_MAX_CONNECTIONS_PER_IP || 5,
    requireTlsDomains: env.SMTP_REQUIRE_TLS_DOMAINS.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean),
    verifyRequiredTls: true,
    connectionTimeoutMs: env.SMTP_TIMEOUT_MS,
  });
  const redis = createRedis('producer', undefined, { enableOfflineQueue: true, maxRetriesPerRequest: 3 });
  let cache: { at: number; ips: PoolIp[] } | undefined;
  const senderId = `${process.pid}:${randomBytes(4).toString('hex')}`;
  const prefix = `${coreEnv().QUEUE_PREFIX}:send`;
  const register = () => registerSender(redis, prefix, senderId).then((n) => { if (runtime) runtime.liveSenders = n; }, () => {});
  const registration = setInterval(register, 15_000);
  registration.unref();
  void register();
  runtime = {
    pool,
    redis,
    prefix,
    liveSenders: 1,
    gate: new DomainGate(),
    domainLimits: parseDomainLimits(env.DOMAIN_LIMITS),
    inFlight: new Map(),
    blockCache: new Map(),
    async sendingIps() {
      if (!cache || Date.now() - cache.at > 10_000) {
        const ips = await getDb().sendingIp.findMany({ orderBy: { address: 'asc' } });
        cache = { at: Date.now(), ips };
      }
      return cache.ips;
    },
    forgetSendingIps() {
      cache = undefined;
    },
    async close() {
      clearInterval(registration);
      await unregisterSender(redis, prefix, senderId).catch(() => {});
      pool.close();
      redis.disconnect();
      runtime = undefined;
    },
  };
  return runtime;
}
