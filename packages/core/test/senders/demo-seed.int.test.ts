// The demo seed (scripts/seed.ts, run by npm start and the e2e harness) verifies the demo
// domain through the dev DNS — records published from expectedRecords, the real check — so
// the scheduled re-check keeps it verified past the 72 h grace period.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx as systemCtxFor } from '../../src/context.ts';
import { createResolver, getSenderDomain, recheckAllSenderDomains } from '../../src/senders/index.ts';
import { startDevDnsServer } from '../../src/senders/dev-dns.ts';
import { platformMailSetup } from '../../src/platform/platform-dkim.ts';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
let dns: Awaited<ReturnType<typeof startDevDnsServer>>;

beforeAll(async () => {
  await truncateAll();
  dns = await startDevDnsServer();
});
afterAll(async () => {
  await dns.close();
  await getDb().$disconnect();
});

/** The demo owner, whom the seed makes a platform operator. */
async function seededOperator() {
  const u = await getDb().user.findFirstOrThrow({ where: { isPlatformOperator: true } });
  return { userId: u.id, email: u.email, ip: null };
}

function seed() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
    cwd: ROOT, encoding: 'utf8',
    env: { ...process.env, DEMO_SUBSCRIBERS: '3', DEMO_PASSWORD: 'Demo-seed-test-password-2026!', DEV_DNS_PORT: String(dns.port), DNS_RESOLVER: dns.server },
  });
  expect(r.status, r.stderr + r.stdout).toBe(0);
  return r.stdout;
}

describe('demo seed', () => {
  it('publishes the demo domain in the dev DNS and verifies it through DNS; 80 h of re-checks later it is still verified', async () => {
    const out = seed();
    expect(out).toContain('demo.rundbrief.localhost verified through the dev DNS');
    const d = await getDb().senderDomain.findFirstOrThrow({ where: { domain: 'demo.rundbrief.localhost' } });
    const view = await getSenderDomain(systemCtxFor(d.tenantId), { domainId: d.id });
    expect(view.verified).toBe(true);
    // every expected record was checked through DNS and passed (no hand-set status)
    expect(view.records.map((r) => [r.kind, r.status])).toEqual(view.records.map((r) => [r.kind, 'PASS']));
    expect(await getDb().devDnsRecord.count({ where: { name: { endsWith: 'demo.rundbrief.localhost' } } })).toBe(view.records.length);

    const later = new Date(Date.now() + 80 * 3600_000);
    await recheckAllSenderDomains({ resolve: createResolver(dns.server), now: later });
    const after = await getSenderDomain(systemCtxFor(d.tenantId), { domainId: d.id });
    expect(after).toMatchObject({ verified: true, lastCheckedAt: later, failingSince: null });

    // the platform's own mail domain (invitations, resets) is published too, and passes its checks
    const platform = await platformMailSetup(await seededOperator(), { resolve: createResolver(dns.server) });
    expect(platform.records.map((r) => [r.kind, r.check.status])).toEqual([['DKIM', 'PASS'], ['SPF', 'PASS'], ['DMARC', 'PASS'], ['MX', 'PASS']]);
    const zoneSize = await getDb().devDnsRecord.count();

    // a second run (npm start again) re-publishes without duplicating
    expect(seed()).toContain('verified through the dev DNS');
    expect(await getDb().devDnsRecord.count({ where: { name: { endsWith: 'demo.rundbrief.localhost' } } })).toBe(view.records.length);
    expect(await getDb().devDnsRecord.count()).toBe(zoneSize);
  }, 240_000); // two seed processes (tsx start-up, argon2) on a busy machine
});
