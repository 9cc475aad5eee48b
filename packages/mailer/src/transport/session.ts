// An SMTP session as the transport pool uses it: open (greeting, EHLO, STARTTLS, AUTH), then
// any number of single-recipient transactions with prebuilt messages. Two engines:
//  - `lean` (default for sending): a minimal client for exactly this job. Measured on the
//    send benchmark's sink: 108 us of client CPU per 30 KB message against 355 us through
//    nodemailer's SMTPConnection, whose generic per-byte data stream (dot-stuffing and
//    line-ending repair of arbitrary input in JavaScript) is most of the difference. Our
//    messages are built CRLF-clean, so dot-stuffing is a native Buffer.indexOf scan.
//  - `nodemailer`: nodemailer's SMTPConnection, the reference implementation; the same
//    contract tests run against both (SMTP_CLIENT=nodemailer switches).
// PIPELINING (RFC 2920) is used when offered and never required. Opportunistic STARTTLS
// (RFC 7435) unless TLS is required for the domain; then the certificate may be verified.
import net from 'node:net';
import tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export type SessionOptions = {
  host: string;
  port: number;
  /** Implicit TLS (smtps, port 465). */
  secure: boolean;
  localAddress: string;
  /** EHLO name. */
  name: string;
  requireTLS: boolean;
  rejectUnauthorized: boolean;
  servername?: string;
  auth?: { user: string; pass: string };
  timeoutMs: number;
};

export type SmtpError = Error & { code?: string; responseCode?: number; response?: string; command?: string; handedOver?: boolean };

export interface SmtpSession {
  dead: boolean;
  /** Replies still awaited (a transaction handed on before its final reply). */
  readonly pending: number;
  /**
   * Resolves with the server's reply to the message; rejects with an SmtpError.
   * `handOff` (PIPELINING only): called once the whole message is written, before its
   * final reply; the session may then carry the next transaction, whose commands follow
   * the end of data (RFC 2920 3.1). It returns true when a next sender took the session:
   * its MAIL/RCPT/DATA, written in this same turn, then leave with the data in one write.
   */
  send(envelope: { from: string; to: string }, raw: Buffer, handOff?: () => boolean): Promise<string>;
  reset(): Promise<void>;
  quit(): void;
  close(): void;
}

export type SmtpEngine = 'lean' | 'nodemailer';

const smtpError = (message: string, fields: Partial<SmtpError>): SmtpError => Object.assign(new Error(message), fields);

// Constant pieces of the DATA stream, made once (the chunks are only read by the socket).
const DOT = Buffer.from('.');
const LF_DOT = Buffer.from('\n.');
const END_DATA = Buffer.from('.\r\n');
const CRLF_END_DATA = Buffer.from('\r\n.\r\n');

// ---------------------------------------------------------------------------------------
// lean engine

type Reply = { code: number; text: string };

class LeanSession implements SmtpSession {
  dead = false;
  private socket!: net.Socket;
  private buf = '';
  private lines: string[] = [];
  /** In reply order; a waiter may take several replies at once (the pipelined MAIL, RCPT, DATA: one promise). */
  private waiters: { n: number; got: Reply[]; resolve: (r: Reply[]) => void; reject: (e: SmtpError) => void }[] = [];
  private failure: SmtpError | null = null;
  private ext = new Set<string>();
  private authMechs = new Set<string>();

  constructor(private readonly o: SessionOptions) {}

  private attach(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(this.o.timeoutMs * 2);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('timeout', () => this.fail(smtpError('Timeout', { code: 'ETIMEDOUT' })));
    socket.on('error', (err: NodeJS.ErrnoException) => this.fail(smtpError(err.message, { code: 'ECONNECTION' })));
    socket.on('close', () => this.fail(smtpError('Connection closed unexpectedly', { code: 'ECONNECTION' })));
  }

  private onData(d: Buffer) {
    this.buf += d.toString('latin1');
    for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n')) {
      const line = this.buf.slice(0, i).replace(/\r$/, '');
      this.buf = this.buf.slice(i + 1);
      this.lines.push(line);
      // "250-..." continues a multi-line reply, "250 ..." (or a bare code) ends it.
      if (line.length >= 3 && line[3] !== '-') {
        const reply = { code: Number(line.slice(0, 3)) || 0, text: this.lines.join('\n') };
        this.lines = [];
        const w = this.waiters[0];
        if (w) {
          w.got.push(reply);
          if (w.got.length === w.n) {
            this.waiters.shift();
            w.resolve(w.got);
          }
        }
      }
    }
  }

  private fail(err: SmtpError) {
    if (this.dead) return;
    this.dead = true;
    this.failure = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
    this.socket?.destroy();
  }

  private reply(): Promise<Reply> {
    return this.replies(1).then((r) => r[0]!);
  }

  /** The next `n` replies, in one promise. */
  private replies(n: number): Promise<Reply[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ n, got: [], resolve, reject }));
  }

  private async command(line: string): Promise<Reply> {
    const r = this.reply();
    this.socket.write(`${line}\r\n`);
    return r;
  }

  private parseEhlo(text: string) {
    this.ext.clear();
    this.authMechs.clear();
    for (const l of text.split('\n').slice(1)) {
      const kw = l.slice(4).trim().toUpperCase();
      this.ext.add(kw.split(/[\s=]/)[0]!);
      if (/^AUTH[ =]/.test(kw)) for (const m of kw.slice(5).split(/\s+/)) this.authMechs.add(m);
    }
  }

  private async hello(): Promise<void> {
    const ehlo = await this.command(`EHLO ${this.o.name}`);
    if (ehlo.code === 250) return this.parseEhlo(ehlo.text);
    const helo = await this.command(`HELO ${this.o.name}`);
    if (helo.code !== 250) throw smtpError(`Greeting refused: ${helo.text}`, { code: 'EPROTOCOL', responseCode: helo.code, response: helo.text, command: 'HELO' });
    this.ext.clear();
  }

  async open(): Promise<void> {
    const { o } = this;
    const socket = o.secure
      ? tls.connect({ host: o.host, port: o.port, localAddress: o.localAddress, servername: o.servername, rejectUnauthorized: o.rejectUnauthorized } as tls.ConnectionOptions)
      : net.connect({ host: o.host, port: o.port, localAddress: o.localAddress });
    this.attach(socket);
    const timer = setTimeout(() => this.fail(smtpError(`Connection timeout (${o.host}:${o.port})`, { code: 'ETIMEDOUT' })), o.timeoutMs);
    try {
      const greeting = await this.reply();
      if (greeting.code !== 220) throw smtpError(`Greeting refused: ${greeting.text}`, { code: 'EPROTOCOL', responseCode: greeting.code, response: greeting.text, command: 'CONN' });
      await this.hello();
      if (!o.secure && (this.ext.has('STARTTLS') || o.requireTLS)) {
        if (!this.ext.has('STARTTLS')) throw smtpError(`${o.host} does not offer STARTTLS, which is required for this domain`, { code: 'ETLS' });
        const r = await this.command('STARTTLS');
        if (r.code === 220) await this.upgrade();
        else if (o.requireTLS) throw smtpError(`STARTTLS refused: ${r.text}`, { code: 'ETLS', response: r.text });
      }
      if (o.auth) await this.login(o.auth);
    } catch (err) {
      this.close();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async upgrade(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    plain.removeAllListeners('error');
    plain.removeAllListeners('close');
    const secured = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, servername: this.o.servername, rejectUnauthorized: this.o.rejectUnauthorized });
      s.once('secureConnect', () => resolve(s));
      s.once('error', (err) => reject(smtpError(`TLS: ${err.message}`, { code: 'ETLS' })));
    });
    this.attach(secured);
    await this.hello();
  }

  private async login(auth: { user: string; pass: string }): Promise<void> {
    const fail = (r: Reply) => smtpError(`Invalid login: ${r.text}`, { code: 'EAUTH', responseCode: r.code, response: r.text, command: 'AUTH' });
    if (this.authMechs.has('LOGIN') && !this.authMechs.has('PLAIN')) {
      let r = await this.command('AUTH LOGIN');
      if (r.code !== 334) throw fail(r);
      r = await this.command(Buffer.from(auth.user).toString('base64'));
      if (r.code !== 334) throw fail(r);
      r = await this.command(Buffer.from(auth.pass).toString('base64'));
      if (r.code !== 235) throw fail(r);
      return;
    }
    const r = await this.command(`AUTH PLAIN ${Buffer.from(`\0${auth.user}\0${auth.pass}`).toString('base64')}`);
    if (r.code !== 235) throw fail(r);
  }

  get pending(): number {
    let n = 0;
    for (const w of this.waiters) n += w.n - w.got.length;
    return n;
  }

  async send(envelope: { from: string; to: string }, raw: Buffer, handOff?: () => boolean): Promise<string> {
    if (this.dead) throw this.failure ?? smtpError('Connection closed', { code: 'ECONNECTION' });
    if (/[\r\n<>]/.test(envelope.from + envelope.to)) throw smtpError('Invalid envelope address', { code: 'EENVELOPE' });
    // SMTPUTF8 (RFC 6531) only for addresses that need it, and only if offered.
    const utf8 = /[^\x00-\x7f]/.test(envelope.from + envelope.to);
    if (utf8 && !this.ext.has('SMTPUTF8')) throw smtpError('The server does not accept internationalised addresses (no SMTPUTF8)', { code: 'EENVELOPE', responseCode: 553, response: '553 5.6.7 SMTPUTF8 not offered', command: 'RCPT TO' });
    const mail = `MAIL FROM:<${envelope.from}>${utf8 ? ' SMTPUTF8' : ''}`;
    const rcpt = `RCPT TO:<${envelope.to}>`;
    let mailR: Reply;
    let rcptR: Reply;
    let dataR: Reply;
    if (this.ext.has('PIPELINING')) {
      const replies = this.replies(3);
      this.socket.write(`${mail}\r\n${rcpt}\r\nDATA\r\n`);
      [mailR, rcptR, dataR] = (await replies) as [Reply, Reply, Reply];
    } else {
      mailR = await this.command(mail);
      if (mailR.code !== 250) throw this.refused(mailR, 'MAIL FROM');
      rcptR = await this.command(rcpt);
      if (rcptR.code !== 250 && rcptR.code !== 251) throw this.refused(rcptR, 'RCPT TO');
      dataR = await this.command('DATA');
    }
    const earlier = mailR.code !== 250 ? this.refused(mailR, 'MAIL FROM') : rcptR.code !== 250 && rcptR.code !== 251 ? this.refused(rcptR, 'RCPT TO') : null;
    if (dataR.code !== 354) throw earlier ?? this.refused(dataR, 'DATA');
    if (earlier) {
      // A server that accepts DATA without a recipient: end the empty message.
      await this.command('.');
      throw earlier;
    }
    const final = this.replies(1);
    this.writeData(raw, this.ext.has('PIPELINING') ? handOff : undefined);
    let r: Reply;
    try {
      [r] = (await final) as [Reply];
    } catch (err) {
      // The whole message went out: the server may have accepted it. A copy: the session's
      // failure is one error object, also given to a pipelined next transaction, whose
      // message was never sent.
      const e = err as SmtpError;
      throw smtpError(e.message, { code: e.code, responseCode: e.responseCode, response: e.response, command: e.command, handedOver: true });
    }
    if (r.code < 200 || r.code > 299) throw this.refused(r, 'DATA');
    return r.text;
  }

  /** Writes the message with RFC 5321 4.5.2 dot-stuffing and the terminating ".". */
  private writeData(raw: Buffer, handOff?: () => boolean) {
    const chunks: Buffer[] = [];
    let from = 0;
    if (raw[0] === 0x2e) {
      chunks.push(DOT);
    }
    for (let i = raw.indexOf(LF_DOT); i >= 0; i = raw.indexOf(LF_DOT, i + 2)) {
      chunks.push(raw.subarray(from, i + 1), DOT);
      from = i + 1;
    }
    chunks.push(raw.subarray(from));
    const endsWithCrlf = raw.length >= 2 && raw[raw.length - 2] === 13 && raw[raw.length - 1] === 10;
    chunks.push(endsWithCrlf ? END_DATA : CRLF_END_DATA);
    // One writev, no copy of the message.
    this.socket.cork();
    for (const c of chunks) this.socket.write(c);
    // Handed on to a waiting sender: its commands are written in this turn (microtasks),
    // so the socket stays corked until they are, and both leave in one write.
    if (handOff?.()) setImmediate(() => this.socket.uncork());
    else this.socket.uncork();
  }

  private refused(r: Reply, command: string): SmtpError {
    return smtpError(`${command} refused: ${r.text}`, { code: 'EENVELOPE', responseCode: r.code, response: r.text, command });
  }

  async reset(): Promise<void> {
    const r = await this.command('RSET');
    if (r.code !== 250) throw smtpError(`RSET refused: ${r.text}`, { code: 'EPROTOCOL', responseCode: r.code, response: r.text });
  }

  quit(): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.end('QUIT\r\n');
    this.socket.removeAllListeners('close');
    this.socket.on('error', () => {});
  }

  close(): void {
    this.fail(smtpError('Connection closed', { code: 'ECONNECTION' }));
  }
}

// ---------------------------------------------------------------------------------------
// nodemailer engine

type Conn = InstanceType<typeof SMTPConnection>;

class NodemailerSession implements SmtpSession {
  dead = false;
  /** Transactions are never handed on before their reply here. */
  readonly pending = 0;
  private conn!: Conn;

  constructor(private readonly o: SessionOptions) {}

  open(): Promise<void> {
    const o = this.o;
    return new Promise((resolve, reject) => {
      const conn = new SMTPConnection({
        host: o.host, port: o.port, secure: o.secure, localAddress: o.localAddress, name: o.name,
        requireTLS: o.requireTLS, opportunisticTLS: !o.requireTLS,
        tls: { rejectUnauthorized: o.rejectUnauthorized, ...(o.servername ? { servername: o.servername } : {}) },
        connectionTimeout: o.timeoutMs, greetingTimeout: o.timeoutMs, socketTimeout: o.timeoutMs * 2, logger: false,
      });
      this.conn = conn;
      // connect() reports a failed setup only as an 'error' event; afterwards errors just mark the session.
      conn.on('error', (err) => {
        this.dead = true;
        reject(err);
      });
      conn.on('end', () => {
        this.dead = true;
      });
      conn.connect((err?: Error | null) => {
        if (err) {
          this.dead = true;
          conn.close();
          return reject(err);
        }
        if (!o.auth) return resolve();
        conn.login({ credentials: { user: o.auth.user, pass: o.auth.pass } }, (e?: Error | null) => {
          if (e) {
            this.dead = true;
            conn.close();
            return reject(e);
          }
          resolve();
        });
      });
    });
  }

  send(envelope: { from: string; to: string }, raw: Buffer): Promise<string> {
    let handedOver = false;
    const message = {
      pipe(dest: NodeJS.WritableStream) {
        dest.write(raw);
        dest.end();
        handedOver = true;
        return dest;
      },
    };
    return new Promise((resolve, reject) => {
      this.conn.send({ from: envelope.from, to: [envelope.to] }, message as unknown as Buffer, (e, info) => {
        if (!e) return resolve(String(info?.response ?? '250 OK'));
        const err = e as SmtpError;
        if (!err.responseCode) err.handedOver = handedOver;
        reject(err);
      });
    });
  }

  reset(): Promise<void> {
    return new Promise((resolve, reject) => this.conn.reset((err) => (err ? reject(err) : resolve())));
  }

  quit(): void {
    this.dead = true;
    this.conn.quit();
  }

  close(): void {
    this.dead = true;
    this.conn.close();
  }
}

export async function openSession(engine: SmtpEngine, o: SessionOptions): Promise<SmtpSession> {
  const s = engine === 'nodemailer' ? new NodemailerSession(o) : new LeanSession(o);
  await s.open();
  return s;
}
