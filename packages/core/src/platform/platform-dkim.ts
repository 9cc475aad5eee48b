// The platform's own mail domain (the domain of SYSTEM_FROM) and its DKIM key. Platform mail
// (invitations, resets, opt-in mail and test sends under the platform's name) is signed
// d=<that domain> with the active key, so it passes DMARC like a tenant's mail does. The key
// is made once (seed, or the first platform mail), stored AES-GCM encrypted like tenants'
// keys and never logged. An operator rotates it in two steps: prepare a new key (its record
// is shown next to the old one), publish it, then activate it, which is refused until DNS
// serves the new record, so signing never switches to a key receivers cannot find.
import { createPrivateKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { getDb } from '@rundbrief/db';
import { decryptSecret, encryptSecret } from '../crypto.ts';
import { DomainError } from '../errors.ts';
import { bounceDomain } from '../links.ts';
import { sendingEnv } from '../sending/env.ts';
import { createResolver, lookupMx, type DnsResolve } from '../senders/dns.ts';
import { platformSendingIps, type RecordCheck } from '../senders/domains.ts';
import { dkimRecordName, spfMechanisms } from '../senders/records.ts';
import { checkDkim, checkDmarc, checkSpf } from '../senders/verify.ts';
import { assertPlatformOperator, auditOperator, type OperatorActor } from './operator.ts';

const generate = promisify(generateKeyPair);

/** The From domain of platform mail: the address part of SYSTEM_FROM, lower-case. */
export function platformMailDomain(): string {
  const spec = sendingEnv().SYSTEM_FROM;
  const address = /<([^>]+)>/.exec(spec)?.[1] ?? spec;
  return address.trim().slice(address.trim().lastIndexOf('@') + 1).toLowerCase();
}

/** The host name BOUNCE_DOMAIN's MX points at (the inbound SMTP server's name). */
export const inboundHostname = () => (process.env.INBOUND_HOSTNAME || 'inbound.rundbrief.localhost').toLowerCase();

/** Selector `rbp<UTC date><random>`: a rotation's new key never collides with an earlier one. */
const selectorFor = (now: Date) => `rbp${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(3).toString('hex')}`;

async function newKey(domain: string, now = new Date()) {
  const { publicKey, privateKey } = await generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { domain, selector: selectorFor(now), publicKey: Buffer.from(publicKey).toString('base64'), privateKeyEnc: encryptSecret(privateKey) };
}

const LOCK = 'SELECT pg_advisory_xact_lock(hashtext(\'platform-dkim-key\'))';

/**
 * The active key for the current platform domain; made (and activated) when there is none,
 * e.g. on first start or after SYSTEM_FROM moved to another domain. Idempotent and safe
 * against concurrent callers (one advisory lock). Returns no key material.
 */
async function ensureActiveKey(): Promise<{ selector: string; domain: string; created: boolean }> {
  const domain = platformMailDomain();
  const active = await getDb().platformDkimKey.findFirst({ where: { domain, activatedAt: { not: null }, retiredAt: null }, select: { selector: true } });
  if (active) return { selector: active.selector, domain, created: false };
  const key = await newKey(domain);
  return getDb().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(LOCK);
    const again = await tx.platformDkimKey.findFirst({ where: { domain, activatedAt: { not: null }, retiredAt: null }, select: { selector: true } });
    if (again) return { selector: again.selector, domain, created: false };
    const now = new Date();
    // Keys of another (earlier) platform domain stop signing.
    await tx.platformDkimKey.updateMany({ where: { activatedAt: { not: null }, retiredAt: null }, data: { retiredAt: now } });
    await tx.platformDkimKey.create({ data: { ...key, activatedAt: now } });
    return { selector: key.selector, domain, created: true };
  });
}

/** ensureActiveKey for the operator's console (the signer and the seed make it through platformDkimSigningKey). */
export async function ensurePlatformDkimKey(actor: OperatorActor): Promise<{ selector: string; domain: string; created: boolean }> {
  await assertPlatformOperator(actor);
  return ensureActiveKey();
}

const SIGNER_TTL_MS = 30_000;
let signerCache: { at: number; id: string; value: { domain: string; selector: string; privateKey: KeyObject } } | null = null;

/** The key platform mail is signed with (parsed once per key and cached briefly per process). */
export async function platformDkimSigningKey(): Promise<{ domain: string; selector: string; privateKey: KeyObject }> {
  if (signerCache && Date.now() - signerCache.at < SIGNER_TTL_MS && signerCache.value.domain === platformMailDomain()) return signerCache.value;
  const { selector } = await ensureActiveKey();
  const row = await getDb().platformDkimKey.findUniqueOrThrow({ where: { selector } });
  const value = signerCache?.id === row.id
    ? signerCache.value
    : { domain: row.domain, selector: row.selector, privateKey: createPrivateKey(decryptSecret(row.privateKeyEnc)) };
  signerCache = { at: Date.now(), id: row.id, value };
  return value;
}

export type PlatformRecord = {
  kind: 'DKIM' | 'SPF' | 'DMARC' | 'MX';
  type: 'TXT' | 'MX';
  name: string;
  value: string;
  priority?: number;
  /** What the record is for, one line. */
  purpose: string;
  check: RecordCheck;
};

export type PlatformMailSetup = {
  domain: string;
  bounceDomain: string;
  active: { selector: string; createdAt: Date; activatedAt: Date | null } | null;
  pending: { selector: string; createdAt: Date } | null;
  records: PlatformRecord[];
  /** The pending key's DKIM record, published before the key is activated. */
  pendingRecord: PlatformRecord | null;
};

async function guarded(check: () => Promise<RecordCheck>): Promise<RecordCheck> {
  try {
    return await check();
  } catch (err) {
    return { status: 'FAIL', found: [], problem: `DNS lookup failed (${(err as { code?: string }).code ?? (err as Error).message}); try again later.` };
  }
}

/** BOUNCE_DOMAIN (the platform mail's return path) must route to the inbound SMTP server. */
async function checkBounceMx(resolve: DnsResolve): Promise<RecordCheck> {
  const mx = await lookupMx(resolve, bounceDomain());
  const found = mx.map((m) => `${m.priority} ${m.exchange}`);
  if (mx.length === 0) return { status: 'FAIL', found, problem: `No MX record at ${bounceDomain()}; bounces of platform mail could not reach us.` };
  if (!mx.some((m) => m.exchange.toLowerCase().replace(/\.$/, '') === inboundHostname())) {
    return { status: 'FAIL', found, problem: `MX at ${bounceDomain()} points to ${mx.map((m) => m.exchange).join(', ')} but expected ${inboundHostname()}.` };
  }
  return { status: 'PASS', found, problem: null };
}

type PlatformKeyRow = { selector: string; publicKey: string; createdAt: Date; activatedAt: Date | null };
export type PlatformRecordSpec = Omit<PlatformRecord, 'check'>;

/**
 * The records to publish for platform mail, without looking them up: DKIM at
 * <selector>._domainkey.<platform domain>, SPF at the return-path domain (BOUNCE_DOMAIN, the
 * envelope sender SPF is evaluated for), DMARC at the platform domain, MX of BOUNCE_DOMAIN to
 * the inbound server. The operator page checks them; the seed writes them into the dev DNS.
 */
export async function platformRecordSpecs() {
  const domain = platformMailDomain();
  const keys: PlatformKeyRow[] = await getDb().platformDkimKey.findMany({ where: { domain, retiredAt: null }, orderBy: { createdAt: 'asc' } });
  const active = keys.find((k) => k.activatedAt) ?? null;
  const pending = keys.find((k) => !k.activatedAt) ?? null;
  const ips = await platformSendingIps();
  const dkim = (k: PlatformKeyRow, purpose: string): PlatformRecordSpec => ({
    kind: 'DKIM', type: 'TXT', name: dkimRecordName(k.selector, domain), value: `v=DKIM1; k=rsa; p=${k.publicKey}`, purpose,
  });
  const records: PlatformRecordSpec[] = [
    ...(active ? [dkim(active, `Signs platform mail (d=${domain}).`)] : []),
    // -all: nothing but the platform sends with the bounce domain as envelope sender.
    { kind: 'SPF', type: 'TXT', name: bounceDomain(), value: ['v=spf1', ...spfMechanisms(ips), '-all'].join(' '), purpose: 'Authorises the sending IPs for the return path of platform mail.' },
    { kind: 'DMARC', type: 'TXT', name: `_dmarc.${domain}`, value: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}; adkim=r; aspf=r`, purpose: `DMARC policy of ${domain}.` },
    { kind: 'MX', type: 'MX', name: bounceDomain(), value: inboundHostname(), priority: 10, purpose: 'Routes bounces of platform mail to the inbound SMTP server.' },
  ];
  const pendingRecord = pending ? dkim(pending, 'The next key: publish it, then activate it.') : null;
  return { domain, ips, active, pending, records, pendingRecord };
}

/** platformRecordSpecs with each record's live check (the same checks as tenants' sender domains). */
export async function platformMailSetup(actor: OperatorActor, opts: { resolve?: DnsResolve } = {}): Promise<PlatformMailSetup> {
  await assertPlatformOperator(actor);
  const { domain, ips, active, pending, records, pendingRecord } = await platformRecordSpecs();
  const resolve = opts.resolve ?? createResolver();
  const dkimCheck = (k: PlatformKeyRow) => guarded(() => checkDkim(resolve, { domain, dkimSelector: k.selector, dkimPublicKey: k.publicKey }));
  const checkOf = (r: PlatformRecordSpec): Promise<RecordCheck> => {
    switch (r.kind) {
      case 'DKIM': return dkimCheck(active!);
      case 'SPF': return guarded(() => checkSpf(resolve, bounceDomain(), ips));
      case 'DMARC': return guarded(() => checkDmarc(resolve, domain));
      case 'MX': return guarded(() => checkBounceMx(resolve));
    }
  };
  return {
    domain,
    bounceDomain: bounceDomain(),
    active: active && { selector: active.selector, createdAt: active.createdAt, activatedAt: active.activatedAt },
    pending: pending && { selector: pending.selector, createdAt: pending.createdAt },
    records: await Promise.all(records.map(async (r) => ({ ...r, check: await checkOf(r) }))),
    pendingRecord: pendingRecord && { ...pendingRecord, check: await dkimCheck(pending!) },
  };
}

/** Rotation, step 1: a new key that does not sign yet; its record is shown for publishing. */
export async function preparePlatformDkimKey(actor: OperatorActor): Promise<{ selector: string }> {
  await assertPlatformOperator(actor);
  const domain = platformMailDomain();
  const key = await newKey(domain);
  await getDb().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(LOCK);
    if (await tx.platformDkimKey.count({ where: { domain, activatedAt: null, retiredAt: null } })) {
      throw new DomainError('CONFLICT', 'A new key is already prepared: publish its record and activate it, or discard it.').withText('operator.keyPrepared');
    }
    await tx.platformDkimKey.create({ data: key });
  });
  await auditOperator(actor, null, 'platform.dkim.prepare', key.selector, { domain });
  return { selector: key.selector };
}

/** Rotation, step 2: the prepared key signs from now on; refused until DNS serves its record. */
export async function activatePlatformDkimKey(actor: OperatorActor, opts: { resolve?: DnsResolve } = {}): Promise<{ selector: string }> {
  await assertPlatformOperator(actor);
  const domain = platformMailDomain();
  const db = getDb();
  const pending = await db.platformDkimKey.findFirst({ where: { domain, activatedAt: null, retiredAt: null } });
  if (!pending) throw new DomainError('NOT_FOUND', 'No new key is prepared.').withText('operator.noKeyPrepared');
  const check = await guarded(() => checkDkim(opts.resolve ?? createResolver(), { domain, dkimSelector: pending.selector, dkimPublicKey: pending.publicKey }));
  if (check.status !== 'PASS') {
    throw new DomainError('PRECONDITION', `The new key's record does not check out yet: ${check.problem} Publish it and try again; the current key keeps signing.`);
  }
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(LOCK);
    await tx.platformDkimKey.updateMany({ where: { activatedAt: { not: null }, retiredAt: null }, data: { retiredAt: now } });
    await tx.platformDkimKey.update({ where: { id: pending.id }, data: { activatedAt: now } });
  });
  signerCache = null;
  await auditOperator(actor, null, 'platform.dkim.activate', pending.selector, { domain });
  return { selector: pending.selector };
}

/** Drops a prepared key that was never activated. */
export async function discardPlatformDkimKey(actor: OperatorActor): Promise<void> {
  await assertPlatformOperator(actor);
  const domain = platformMailDomain();
  const { count } = await getDb().platformDkimKey.deleteMany({ where: { domain, activatedAt: null, retiredAt: null } });
  if (count === 0) throw new DomainError('NOT_FOUND', 'No new key is prepared.').withText('operator.noKeyPrepared');
  await auditOperator(actor, null, 'platform.dkim.discard', domain, {});
}
