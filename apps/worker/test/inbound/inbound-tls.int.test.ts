// STARTTLS on the inbound server: a receiving MTA returning a DSN upgrades the session, as
// MTAs do whenever STARTTLS is offered, and the bounce is applied as over a clear session.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, verpAddress } from '@rundbrief/core';
import { closeIpBlocks } from '@rundbrief/core/platform/ip-blocks';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { createSelfSignedCertificate } from '@rundbrief/mailer/transport/self-signed-cert';
import { createInboundServer, listenInbound } from '../../src/inbound/server.ts';
import { loadInboundTls } from '../../src/inbound/tls.ts';
import { dsn, seedAudience, seedSentMessage, seedSubscriber, startInboundWorker, waitFor } from './fixtures.ts';

const db = getDb();
let worker: ReturnType<typeof startInboundWorker>;
let server: SMTPServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'rb-inbound-tls-'));

beforeAll(() => { worker = startInboundWorker(); });
afterAll(async () => {
  await worker.close();
  await closeQueues();
  await closeIpBlocks();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => truncateAll());
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) await new Promise<void>((r) => s.close(() => r()));
});

/** One SMTP session that must upgrade with STARTTLS before MAIL FROM, as a DSN-returning MTA. */
async function deliverOverTls(port: number, to: string, raw: string, tls: Record<string, unknown>) {
  const conn = new SMTPConnection({ host: '127.0.0.1', port, secure: false, requireTLS: true, name: 'mx.receiver.example', tls, connectionTimeout: 5000, logger: false });
  try {
    await new Promise<void>((resolve, reject) => {
      conn.once('error', reject);
      conn.connect(() => resolve());
    });
    const secure = conn.secure;
    const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
      conn.send({ from: '', to: [to] }, raw, (err, i) => (err ? reject(err) : resolve(i))));
    return { secure, response: info.response };
  } finally {
    conn.quit();
  }
}

async function seedBounceable() {
  const { tenant, list } = await seedAudience();
  const sub = await seedSubscriber(tenant.id, [list.id]);
  const { message } = await seedSentMessage(tenant.id, sub);
  const bounce = dsn({ recipient: sub.email, status: '5.1.1', diagnostic: '550 5.1.1 <x>: Recipient address rejected: User unknown' });
  return { sub, message, bounce };
}

const bounced = (id: string) => async () => {
  const m = await db.message.findUniqueOrThrow({ where: { id } });
  return m.status === 'BOUNCED' ? m : null;
};

describe('inbound SMTP: STARTTLS', () => {
  it('is offered with a self-signed certificate when none is configured; a bounce over TLS is applied', async () => {
    server = createInboundServer();
    const port = await listenInbound(server, 0);
    const { sub, message, bounce } = await seedBounceable();
    // Senders do not verify an MX certificate (opportunistic TLS), so neither does this one.
    const r = await deliverOverTls(port, verpAddress(message.id), bounce, { rejectUnauthorized: false });
    expect(r.secure).toBe(true);
    expect(r.response).toMatch(/^250 /);
    const { value: m } = await waitFor(bounced(message.id));
    expect([m.bounceCategory, m.smtpCode]).toEqual(['hard', 550]);
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe('BOUNCED');
  });

  it('presents the configured certificate: a sender verifying it against that certificate gets through', async () => {
    const pair = createSelfSignedCertificate({ commonName: 'mx.bounces.tls.test' });
    writeFileSync(join(dir, 'cert.pem'), pair.cert);
    writeFileSync(join(dir, 'key.pem'), pair.key);
    const tls = loadInboundTls({ certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem'), hostname: 'ignored.test' });
    expect(tls.source).toBe('files');
    server = createInboundServer({ hostname: 'mx.bounces.tls.test', tls });
    const port = await listenInbound(server, 0);
    const { message, bounce } = await seedBounceable();

    const verifying = { rejectUnauthorized: true, ca: pair.cert, servername: 'mx.bounces.tls.test' };
    const r = await deliverOverTls(port, verpAddress(message.id), bounce, verifying);
    expect(r.secure).toBe(true);
    await waitFor(bounced(message.id));

    // Trusting only some other certificate fails the handshake: the server did not present one of its own making.
    const other = createSelfSignedCertificate({ commonName: 'mx.bounces.tls.test' });
    await expect(deliverOverTls(port, verpAddress(message.id), bounce, { ...verifying, ca: other.cert })).rejects.toThrow(/certificate/i);
  });

  it('a clear-text sender that ignores STARTTLS is still served (TLS is offered, not required)', async () => {
    server = createInboundServer();
    const port = await listenInbound(server, 0);
    const { message, bounce } = await seedBounceable();
    const conn = new SMTPConnection({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, logger: false });
    await new Promise<void>((resolve, reject) => { conn.once('error', reject); conn.connect(() => resolve()); });
    expect(conn.secure).toBe(false);
    await new Promise((resolve, reject) => conn.send({ from: '', to: [verpAddress(message.id)] }, bounce, (err, i) => (err ? reject(err) : resolve(i))));
    conn.quit();
    await waitFor(bounced(message.id));
  });
});
