// One connection pool per (source IP, next hop), over SMTP sessions (session.ts: the lean
// client by default, nodemailer's SMTPConnection selectable) with our own pooling: messages
// go out prebuilt and signed. Each connection is bound to its SendingIp with `localAddress`
// and introduces itself with that IP's HELO name. One recipient per transaction, never
// Cc/Bcc. PIPELINING is used when offered and never required. STARTTLS is used when
// offered (RFC 7435, without insisting on a valid certificate), and required with a
// verified certificate for the configured domains.
//
// The one outcome a retry must never follow: the connection died after the whole message
// was handed to the server. The receiver may have accepted it, so the result is `unknown`
// (the message is listed as AMBIGUOUS, never resent blindly).
import net from 'node:net';
import { openSession, type SessionOptions, type SmtpEngine, type SmtpError, type SmtpSession } from './session.ts';
import { NullMxError, PrivateMxError, fixedRoutes, resolveRoutes, type RouteConfig, type NextHop } from './routes.ts';

export type SourceIp = { id: string; address: string; heloName: string };

export type PoolConfig = RouteConfig & {
  /** Concurrent SMTP connections per (IP, next hop). */
  maxConnectionsPerIp: number;
  /** Domains that must be delivered over TLS (the send fails rather than going in clear). */
  requireTlsDomains: string[];
  /** Validate certificates of servers we require TLS for (on by default). */
  verifyRequiredTls: boolean;
  connectionTimeoutMs: number;
  /** Transactions per connection before it is replaced (default 100). */
  maxMessagesPerConnection?: number;
  /** An unused connection is closed after this long (default 15 s). */
  idleTimeoutMs?: number;
  /** SMTP client engine (session.ts): 'lean' (default) or 'nodemailer'. */
  engine?: SmtpEngine;
};

export type SendResult =
  | { ok: true; code: number; response: string }
  /** `stage` 'mail': the server refused our sender (MAIL FROM or the session), not the recipient. */
  | { ok: false; kind: 'reply'; code: number; response: string; stage?: 'mail' | 'rcpt' | 'data' }
  /** No SMTP reply before the message was handed over (refused, reset, timeout, TLS): retry on another IP. */
  | { ok: false; kind: 'connection'; code: null; response: string }
  /** The connection was lost after the whole message was sent: it may have been accepted. */
  | { ok: false; kind: 'unknown'; code: null; response: string }
  /** `beforeTransaction` said no: nothing was sent (the connection is kept for others). */
  | { ok: false; kind: 'cancelled'; code: null; response: string };

const stageOf = (err: SmtpError) => (err.command === 'MAIL FROM' ? 'mail' : err.command === 'RCPT TO' ? 'rcpt' : 'data') as 'mail' | 'rcpt' | 'data';
type Slot = { session: SmtpSession; messages: number; idleSince: number };

const errText = (err: SmtpError) => `${err.code ?? 'ERROR'}: ${err.message}`;

/** The connections of one (source IP, next hop, TLS policy). */
class HostPool {
  private idle: Slot[] = [];
  private total = 0;
  private waiters: { resolve: (s: Slot) => void; reject: (e: Error) => void }[] = [];

  constructor(
    private readonly engine: SmtpEngine,
    private readonly opts: SessionOptions,
    private readonly max: number,
    private readonly maxMessages: number,
  ) {}

  get size() {
    return this.total;
  }

  /** An idle live session, taken without a promise (once per message), else undefined. */
  takeIdle(): Slot | undefined {
    while (this.idle.length) {
      const slot = this.idle.pop()!;
      if (!slot.session.dead) return slot;
      this.total--;
    }
    return undefined;
  }

  acquire(): Promise<Slot> {
    const idle = this.takeIdle();
    if (idle) return Promise.resolve(idle);
    if (this.total < this.max) {
      this.total++;
      return openSession(this.engine, this.opts).then(
        (session) => ({ session, messages: 0, idleSince: 0 }),
        (err) => {
          this.total--;
          this.wakeOne();
          throw err;
        },
      );
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Hands the slot back (or closes it) and serves the next waiter: true when one took it. */
  release(slot: Slot, reusable: boolean): boolean {
    slot.messages++;
    if (!reusable || slot.session.dead || slot.messages >= this.maxMessages) {
      if (!slot.session.dead) slot.session.quit();
      this.total--;
      this.wakeOne();
      return false;
    }
    const w = this.waiters.shift();
    if (w) {
      w.resolve(slot);
      return true;
    }
    slot.idleSince = Date.now();
    this.idle.push(slot);
    return false;
  }

  /** Whether a slot may be handed on before its final reply (not when it is due to close). */
  mayHandOff(slot: Slot): boolean {
    return !slot.session.dead && slot.messages + 1 < this.maxMessages;
  }

  /** A waiter gets a fresh connection when one closed. */
  private wakeOne(): void {
    const w = this.waiters.shift();
    if (!w) return;
    this.acquire().then(w.resolve, w.reject);
  }

  closeIdle(olderThan: number): void {
    const keep: Slot[] = [];
    for (const s of this.idle) {
      // (a session handed on before its final reply is not idle until that reply is in)
      if (s.session.dead || (s.idleSince < olderThan && s.session.pending === 0)) {
        if (!s.session.dead) s.session.quit();
        this.total--;
      } else keep.push(s);
    }
    this.idle = keep;
  }

  close(): void {
    for (const s of this.idle) s.session.close();
    this.total -= this.idle.length;
    this.idle = [];
    for (const w of this.waiters.splice(0)) w.reject(new Error('transport pool closed'));
  }
}

export class TransportPool {
  private pools = new Map<string, HostPool>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly config: PoolConfig) {}

  private poolFor(ip: SourceIp, hop: NextHop, requireTls: boolean): HostPool {
    const key = `${ip.address}|${hop.host}:${hop.port}|${requireTls ? 'tls' : ''}`;
    let p = this.pools.get(key);
    if (!p) {
      p = new HostPool(this.config.engine ?? 'lean', {
        host: hop.host,
        port: hop.port,
        secure: hop.secure,
        localAddress: ip.address,
        name: ip.heloName,
        requireTLS: requireTls,
        rejectUnauthorized: requireTls && this.config.verifyRequiredTls,
        // MX hops are addresses; the MX name (hop.servername) is what the certificate names.
        servername: hop.servername ?? (net.isIP(hop.host) ? undefined : hop.host),
        auth: hop.auth,
        timeoutMs: this.config.connectionTimeoutMs,
      }, Math.max(1, this.config.maxConnectionsPerIp), this.config.maxMessagesPerConnection ?? 100);
      this.pools.set(key, p);
      this.startSweeper();
    }
    return p;
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    const idle = this.config.idleTimeoutMs ?? 15_000;
    this.sweeper = setInterval(() => {
      for (const p of this.pools.values()) p.closeIdle(Date.now() - idle);
    }, Math.min(idle, 5_000));
    this.sweeper.unref();
  }

  /**
   * Sends one prebuilt message to one recipient from `ip`. Never throws for SMTP outcomes.
   * `beforeTransaction` runs once a connection is ready, right before MAIL FROM (the caller
   * records that the message is being handed over); false cancels, an error is rethrown, and
   * in both cases nothing of the message was sent.
   */
  async send(ip: SourceIp, envelope: { from: string; to: string }, raw: Buffer, beforeTransaction?: () => boolean | Promise<boolean>): Promise<SendResult> {
    const domain = envelope.to.slice(envelope.to.lastIndexOf('@') + 1).toLowerCase();
    let hops: NextHop[];
    try {
      hops = fixedRoutes(this.config, domain) ?? await resolveRoutes(this.config, domain);
    } catch (err) {
      // RFC 7505 3.3 / 4.2: a null MX domain is a permanent failure, 556 5.1.10.
      if (err instanceof NullMxError) return { ok: false, kind: 'reply', code: 556, response: `556 5.1.10 ${err.message}` };
      // MX pointing into a private network: permanent, "unable to route" (RFC 3463 5.4.4).
      if (err instanceof PrivateMxError) return { ok: false, kind: 'reply', code: 550, response: `550 5.4.4 ${err.message}` };
      // The recipient's domain does not exist (NXDOMAIN): permanent, as MTAs treat it (5.1.2).
      if ((err as SmtpError).code === 'ENOTFOUND') return { ok: false, kind: 'reply', code: 550, response: `550 5.1.2 ${(err as Error).message}`, stage: 'rcpt' };
      return { ok: false, kind: 'connection', code: null, response: `route: ${(err as Error).message}` };
    }
    const requireTls = this.config.requireTlsDomains.includes(domain);
    let hostPool: HostPool | undefined;
    let acquired: Slot | undefined;
    let failure = '';
    // RFC 5321 5.1: an MX (or address) that cannot be reached hands over to the next one.
    for (const hop of hops) {
      hostPool = this.poolFor(ip, hop, requireTls);
      try {
        acquired = hostPool.takeIdle() ?? await hostPool.acquire();
        break;
      } catch (e) {
        const err = e as SmtpError;
        // A greeting answered with 4xx/5xx is the receiver's reply. A failed STARTTLS or
        // AUTH is ours (policy, credentials), never the recipient's: no bounce.
        if (err.responseCode && err.responseCode >= 400 && err.code !== 'ETLS' && err.code !== 'EAUTH') {
          return { ok: false, kind: 'reply', code: err.responseCode, response: err.response ?? err.message };
        }
        failure = `${errText(err)}${err.response ? ` (${err.response})` : ''}`;
      }
    }
    if (!hostPool || !acquired) return { ok: false, kind: 'connection', code: null, response: failure };
    const pool = hostPool;
    const slot = acquired;
    if (beforeTransaction) {
      let go: boolean;
      try {
        const answer = beforeTransaction();
        go = typeof answer === 'boolean' ? answer : await answer;
      } catch (err) {
        pool.release(slot, true);
        throw err;
      }
      if (!go) {
        pool.release(slot, true);
        return { ok: false, kind: 'cancelled', code: null, response: 'cancelled before the transaction' };
      }
    }
    // Once the whole message is written the session may carry the next transaction while
    // this one's final reply is on its way (pipelined; the replies come back in order).
    let handedOn = false;
    try {
      // (an unnamed function: tsx names a named closure with a property definition, per message)
      const response = await slot.session.send(envelope, raw, () => {
        if (!pool.mayHandOff(slot)) return false;
        handedOn = true;
        return pool.release(slot, true);
      });
      if (!handedOn) pool.release(slot, true);
      return { ok: true, code: Number(response.slice(0, 3)) || 250, response };
    } catch (e) {
      const err = e as SmtpError;
      if (handedOn) {
        // The session is someone else's now; this transaction ended with the data: no RSET.
        if (err.responseCode && err.responseCode >= 400) return { ok: false, kind: 'reply', code: err.responseCode, response: err.response ?? err.message, stage: 'data' };
        return { ok: false, kind: 'unknown', code: null, response: `connection lost after the message was sent (${errText(err)})` };
      }
      if (err.responseCode && err.responseCode >= 400) {
        // The server refused: end the transaction (RSET) and keep the session if it agrees.
        if (slot.session.dead) pool.release(slot, false);
        else slot.session.reset().then(() => pool.release(slot, true), () => pool.release(slot, false));
        return { ok: false, kind: 'reply', code: err.responseCode, response: err.response ?? err.message, stage: stageOf(err) };
      }
      pool.release(slot, false);
      // Handed over = the envelope was accepted and the whole message written: it may have arrived.
      if (err.handedOver) return { ok: false, kind: 'unknown', code: null, response: `connection lost after the message was sent (${errText(err)})` };
      return { ok: false, kind: 'connection', code: null, response: errText(err) };
    }
  }

  /** Open connections per pool key (for the operator page and tests). */
  stats(): Record<string, number> {
    return Object.fromEntries([...this.pools].map(([k, p]) => [k, p.size]));
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const p of this.pools.values()) p.close();
    this.pools.clear();
  }
}
