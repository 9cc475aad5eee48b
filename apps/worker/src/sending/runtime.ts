// Wiring of the send engine (packages/core/src/sending) into the worker process: the
// transport pool (one pooled SMTP transport per source IP and next hop), the Redis
// connection for shaping counters, the per-domain session gate, the send queue, the clock
// and the logger, plus a short-lived cache of the SendingIp table (operators change it
// rarely; 10 s staleness is fine, a LISTED IP also gets skipped by its block keys at once),
// re-read whenever a campaign starts in this process, so an IP added or disabled just
// before is honoured. No restart is needed for IP changes: transports are made per IP on
// first use. Every rule lives in core; this file only builds the parts.
import { randomBytes } from 'node:crypto';
import { coreEnv, createRedis, enqueue, type SendBatchPayload } from '@rundbrief/core';
import { sendingEnv } from '@rundbrief/core/sending/env';
import { DomainGate, parseDomainLimits, registerSender, unregisterSender } from '@rundbrief/core/sending/limits';
import type { PoolIp } from '@rundbrief/core/sending/pool-select';
import { systemClock, type SendRuntime } from '@rundbrief/core/sending/runtime';
import { getDb } from '@rundbrief/db';
import { TransportPool } from '@rundbrief/mailer/transport/pool';
import { parseStaticRoutes } from '@rundbrief/mailer/transport/routes';

export type WorkerSendRuntime = SendRuntime & { pool: TransportPool; close(): Promise<void> };

let runtime: WorkerSendRuntime | undefined;

export function getSendRuntime(): WorkerSendRuntime {
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
  let reading: Promise<PoolIp[]> | undefined;
  const senderId = `${process.pid}:${randomBytes(4).toString('hex')}`;
  const prefix = `${coreEnv().QUEUE_PREFIX}:send`;
  const register = () => registerSender(redis, prefix, senderId).then((n) => { if (runtime) runtime.liveSenders = n; }, () => {});
  const registration = setInterval(register, 15_000);
  registration.unref();
  void register();
  runtime = {
    pool,
    transport: pool,
    clock: systemClock,
    enqueue: (name, payload, opts) => enqueue('sendBatch', payload as SendBatchPayload, { ...opts, name }),
    log: {
      info: (msg) => console.log(`[send] ${msg}`),
      error: (msg) => console.error(`[send] ${msg}`),
    },
    redis,
    prefix,
    liveSenders: 1,
    gate: new DomainGate(),
    domainLimits: parseDomainLimits(env.DOMAIN_LIMITS),
    inFlight: new Map(),
    blockCache: new Map(),
    sendingIps() {
      // A fresh cache answers synchronously: this runs once per message.
      if (cache && Date.now() - cache.at <= 10_000) return cache.ips;
      // One read for every sender that finds the cache stale (a campaign's start found it
      // empty in all its senders at once: 75 reads of the table in a 20,000-mail bench).
      if (!reading) {
        const read = getDb().sendingIp.findMany({ orderBy: { address: 'asc' } }).then((ips) => {
          if (reading === read) cache = { at: Date.now(), ips };
          return ips;
        }).finally(() => {
          if (reading === read) reading = undefined;
        });
        reading = read;
      }
      return reading;
    },
    forgetSendingIps() {
      cache = undefined;
      reading = undefined;
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
