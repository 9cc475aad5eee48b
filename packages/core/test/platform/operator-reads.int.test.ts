// The operator console's reads are checked in the core, not only by the page's
// requireOperator: a tenant user passed as the actor is refused (FORBIDDEN) by every
// platform-wide read, and a platform operator gets the data. The operator list is read by
// the shell too (`npm run operator -- list`), which says so (SHELL) instead of signing in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { DomainError } from '../../src/errors.ts';
import { listTenantsForOperator } from '../../src/feedback/suspension.ts';
import { listOperators, SHELL } from '../../src/platform/bootstrap.ts';
import { acknowledgeAlert, listAlerts, listSendingIps } from '../../src/platform/alerts.ts';
import { checkSendingIpNow, checkSendingIpsNow } from '../../src/platform/blocklist.ts';
import { closeIpBlocks, listIpRests } from '../../src/platform/ip-blocks.ts';
import { volumeByIpAndDomain } from '../../src/platform/ip-volume.ts';
import type { OperatorActor } from '../../src/platform/operator.ts';
import { operatorPlatformSettings } from '../../src/platform/operator-settings.ts';
import { listBlockedEntries } from '../../src/platform/platform-blocklist.ts';
import { ensurePlatformDkimKey, platformMailSetup } from '../../src/platform/platform-dkim.ts';
import { listPlatformMailBounces } from '../../src/platform/platform-mail-log.ts';
import { getSinkMessage, listSinkMessages } from '../../src/platform/sink-inbox.ts';
import { listDevDnsRecords } from '../../src/senders/dev-dns.ts';
import { createResolver } from '../../src/senders/dns.ts';
import { startDnsServer } from '../../src/senders/dns-test-server.ts';
import { failure, seedOperatorAndOwner } from './operators.ts';

const db = getDb();
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let who: Awaited<ReturnType<typeof seedOperatorAndOwner>>;
let sinkId: string;
let alertId: string;

beforeAll(async () => { dns = await startDnsServer(); });
afterAll(async () => {
  dns.close();
  await closeIpBlocks();
  await db.$disconnect();
});
beforeEach(async () => {
  who = await seedOperatorAndOwner();
  await db.sendingIp.create({ data: { address: '127.0.0.2', heloName: 'mta2.rundbrief.test' } });
  await db.blockedAddress.create({ data: { value: 'trap@example.net', kind: 'SPAM_TRAP' } });
  alertId = (await db.alert.create({ data: { kind: 'IP_LISTED', message: '127.0.0.2 listed on zen.test', tenantId: who.tenantId } })).id;
  sinkId = (await db.sinkMessage.create({ data: { mailFrom: 'b@bounces.test', rcptTo: ['jane@example.org'], remoteIp: '127.0.0.2', subject: 'Hi', headers: [], raw: 'x', size: 1 } })).id;
  await db.platformMail.create({ data: { kind: 'INVITATION', recipient: 'new@example.org', tenantId: who.tenantId, bouncedAt: new Date(), bounceCategory: 'hard' } });
});

const noIp = '00000000-0000-4000-8000-000000000000';

/** `fn` with the dev DNS switched on (its reads refuse with PRECONDITION before any actor check otherwise). */
async function withDevDns<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { port: process.env.DEV_DNS_PORT, resolver: process.env.DNS_RESOLVER };
  process.env.DEV_DNS_PORT = '5354';
  process.env.DNS_RESOLVER = '127.0.0.1:5354';
  try {
    return await fn();
  } finally {
    for (const [k, v] of [['DEV_DNS_PORT', saved.port], ['DNS_RESOLVER', saved.resolver]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every platform-wide read (and the console's "check now"), as (actor) => promise. */
const reads: Record<string, (actor: OperatorActor) => Promise<unknown>> = {
  listSendingIps: (a) => listSendingIps(a),
  listAlerts: (a) => listAlerts(a, { includeAcknowledged: true }),
  acknowledgeAlert: (a) => acknowledgeAlert(a, { alertId }),
  listBlockedEntries: (a) => listBlockedEntries(a),
  volumeByIpAndDomain: (a) => volumeByIpAndDomain(a),
  listIpRests: (a) => listIpRests(a),
  ensurePlatformDkimKey: (a) => ensurePlatformDkimKey(a),
  platformMailSetup: (a) => platformMailSetup(a, { resolve: createResolver(dns.server) }),
  listPlatformMailBounces: (a) => listPlatformMailBounces(a),
  operatorPlatformSettings: (a) => operatorPlatformSettings(a),
  listSinkMessages: (a) => listSinkMessages(a, { page: 1 }),
  getSinkMessage: (a) => getSinkMessage(a, sinkId),
  listTenantsForOperator: (a) => listTenantsForOperator(a),
  checkSendingIpsNow: (a) => checkSendingIpsNow(a, { zones: [] }),
  checkSendingIpNow: (a) => checkSendingIpNow(a, noIp, { zones: [] }),
  listDevDnsRecords: (a) => withDevDns(() => listDevDnsRecords(a)),
  listOperators: (a) => listOperators(a),
};

describe('operator-only reads', () => {
  for (const [name, read] of Object.entries(reads)) {
    it(`${name}: a tenant owner is refused, an operator passes`, async () => {
      const refused = await failure(read(who.owner));
      expect(refused, `${name} must refuse a non-operator`).toBeInstanceOf(DomainError);
      expect((refused as DomainError).code).toBe('FORBIDDEN');
      // an unknown user id (a deleted operator) is refused as well
      expect(((await failure(read({ ...who.op, userId: noIp }))) as DomainError)?.code).toBe('FORBIDDEN');

      const ok = await failure(read(who.op));
      // checkSendingIpNow of an unknown IP is NOT_FOUND for an operator: past the check.
      if (name === 'checkSendingIpNow') expect((ok as DomainError).code).toBe('NOT_FOUND');
      else expect(ok).toBeNull();
    });
  }

  it('an operator gets the data', async () => {
    expect((await listSendingIps(who.op)).map((i) => i.address)).toEqual(['127.0.0.2']);
    expect((await listAlerts(who.op)).map((a) => a.id)).toEqual([alertId]);
    expect((await listBlockedEntries(who.op)).map((e) => e.value)).toEqual(['trap@example.net']);
    expect((await listSinkMessages(who.op, {})).total).toBe(1);
    expect((await getSinkMessage(who.op, sinkId)).subject).toBe('Hi');
    expect((await listPlatformMailBounces(who.op)).map((b) => [b.recipient, b.tenant?.name])).toEqual([['new@example.org', 'Acme']]);
    expect((await listTenantsForOperator(who.op)).map((t) => t.name)).toEqual(['Acme']);
    expect((await ensurePlatformDkimKey(who.op)).created).toBe(true);
    await db.devDnsRecord.create({ data: { name: 'news.example.org', type: 'TXT', value: 'v=spf1 -all' } });
    expect((await withDevDns(() => listDevDnsRecords(who.op))).map((r) => r.name)).toEqual(['news.example.org']);
    expect((await listOperators(who.op)).map((o) => o.email)).toEqual(['op@platform.example']);
  });

  it('the shell (npm run operator -- list) reads the operator list without signing in', async () => {
    expect((await listOperators(SHELL)).map((o) => o.email)).toEqual(['op@platform.example']);
  });

  it('refused reads change nothing: the owner does not make the platform DKIM key or acknowledge an alert', async () => {
    await failure(ensurePlatformDkimKey(who.owner));
    await failure(acknowledgeAlert(who.owner, { alertId }));
    expect(await db.platformDkimKey.count()).toBe(0);
    expect((await db.alert.findUniqueOrThrow({ where: { id: alertId } })).acknowledgedAt).toBeNull();
  });
});
