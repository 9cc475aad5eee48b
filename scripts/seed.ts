// Demo tenant for `npm start` (and the e2e suite): owner login (printed once, when the
// tenant is created), a demo list with confirmed subscribers, a sender domain with its DKIM
// key whose records are published in the dev DNS and verified through it (so the scheduled
// re-check keeps it verified), two sending IPs on loopback, a loopback feedback-loop reporter (so a report
// sent to the local inbound server with swaks or a test is accepted), and a welcome test
// mail through the pipeline.
import { generateKeyPairSync } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { getDb } from '@rundbrief/db';
import { closeQueues, encryptSecret, enqueueSystemMail, sha256, systemCtx } from '@rundbrief/core';
import { devDnsEnabled, startDevDnsServer, writeExpectedRecords, writePlatformRecords } from '@rundbrief/core/senders/dev-dns';
import { checkSenderDomain, createResolver } from '@rundbrief/core/senders/index';
import { updatePlatformSettings } from '@rundbrief/core/platform/settings';
import { generateEd25519Key } from '@rundbrief/core/senders/domains';
import { platformDkimSigningKey } from '@rundbrief/core/platform/platform-dkim';

const DEMO_SLUG = 'demo';
const OWNER_EMAIL = process.env.DEMO_OWNER_EMAIL ?? 'owner@demo.rundbrief.localhost';
const DOMAIN = 'demo.rundbrief.localhost';
const SUBSCRIBERS = Number(process.env.DEMO_SUBSCRIBERS ?? 300);

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Lena', 'Mats'];
const LAST = ['Bauer', 'Fischer', 'Hoffmann', 'Klein', 'Koch', 'Meyer', 'Neumann', 'Schmidt', 'Wagner', 'Weber'];

async function ensureSendingIps(db: ReturnType<typeof getDb>) {
  for (const [address, heloName] of [['127.0.0.2', 'mta1.rundbrief.localhost'], ['127.0.0.3', 'mta2.rundbrief.localhost']] as const) {
    await db.sendingIp.upsert({ where: { address }, update: {}, create: { address, heloName } });
  }
}

/** Only on a fresh installation: an operator who edited the reporters in /admin keeps theirs. */
async function ensureLocalFblReporter(db: ReturnType<typeof getDb>) {
  if (await db.platformSetting.findUnique({ where: { id: 1 } })) return;
  await updatePlatformSettings({ fblReporters: [{ name: 'Local test reporter (loopback)', ips: ['127.0.0.1', '::1'], dkimDomains: [] }] });
}

/**
 * Publishes the demo domain's records (expectedRecords, whatever they are today) in the dev
 * DNS and runs the real check against it. The check asks a dev DNS server started here for
 * a moment, because `npm start` seeds before the stack (and its DNS process) is up.
 */
async function verifyDemoDomain(db: ReturnType<typeof getDb>) {
  const d = await db.senderDomain.findFirst({ where: { domain: DOMAIN, tenant: { slug: DEMO_SLUG } } });
  if (!d) return;
  if (!devDnsEnabled()) {
    console.log(`seed: the dev DNS is off (DEV_DNS_PORT / DNS_RESOLVER unset); ${DOMAIN} stays as it is`);
    return;
  }
  await writeExpectedRecords(d);
  // and the platform's own mail domain, so invitations and resets verify locally too
  await writePlatformRecords();
  const server = await startDevDnsServer();
  try {
    const v = await checkSenderDomain(systemCtx(d.tenantId), { domainId: d.id, resolve: createResolver(server.server) });
    const failing = v.records.filter((r) => r.status !== 'PASS').map((r) => `${r.kind}: ${r.problem}`);
    console.log(`seed: ${DOMAIN} ${v.verified ? 'verified through the dev DNS' : 'NOT verified'}${failing.length ? ` (${failing.join('; ')})` : ''}`);
  } finally {
    await server.close();
  }
}

async function main() {
  const db = getDb();
  await ensureSendingIps(db);
  await ensureLocalFblReporter(db);
  // The platform's DKIM key for its own mail (invitations, resets): made once, kept after
  // (the signer makes it when there is none, as the worker does on its first platform mail).
  await platformDkimSigningKey();
  const existing = await db.tenant.findUnique({ where: { slug: DEMO_SLUG } });
  if (existing) {
    await verifyDemoDomain(db);
    console.log(`seed: demo tenant already present (owner ${OWNER_EMAIL}); nothing else to do`);
    return;
  }

  const password = process.env.DEMO_PASSWORD ?? `demo-${sha256(String(Math.random())).slice(0, 12)}!7`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = new Date();
  const ed25519 = await generateEd25519Key(now);

  const result = await db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({
      data: {
        name: 'Demo Shop', slug: DEMO_SLUG,
        imprint: 'Demo Shop GmbH · Musterstraße 1 · 10115 Berlin · Amtsgericht Berlin HRB 12345',
        abuseContact: `abuse@${DOMAIN}`,
      },
    });
    const user = await tx.user.create({
      data: { email: OWNER_EMAIL, name: 'Demo Owner', passwordHash: await hash(password), isPlatformOperator: true },
    });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
    const domain = await tx.senderDomain.create({
      data: {
        tenantId: tenant.id, domain: DOMAIN, dkimSelector: 'rb2026',
        dkimPublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        dkimPrivateKeyEnc: encryptSecret(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
        // and an Ed25519 key beside it (RFC 8463): demo mail is dual-signed once its record resolves
        ...ed25519,
      },
    });
    const identity = await tx.senderIdentity.create({
      data: { tenantId: tenant.id, domainId: domain.id, fromName: 'Demo Shop', localPart: 'news', replyTo: `hello@${DOMAIN}` },
    });
    const list = await tx.list.create({ data: { tenantId: tenant.id, name: 'Newsletter', optInMode: 'DOUBLE', description: 'Demo list' } });
    const subs = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
      tenantId: tenant.id,
      email: `subscriber${String(i + 1).padStart(4, '0')}@example.org`,
      firstName: FIRST[i % FIRST.length]!, lastName: LAST[i % LAST.length]!,
      lastActivityAt: new Date(now.getTime() - (i % 60) * 86_400_000),
    }));
    await tx.subscriber.createMany({ data: subs });
    const rows = await tx.subscriber.findMany({ where: { tenantId: tenant.id }, select: { id: true } });
    await tx.subscription.createMany({
      data: rows.map((s) => ({
        tenantId: tenant.id, listId: list.id, subscriberId: s.id, status: 'CONFIRMED' as const,
        source: 'IMPORT', requestedAt: now, confirmedAt: now, requestIp: '127.0.0.1',
        attestation: 'Demo data created by the seed',
      })),
    });
    return { tenant, identity };
  });
  await verifyDemoDomain(db);

  await enqueueSystemMail(
    {
      kind: 'SEED_WELCOME', tenantId: result.tenant.id, identityId: result.identity.id, to: OWNER_EMAIL,
      subject: 'Welcome to Rundbrief',
      html: '<h1>Welcome to Rundbrief</h1><p>This test mail went through the worker, a sending IP and the local mail sink. Open <a href="http://localhost:3000/dev/inbox">/dev/inbox</a> to see it.</p>',
      text: 'Welcome to Rundbrief\n\nThis test mail went through the worker, a sending IP and the local mail sink. Open http://localhost:3000/dev/inbox to see it.',
      headers: {},
    },
    { jobId: `seed-welcome-${result.tenant.id}` },
  );

  console.log('');
  console.log('  ┌──────────────────────────────────────────────────────────────');
  console.log('  │ Demo tenant created. Sign in at the login page with:');
  console.log(`  │   e-mail:   ${OWNER_EMAIL}`);
  console.log(`  │   password: ${password}`);
  console.log('  │ (shown once; the owner is also a platform operator for /admin and /dev/inbox)');
  console.log('  └──────────────────────────────────────────────────────────────');
  console.log('');
}

try {
  await main();
} finally {
  await closeQueues();
  await getDb().$disconnect();
}
