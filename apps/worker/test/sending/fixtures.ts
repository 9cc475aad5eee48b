// Fixtures for the sending integration tests: a programmable SMTP sink (real smtp-server on
// loopback, port 0), a seeded tenant with a verified DKIM domain, worker processes spawned
// from apps/worker/src/main.ts against the private test database, and small polling helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { encryptSecret } from '@rundbrief/core';
import { getDb } from '@rundbrief/db';

export const ROOT = path.resolve(import.meta.dirname, '../../../..');

export type Received = { mailFrom: string; rcptTo: string; remoteIp: string; helo: string; secure: boolean; raw: Buffer; at: number };

/**
 * Recipient domains select the sink's behaviour:
 *  grey.test     451 on the first attempt per address (greylisting), then accept
 *  bounce.test   550 5.1.1 user unknown
 *  blocked.test  554 blocklist wording, from every IP
 *  blockone.test 554 blocklist wording for whichever source IP tried it first (`blockedIp`)
 *  anything else accepted
 */
export async function startSink(opts: { delayMs?: number } = {}) {
  const received: Received[] = [];
  const rejected: { rcptTo: string; remoteIp: string; code: number }[] = [];
  const seenGrey = new Set<string>();
  const state = { blockedIp: null as string | null };
  /** Transactions in their DATA phase per recipient domain, now and at most. */
  const inData = new Map<string, number>();
  const maxInData = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    size: 50 * 1024 * 1024,
    onRcptTo(addr, session, cb) {
      const to = addr.address.toLowerCase();
      const ip = session.remoteAddress.replace(/^::ffff:/, '');
      const domain = to.split('@')[1];
      const refuse = (code: number, text: string) => {
        rejected.push({ rcptTo: to, remoteIp: ip, code });
        cb(Object.assign(new Error(text), { responseCode: code }));
      };
      if (domain === 'grey.test' && !seenGrey.has(to)) {
        seenGrey.add(to);
        return refuse(451, '4.7.1 Greylisted, please try again later');
      }
      if (domain === 'bounce.test') return refuse(550, '5.1.1 <' + to + '>: Recipient address rejected: User unknown');
      if (domain === 'blockone.test') state.blockedIp ??= ip;
      if (domain === 'blocked.test' || (domain === 'blockone.test' && ip === state.blockedIp)) {
        return refuse(554, `5.7.1 Service unavailable; Client host [${ip}] blocked using zen.spamhaus.org`);
      }
      cb();
    },
    onData(stream, session, cb) {
      const domain = session.envelope.rcptTo[0]!.address.toLowerCase().split('@')[1]!;
      inData.set(domain, (inData.get(domain) ?? 0) + 1);
      maxInData.set(domain, Math.max(maxInData.get(domain) ?? 0, inData.get(domain)!));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const done = () => {
          received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo[0]!.address.toLowerCase(),
            remoteIp: session.remoteAddress.replace(/^::ffff:/, ''),
            helo: session.hostNameAppearsAs,
            secure: session.secure,
            raw: Buffer.concat(chunks),
            at: Date.now(),
          });
          inData.set(domain, inData.get(domain)! - 1);
          cb(null, 'Ok: queued');
        };
        if (opts.delayMs) setTimeout(done, opts.delayMs);
        else done();
      });
    },
  });
  // A killed worker resets its connections: expected here, not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, rejected, state, maxInData, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const MJML = (filler = '') => `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hallo {{ firstName | "Freund" }}, hier sind unsere Neuigkeiten. ${filler}</mj-text>
<mj-button href="https://shop.example.com/angebot">Zum Angebot</mj-button>
<mj-text><a href="{{ unsubscribe_url }}">Abmelden</a> · {{ imprint }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

export async function seedSending(opts: { recipients: string[]; domain?: string; mjml?: string; rate?: number }) {
  const db = getDb();
  const domain = opts.domain ?? 'news.shop.example';
  for (const [address, heloName] of [['127.0.0.2', 'mta1.rundbrief.test'], ['127.0.0.3', 'mta2.rundbrief.test']] as const) {
    await db.sendingIp.upsert({ where: { address }, update: { status: 'ACTIVE' }, create: { address, heloName } });
  }
  const suffix = Math.random().toString(36).slice(2, 8);
  const tenant = await db.tenant.create({
    data: { name: 'Shop', slug: `shop-${suffix}`, imprint: 'Shop GmbH, Hauptstr. 1, 10115 Berlin', sendRatePerMinute: opts.rate ?? 1_000_000 },
  });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const senderDomain = await db.senderDomain.create({
    data: {
      tenantId: tenant.id, domain, dkimSelector: 'rb2026', verifiedAt: new Date(), dkimStatus: 'PASS', spfStatus: 'PASS', dmarcStatus: 'PASS',
      dkimPublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      dkimPrivateKeyEnc: encryptSecret(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    },
  });
  const identity = await db.senderIdentity.create({
    data: { tenantId: tenant.id, domainId: senderDomain.id, fromName: 'Shop Newsletter', localPart: 'news', replyTo: `hello@${domain}` },
  });
  const list = await db.list.create({ data: { tenantId: tenant.id, name: 'Kunden', optInMode: 'DOUBLE' } });
  const now = new Date();
  await db.$executeRaw`
    WITH s AS (
      INSERT INTO "Subscriber" (id, "tenantId", email, "firstName", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${tenant.id}::uuid, e, 'Kundin ' || ord, ${now}, ${now}
      FROM unnest(${opts.recipients}::text[]) WITH ORDINALITY AS t(e, ord)
      RETURNING id)
    INSERT INTO "Subscription" (id, "tenantId", "listId", "subscriberId", status, source, "requestedAt", "confirmedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${tenant.id}::uuid, ${list.id}::uuid, s.id, 'CONFIRMED', 'IMPORT', ${now}, ${now}, ${now}, ${now} FROM s`;
  const campaign = await db.campaign.create({
    data: {
      tenantId: tenant.id, name: 'November', subject: 'Neuigkeiten für {{ firstName | "dich" }}', preheader: 'Kurz und knapp',
      identityId: identity.id, mjml: opts.mjml ?? MJML(), lists: { create: [{ listId: list.id }] },
    },
  });
  return { tenant, senderDomain, identity, list, campaign, dkimTxt: `v=DKIM1; k=rsa; p=${senderDomain.dkimPublicKey}` };
}

export type WorkerProc = { child: ChildProcess; output: string[]; stop(signal?: NodeJS.Signals): Promise<void> };

/** Spawns a real worker process; resolves once it logged "started". */
export async function startWorker(env: Record<string, string>): Promise<WorkerProc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    // Only the sending queues: maintenance jobs (e.g. the DNS re-check) would un-verify the test domain.
    env: { ...process.env, WORKER_HEARTBEAT_MS: '60000', WORKER_QUEUES: 'system-mail,campaign,send', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const onData = (d: Buffer) => output.push(d.toString());
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  await waitFor(() => /\] \S+ started /.test(output.join('')) || child.exitCode !== null, 60_000, 'worker start');
  if (child.exitCode !== null) throw new Error(`worker exited: ${output.join('')}`);
  return {
    child,
    output,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function messageStatuses(campaignId: string): Promise<Record<string, number>> {
  const rows = await getDb().message.groupBy({ by: ['status'], where: { campaignId }, _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
}
