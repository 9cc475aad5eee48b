// What the send engine needs from the process that runs it, and nothing more: an SMTP
// transport (one pooled transport per source IP in the worker), a clock, a queue to hand
// follow-up work to, a logger, the Redis connection of the shaping counters and the
// process-local shaping state. The worker supplies the real one (apps/worker/src/sending/
// runtime.ts); tests can supply an in-process one, so every rule in core/sending is
// testable without sockets.
import type { Redis } from 'ioredis';
import type { SendResult } from '@rundbrief/mailer/transport/pool';
import type { DomainGate, DomainLimit } from './limits.ts';
import type { PoolIp } from './pool-select.ts';

export type { SendResult };

/**
 * Hands one prebuilt, signed message to a receiving server from the given source IP. Never
 * throws for SMTP outcomes. `beforeTransaction` runs once a connection is ready, right before
 * MAIL FROM: false cancels (result kind 'cancelled'), an error is rethrown; nothing is sent then.
 */
export type SmtpTransport = {
  send(ip: PoolIp, envelope: { from: string; to: string }, raw: Buffer, beforeTransaction?: () => boolean | Promise<boolean>): Promise<SendResult>;
};

export type SendClock = {
  now(): number;
  sleep(ms: number): Promise<void>;
};

/** Adds a job to the send queue (the worker: BullMQ `getQueue(QUEUES.send).add`). */
export type SendEnqueue = (name: string, payload: unknown, opts: { jobId: string; delay: number; priority?: number }) => Promise<unknown>;

export type SendLogger = {
  info(msg: string): void;
  error(msg: string): void;
};

export type SendRuntime = {
  transport: SmtpTransport;
  clock: SendClock;
  enqueue: SendEnqueue;
  log: SendLogger;
  redis: Redis;
  /** Key prefix of the shaping counters in Redis. */
  prefix: string;
  gate: DomainGate;
  domainLimits: Record<string, DomainLimit>;
  /** Transactions in flight per SendingIp id (this process). */
  inFlight: Map<string, number>;
  /** Sending processes alive platform-wide (each takes its share of per-domain session limits). */
  liveSenders: number;
  /** IPs blocked per recipient domain, re-read from Redis at most once a second. */
  blockCache: Map<string, { at: number; ids: Set<string> }>;
  /**
   * The pool's IPs. A changed pool must come back as a new array, never the old one edited:
   * the IP ranking per domain is remembered per array (pool-select.ts pickIpFor). A cached
   * list may come back as the array itself (no promise, no microtask per message).
   */
  sendingIps(): PoolIp[] | Promise<PoolIp[]>;
  /** Drops the cached IP list: the next sendingIps() reads the table. */
  forgetSendingIps(): void;
};

export const systemClock: SendClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))),
};
