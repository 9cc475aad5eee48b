// The transport pool against real peers on loopback: smtp-server instances (with and without
// STARTTLS, AUTH, PIPELINING), a real DNS server answering MX/A queries, certificates made in
// the test. Only the pool's contract is exercised: new TransportPool(config), send(), close().
import { connect } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDnsServer } from '../../core/src/senders/dns-test-server.ts';
import { TransportPool, type PoolConfig, type SourceIp } from '../src/transport/pool.ts';
import { resolveRoutes } from '../src/transport/routes.ts';
import { createSelfSignedCertificate } from '../src/transport/self-signed-cert.ts';

type Received = { from: string; to: string[]; body: string; secure: boolean; remoteAddress: string; helo: string; user?: string };
type Peer = { port: number; received: Received[]; pipelinedChunks: string[]; afterData: string[]; close(): Promise<void> };

const ipA: SourceIp = { id: 'ip-a', address: '127.0.0.2', heloName: 'mta2.rundbrief.test' };
const ipB: SourceIp = { id: 'ip-b', address: '127.0.0.3', heloName: 'mta3.rundbrief.test' };
const tlsPair = createSelfSignedCertificate({ commonName: 'mx.peer.test', altNames: ['127.0.0.1'] });

/** An smtp-server on `host:port` recording each accepted message and every command chunk that held more than one command. */
async function startPeer(options: SMTPServerOptions, host = '127.0.0.1', port = 0, refuseBody?: RegExp): Promise<Peer> {
  const received: Received[] = [];
  const pipelinedChunks: string[] = [];
  /** Commands that came in the same segment as the end of a message (pipelined after it). */
  const afterData: string[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuseBody?.test(Buffer.concat(chunks).toString())) {
          return callback(Object.assign(new Error('5.7.1 Message content refused'), { responseCode: 554 }));
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks).toString(),
          secure: session.secure,
          remoteAddress: session.remoteAddress.replace(/^::ffff:/, ''),
          helo: String(session.hostNameAppearsAs),
          user: session.user as string | undefined,
        });
        callback(null, 'Queued as test');
      });
    },
  });
  // Watches the raw (clear-text) command stream the way Postfix's reject_unauth_pipelining
  // does: outside DATA a client that waits for each reply sends one command per segment.
  server.server.on('connection', (socket) => {
    let inData = false;
    socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (inData) {
        const end = text.indexOf('\r\n.\r\n');
        if (end < 0 && text !== '.\r\n') return;
        inData = false;
        const rest = end < 0 ? '' : text.slice(end + 5);
        if (!rest) return;
        afterData.push(rest);
        inData = /(^|\r\n)DATA\r\n$/i.test(rest);
        return;
      }
      if (text.split('\r\n').filter(Boolean).length > 1) pipelinedChunks.push(text);
      if (/(^|\r\n)DATA\r\n$/i.test(text)) inData = true;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    received,
    pipelinedChunks,
    afterData,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const plain: SMTPServerOptions = { disabledCommands: ['AUTH', 'STARTTLS'] };
const startTls: SMTPServerOptions = { disabledCommands: ['AUTH'], key: tlsPair.key, cert: tlsPair.cert };

function message(to: string): Buffer {
  return Buffer.from([
    'From: News <news@sender.test>', `To: <${to}>`, 'Subject: Transport test', `Message-ID: <${Math.random().toString(36).slice(2)}@sender.test>`,
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Hello over SMTP.', '.leading dot survives', '',
  ].join('\r\n'));
}

const peers: Peer[] = [];
const pools: TransportPool[] = [];
async function peer(options: SMTPServerOptions, host?: string, port?: number, refuseBody?: RegExp) {
  const p = await startPeer(options, host, port, refuseBody);
  peers.push(p);
  return p;
}
// Both SMTP client engines must honour the same contract.
let engine: 'lean' | 'nodemailer' = 'lean';
function pool(over: Partial<PoolConfig>): TransportPool {
  const p = new TransportPool({
    engine,
    mode: 'relay', relayUrl: 'smtp://127.0.0.1:9', staticRoutes: {}, maxConnectionsPerIp: 2,
    requireTlsDomains: [], verifyRequiredTls: true, connectionTimeoutMs: 3000, ...over,
  });
  pools.push(p);
  return p;
}
afterEach(async () => {
  for (const p of pools.splice(0)) p.close();
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
// send() must always settle (the contract: never throws, never hangs); fail fast if it does not.
async function send(p: TransportPool, to: string, ip = ipA) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`TransportPool.send to ${to} did not settle within 15 s`)), 15_000); });
  try {
    return await Promise.race([p.send(ip, { from: 'bounce+x@bounces.sender.test', to }, message(to)), hung]);
  } finally {
    clearTimeout(timer);
  }
}

for (const e of ['lean', 'nodemailer'] as const) describe(`SMTP client engine: ${e}`, () => {
  beforeEach(() => {
    engine = e;
  });

  describe('MX delivery through the configured resolver', () => {
    // One port for every MX host, as port 25 is in production: hosts differ by address.
    let dns: Awaited<ReturnType<typeof startDnsServer>>;
    let mxPort: number;
    let main: Peer;
    let primary: Peer;
    // The MX hosts here live on loopback, which production refuses (see the test below).
    const mxPool = () => pool({ mode: 'mx', dnsResolver: dns.server, mxPort, allowPrivateMx: true });

    beforeAll(async () => {
      main = await startPeer(plain, '127.0.0.1');
      mxPort = main.port;
      primary = await startPeer(plain, '127.0.0.5', mxPort);
      dns = await startDnsServer(new Map([
        // listed highest preference first: the client must sort
        ['pref.example', { MX: [{ exchange: 'backup.pref.example', priority: 20 }, { exchange: 'primary.pref.example', priority: 10 }] }],
        ['primary.pref.example', { A: ['127.0.0.5'] }],
        ['backup.pref.example', { A: ['127.0.0.1'] }],
        // the preferred MX refuses connections (nothing listens on 127.0.0.4)
        ['fallback.example', { MX: [{ exchange: 'down.fallback.example', priority: 10 }, { exchange: 'up.fallback.example', priority: 20 }] }],
        ['down.fallback.example', { A: ['127.0.0.4'] }],
        ['up.fallback.example', { A: ['127.0.0.1'] }],
        // the preferred MX has no address at all
        ['ghost.example', { MX: [{ exchange: 'gone.ghost.example', priority: 10 }, { exchange: 'real.ghost.example', priority: 20 }] }],
        ['real.ghost.example', { A: ['127.0.0.1'] }],
        ['implicit.example', { A: ['127.0.0.1'] }],
        ['nomail.example', { MX: [{ exchange: '', priority: 0 }] }],
        // one MX inside our network, one on the internet
        ['mixed.example', { MX: [{ exchange: 'inside.mixed.example', priority: 10 }, { exchange: 'outside.mixed.example', priority: 20 }] }],
        ['inside.mixed.example', { A: ['10.1.2.3'] }],
        ['outside.mixed.example', { A: ['93.184.216.34'] }],
      ]));
    });
    afterAll(async () => {
      dns.close();
      await Promise.all([main.close(), primary.close()]);
    });
    afterEach(() => {
      main.received.length = 0;
      primary.received.length = 0;
    });

    it('delivers to the lowest-preference MX, found through the configured DNS server', async () => {
      const r = await send(mxPool(), 'reader@pref.example');
      expect(r).toMatchObject({ ok: true, code: 250 });
      expect(primary.received).toHaveLength(1);
      expect(primary.received[0]).toMatchObject({ from: 'bounce+x@bounces.sender.test', to: ['reader@pref.example'], remoteAddress: '127.0.0.2', helo: 'mta2.rundbrief.test' });
      expect(primary.received[0]!.body).toContain('\r\n.leading dot survives');
      expect(main.received).toHaveLength(0);
    });

    it('resolves every MX in preference order, each to its addresses, with the host name kept for TLS', async () => {
      const hops = await resolveRoutes({ mode: 'mx', relayUrl: '', staticRoutes: {}, dnsResolver: dns.server, mxPort, allowPrivateMx: true }, 'fallback.example');
      expect(hops).toEqual([
        { host: '127.0.0.4', servername: 'down.fallback.example', port: mxPort, secure: false },
        { host: '127.0.0.1', servername: 'up.fallback.example', port: mxPort, secure: false },
      ]);
    });

    it('falls back to the next MX when the preferred one refuses connections', async () => {
      const r = await send(mxPool(), 'reader@fallback.example');
      expect(r).toMatchObject({ ok: true, code: 250 });
      expect(main.received.map((m) => m.to)).toEqual([['reader@fallback.example']]);
    });

    it('skips an MX host without an address record', async () => {
      const r = await send(mxPool(), 'reader@ghost.example');
      expect(r).toMatchObject({ ok: true });
      expect(main.received.map((m) => m.to)).toEqual([['reader@ghost.example']]);
    });

    it('a domain without MX records gets its mail at its A record (RFC 5321 5.1)', async () => {
      const r = await send(mxPool(), 'reader@implicit.example');
      expect(r).toMatchObject({ ok: true, code: 250 });
      expect(main.received.map((m) => m.to)).toEqual([['reader@implicit.example']]);
    });

    it('refuses MX hosts on loopback/private addresses unless allowed, after resolution (SSRF)', async () => {
      const strict = pool({ mode: 'mx', dnsResolver: dns.server, mxPort });
      for (const to of ['reader@pref.example', 'reader@implicit.example']) {
        const r = await send(strict, to);
        expect(r).toMatchObject({ ok: false, kind: 'reply', code: 550 });
        expect(r.response).toMatch(/^550 5\.4\.4 .*non-public addresses \(127\.0\.0\.\d/);
      }
      expect(main.received.length + primary.received.length).toBe(0);
      // Only the public MX is tried; with MX_ALLOW_PRIVATE the private one comes first again.
      const cfg = { mode: 'mx' as const, relayUrl: '', staticRoutes: {}, dnsResolver: dns.server, mxPort };
      expect((await resolveRoutes(cfg, 'mixed.example')).map((h) => h.host)).toEqual(['93.184.216.34']);
      expect((await resolveRoutes({ ...cfg, allowPrivateMx: true }, 'mixed.example')).map((h) => h.host)).toEqual(['10.1.2.3', '93.184.216.34']);
      // A route the operator set explicitly is not second-guessed.
      expect(await resolveRoutes({ ...cfg, staticRoutes: { 'pref.example': { host: '127.0.0.1', port: mxPort } } }, 'pref.example')).toHaveLength(1);
    });

    it('a domain that does not exist is a permanent failure (550 5.1.2, as MTAs treat NXDOMAIN) and says so', async () => {
      const r = await send(mxPool(), 'reader@nx.example');
      expect(r).toMatchObject({ ok: false, kind: 'reply', code: 550 });
      expect(r.response).toMatch(/nx\.example.*NXDOMAIN/);
      expect(main.received).toHaveLength(0);
    });

    it('a null MX domain (RFC 7505) gets nothing and says why', async () => {
      const r = await send(mxPool(), 'reader@nomail.example');
      expect(r.ok).toBe(false);
      expect(r).toMatchObject({ ok: false, kind: 'reply', code: 556 });
      expect(r.response).toMatch(/nomail\.example accepts no mail \(null MX/);
      expect(main.received.length + primary.received.length).toBe(0);
    });

    it('reports a null MX as a permanent failure (556 5.1.10, RFC 7505)', async () => {
      const r = await send(mxPool(), 'reader@nomail.example');
      expect(r).toMatchObject({ ok: false, kind: 'reply', code: 556 });
      expect(r.response).toMatch(/^556 5\.1\.10 /);
    });
  });

  describe('relay (smarthost) with AUTH', () => {
    const relayOptions = (): SMTPServerOptions => ({
      key: tlsPair.key, cert: tlsPair.cert, authMethods: ['PLAIN', 'LOGIN'], authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'rb@relay.test' && auth.password === 'p:ss w0rd') return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
    });

    it('authenticates with the credentials from the relay URL and delivers any domain', async () => {
      const relay = await peer(relayOptions());
      const p = pool({ relayUrl: `smtp://rb%40relay.test:p%3Ass%20w0rd@127.0.0.1:${relay.port}` });
      expect(await send(p, 'a@gmail.example')).toMatchObject({ ok: true });
      expect(await send(p, 'b@other.example')).toMatchObject({ ok: true });
      expect(relay.received.map((m) => [m.to[0], m.user, m.secure])).toEqual([
        ['a@gmail.example', 'rb@relay.test', true],
        ['b@other.example', 'rb@relay.test', true],
      ]);
    });

    it('a wrong password is a clear 5xx failure and nothing is relayed', async () => {
      const relay = await peer(relayOptions());
      const r = await send(pool({ relayUrl: `smtp://rb%40relay.test:wrong@127.0.0.1:${relay.port}` }), 'a@gmail.example');
      expect(r.ok).toBe(false);
      expect(r.response).toMatch(/535.*Invalid username or password/);
      expect(relay.received).toHaveLength(0);
    });

    it('a rejected relay login is not reported as the recipient\'s reply', async () => {
      const relay = await peer(relayOptions());
      const r = await send(pool({ relayUrl: `smtp://rb%40relay.test:wrong@127.0.0.1:${relay.port}` }), 'a@gmail.example');
      expect(r).toMatchObject({ ok: false, kind: 'connection', code: null });
      expect(r.response).toMatch(/EAUTH.*535/);
    });

    it('a relay that demands AUTH refuses an unauthenticated client with a reply to MAIL FROM (the sender, not the recipient)', async () => {
      const relay = await peer(relayOptions());
      const r = await send(pool({ relayUrl: `smtp://127.0.0.1:${relay.port}` }), 'a@gmail.example');
      expect(r).toMatchObject({ ok: false, kind: 'reply', code: 530, stage: 'mail' });
      expect(r.response).toMatch(/530.*Authentication Required/i);
      expect(relay.received).toHaveLength(0);
    });
  });

  describe('STARTTLS', () => {
    it('is used when offered, even with a certificate nobody vouches for (opportunistic, RFC 7435)', async () => {
      const tls = await peer(startTls);
      const p = pool({ staticRoutes: { 'tls.example': { host: '127.0.0.1', port: tls.port } } });
      expect(await send(p, 'reader@tls.example')).toMatchObject({ ok: true });
      expect(tls.received.map((m) => m.secure)).toEqual([true]);
    });

    it('a server without STARTTLS gets the mail in clear', async () => {
      const clear = await peer(plain);
      const p = pool({ staticRoutes: { 'plain.example': { host: '127.0.0.1', port: clear.port } } });
      expect(await send(p, 'reader@plain.example')).toMatchObject({ ok: true });
      expect(clear.received.map((m) => m.secure)).toEqual([false]);
    });

    it('a domain on the require list is not delivered to a server without STARTTLS', async () => {
      const clear = await peer(plain);
      const p = pool({ staticRoutes: { 'strict.example': { host: '127.0.0.1', port: clear.port } }, requireTlsDomains: ['strict.example'] });
      const r = await send(p, 'reader@strict.example');
      expect(r.ok).toBe(false);
      expect(clear.received).toHaveLength(0);
    });

    it('a required-TLS domain whose server lacks STARTTLS fails as kind "connection" naming TLS', async () => {
      const clear = await peer(plain);
      const p = pool({ staticRoutes: { 'strict.example': { host: '127.0.0.1', port: clear.port } }, requireTlsDomains: ['strict.example'] });
      const r = await send(p, 'reader@strict.example');
      expect(r).toMatchObject({ ok: false, kind: 'connection', code: null });
      expect(r.response).toMatch(/ETLS.*STARTTLS/);
    });

    it('a required-TLS domain with an untrusted certificate: refused while verifying, delivered over TLS when verification is off', async () => {
      const tls = await peer(startTls);
      const cfg = { staticRoutes: { 'strict.example': { host: '127.0.0.1', port: tls.port } }, requireTlsDomains: ['strict.example'] };
      const refused = await send(pool({ ...cfg, verifyRequiredTls: true }), 'reader@strict.example');
      expect(refused).toMatchObject({ ok: false, kind: 'connection' });
      expect(refused.response).toMatch(/certificate/i);
      expect(tls.received).toHaveLength(0);

      expect(await send(pool({ ...cfg, verifyRequiredTls: false }), 'reader@strict.example')).toMatchObject({ ok: true });
      expect(tls.received.map((m) => m.secure)).toEqual([true]);
    });

    it('domains off the require list still go opportunistically to the same server', async () => {
      const tls = await peer(startTls);
      const p = pool({ staticRoutes: { '*': { host: '127.0.0.1', port: tls.port } }, requireTlsDomains: ['strict.example'] });
      expect(await send(p, 'reader@relaxed.example')).toMatchObject({ ok: true });
      expect((await send(p, 'reader@strict.example')).ok).toBe(false);
      expect(tls.received.map((m) => [m.to[0], m.secure])).toEqual([['reader@relaxed.example', true]]);
    });
  });

  describe('PIPELINING is never required', () => {
    it('the watch on the command stream does catch a client that pipelines', async () => {
      const srv = await peer({ ...plain, hidePIPELINING: true });
      await new Promise<void>((resolve, reject) => {
        const s = connect(srv.port, '127.0.0.1');
        s.once('data', () => s.write('EHLO eager.test\r\nMAIL FROM:<a@eager.test>\r\n', () => setTimeout(() => { s.end('QUIT\r\n'); resolve(); }, 100)));
        s.on('error', reject);
      });
      expect(srv.pipelinedChunks).toEqual(['EHLO eager.test\r\nMAIL FROM:<a@eager.test>\r\n']);
    });

    it('a server that does not offer PIPELINING gets mail in lockstep, several messages over one connection', async () => {
      const srv = await peer({ ...plain, hidePIPELINING: true });
      const p = pool({ staticRoutes: { '*': { host: '127.0.0.1', port: srv.port } }, maxConnectionsPerIp: 1 });
      for (const to of ['a@lockstep.example', 'b@lockstep.example', 'c@lockstep.example']) {
        expect(await send(p, to)).toMatchObject({ ok: true });
      }
      expect(srv.received.map((m) => m.to[0])).toEqual(['a@lockstep.example', 'b@lockstep.example', 'c@lockstep.example']);
      expect(srv.pipelinedChunks).toEqual([]);
    });

    it('without PIPELINING, messages waiting for the one connection never follow a message end unasked', async () => {
      const srv = await peer({ ...plain, hidePIPELINING: true });
      const p = pool({ staticRoutes: { '*': { host: '127.0.0.1', port: srv.port } }, maxConnectionsPerIp: 1 });
      const tos = ['a@wait.example', 'b@wait.example', 'c@wait.example', 'd@wait.example'];
      expect(await Promise.all(tos.map((to) => send(p, to)))).toEqual(tos.map(() => expect.objectContaining({ ok: true })));
      expect(srv.received.map((m) => m.to[0]).sort()).toEqual(tos);
      expect(srv.afterData).toEqual([]);
      expect(srv.pipelinedChunks).toEqual([]);
    });
  });

  describe('transactions pipelined over one connection (RFC 2920 3.1)', () => {
    it('each message gets its own final reply: one refused after its data, the others delivered', async () => {
      const srv = await peer(plain, undefined, undefined, /refuse-me/);
      const p = pool({ staticRoutes: { '*': { host: '127.0.0.1', port: srv.port } }, maxConnectionsPerIp: 1 });
      const tos = ['a@pipe.example', 'refuse-me@pipe.example', 'c@pipe.example', 'd@pipe.example'];
      const results = await Promise.all(tos.map((to) => send(p, to)));
      expect(results).toEqual([
        expect.objectContaining({ ok: true }),
        expect.objectContaining({ ok: false, kind: 'reply', code: 554, stage: 'data' }),
        expect.objectContaining({ ok: true }),
        expect.objectContaining({ ok: true }),
      ]);
      expect(srv.received.map((m) => m.to[0])).toEqual(['a@pipe.example', 'c@pipe.example', 'd@pipe.example']);
      // the lean client sends the next MAIL/RCPT/DATA with the end of the message before it
      if (engine === 'lean') expect(srv.afterData.length).toBeGreaterThanOrEqual(2);
      expect(p.stats()).toEqual({ [`127.0.0.2|127.0.0.1:${srv.port}|`]: 1 });
    });

    it('a drop while a message awaits its final reply: that one is unknown, the one pipelined behind it is retried elsewhere', async () => {
      // A proxy that forwards everything but kills the connection when it sees the end of
      // the first message: its reply never comes, the next envelope is never answered.
      const srv = await peer(plain);
      const net = await import('node:net');
      let first = true;
      const sockets = new Set<import('node:net').Socket>();
      const proxy = net.createServer((client) => {
        const up = net.connect(srv.port, '127.0.0.1');
        sockets.add(client).add(up);
        let buf = '';
        let cut = false;
        client.on('data', (d: Buffer) => {
          buf += d.toString('latin1');
          up.write(d);
          if (first && buf.includes('\r\n.\r\n')) {
            first = false;
            cut = true;
            setTimeout(() => { client.destroy(); up.destroy(); }, 50);
          }
        });
        up.on('data', (d: Buffer) => { if (!cut) client.write(d); });
        client.on('error', () => up.destroy());
        up.on('error', () => client.destroy());
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      try {
        const port = (proxy.address() as { port: number }).port;
        const p = pool({ staticRoutes: { '*': { host: '127.0.0.1', port } }, maxConnectionsPerIp: 1 });
        const [a, b] = await Promise.all([send(p, 'a@drop.example'), send(p, 'b@drop.example')]);
        expect(a).toMatchObject({ ok: false, kind: 'unknown' });
        // b's message was never sent: delivered over a new connection, or (pipelined behind
        // a on the lost one) a plain connection failure that is safe to retry; never unknown
        if (!b.ok) {
          expect(b).toMatchObject({ kind: 'connection' });
          expect(await send(p, 'b@drop.example')).toMatchObject({ ok: true });
        }
        expect(srv.received.filter((m) => m.to[0] === 'b@drop.example')).toHaveLength(1);
      } finally {
        for (const so of sockets) so.destroy();
        await new Promise<void>((r) => proxy.close(() => r()));
      }
    });
  });

  describe('hand-over hook (beforeTransaction)', () => {
    it('runs once the connection is ready, before MAIL FROM; false sends nothing and keeps the connection', async () => {
      const srv = await peer(plain);
      const p = pool({ staticRoutes: { '*': { host: '127.0.0.1', port: srv.port } } });
      const seen: number[] = [];
      const hook = (go: boolean) => async () => {
        seen.push(srv.received.length);
        return go;
      };
      expect(await p.send(ipA, { from: 'bounce+x@bounces.sender.test', to: 'no@hook.example' }, message('no@hook.example'), hook(false))).toMatchObject({ ok: false, kind: 'cancelled' });
      expect(srv.received).toHaveLength(0);
      expect(await p.send(ipA, { from: 'bounce+x@bounces.sender.test', to: 'yes@hook.example' }, message('yes@hook.example'), hook(true))).toMatchObject({ ok: true });
      expect(srv.received.map((m) => m.to[0])).toEqual(['yes@hook.example']);
      expect(seen).toEqual([0, 0]);
      // A failing hook is the caller's error; nothing is sent and the pool stays usable.
      await expect(p.send(ipA, { from: 'b@bounces.sender.test', to: 'err@hook.example' }, message('err@hook.example'), async () => { throw new Error('db down'); })).rejects.toThrow('db down');
      expect(await send(p, 'after@hook.example')).toMatchObject({ ok: true });
      expect(srv.received.map((m) => m.to[0])).toEqual(['yes@hook.example', 'after@hook.example']);
    });
  });

  describe('source IP binding', () => {
    it('each SourceIp connects from its own address with its own HELO name', async () => {
      const srv = await peer(plain);
      const p = pool({ staticRoutes: { '*': { host: '127.0.0.1', port: srv.port } } });
      expect(await send(p, 'a@ips.example', ipA)).toMatchObject({ ok: true });
      expect(await send(p, 'b@ips.example', ipB)).toMatchObject({ ok: true });
      expect(srv.received.map((m) => [m.to[0], m.remoteAddress, m.helo])).toEqual([
        ['a@ips.example', '127.0.0.2', 'mta2.rundbrief.test'],
        ['b@ips.example', '127.0.0.3', 'mta3.rundbrief.test'],
      ]);
    });
  });
});
