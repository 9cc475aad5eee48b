// One pooled SMTP transport per (source IP, next hop). Each is bound to its SendingIp with
// `localAddress` and introduces itself with that IP's HELO name, so the receiver sees a
// consistent IP + forward/reverse-matching name. Messages are sent prebuilt (`raw`): the
// envelope names exactly one recipient, never Cc/Bcc. Pipelining is never required: the
// nodemailer client works against servers that do not offer it.
import nodemailer, { type Transporter } from 'nodemailer';
import { resolveRoute, type RouteConfig, type NextHop } from './routes.ts';

export type SourceIp = { id: string; address: string; heloName: string };

export type PoolConfig = RouteConfig & {
  /** Concurrent SMTP connections per (IP, next hop). */
  maxConnectionsPerIp: number;
  /** Domains that must be delivered over TLS (the send fails rather than going in clear). */
  requireTlsDomains: string[];
  /** Validate certificates of servers we require TLS for (on by default). */
  verifyRequiredTls: boolean;
  connectionTimeoutMs: number;
};

export type SendResult =
  | { ok: true; code: number; response: string }
  | { ok: false; kind: 'reply'; code: number; response: string }
  /** No SMTP reply (refused, reset, timeout, TLS): retry on another IP. */
  | { ok: false; kind: 'connection'; code: null; response: string };

type SmtpError = Error & { responseCode?: number; response?: string; code?: string };

export class TransportPool {
  private transports = new Map<string, Transporter>();

  constructor(private readonly config: PoolConfig) {}

  private transportFor(ip: SourceIp, hop: NextHop, requireTls: boolean): Transporter {
    const key = `${ip.address}|${hop.host}:${hop.port}|${requireTls ? 'tls' : ''}`;
    let t = this.transports.get(key);
    if (!t) {
      t = nodemailer.createTransport({
        pool: true,
        host: hop.host,
        port: hop.port,
        secure: hop.secure,
        auth: hop.auth,
        localAddress: ip.address,
        name: ip.heloName,
        maxConnections: this.config.maxConnectionsPerIp,
        maxMessages: Number.MAX_SAFE_INTEGER,
        // Opportunistic STARTTLS (RFC 7435): used when offered without insisting on a valid
        // certificate; domains on the require list get requireTLS with verification.
        requireTLS: requireTls,
        tls: { rejectUnauthorized: requireTls && this.config.verifyRequiredTls, servername: hop.host },
        connectionTimeout: this.config.connectionTimeoutMs,
        greetingTimeout: this.config.connectionTimeoutMs,
        socketTimeout: this.config.connectionTimeoutMs * 2,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      this.transports.set(key, t);
    }
    return t;
  }

  /** Sends one prebuilt message to one recipient from `ip`. Never throws for SMTP outcomes. */
  async send(ip: SourceIp, envelope: { from: string; to: string }, raw: Buffer): Promise<SendResult> {
    const domain = envelope.to.slice(envelope.to.lastIndexOf('@') + 1).toLowerCase();
    let hop: NextHop;
    try {
      hop = await resolveRoute(this.config, domain);
    } catch (err) {
      return { ok: false, kind: 'connection', code: null, response: `route: ${(err as Error).message}` };
    }
    const requireTls = this.config.requireTlsDomains.includes(domain);
    try {
      const info = await this.transportFor(ip, hop, requireTls).sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw });
      const response = String(info.response ?? '250 OK');
      return { ok: true, code: Number(response.slice(0, 3)) || 250, response };
    } catch (e) {
      const err = e as SmtpError;
      if (err.responseCode && err.responseCode >= 400) {
        return { ok: false, kind: 'reply', code: err.responseCode, response: err.response ?? err.message };
      }
      return { ok: false, kind: 'connection', code: null, response: `${err.code ?? 'ERROR'}: ${err.message}` };
    }
  }

  close(): void {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}
