// Verification: look up each record through DNS and say exactly what is wrong. SPF is
// evaluated with mailauth (RFC 7208 semantics: includes, redirects, lookup limits) for
// every platform sending IP, the way a receiving server would.
import { getDb, tenantDb, type Prisma } from '@rundbrief/db';
import { spf } from 'mailauth/lib/spf/index.js';
import { z } from 'zod';
import { systemCtx, type TenantCtx } from '../context.ts';
import { notFound } from '../errors.ts';
import { bounceDomain } from '../links.ts';
import { createResolver, lookupMx, lookupTxt, type DnsResolve } from './dns.ts';
import { getSenderDomain, platformSendingIps, type RecordCheck, type SenderDomainView } from './domains.ts';
import { dkimRecordName, returnPathDomain, spfMechanisms, type RecordKind } from './records.ts';

const pass = (found: string[]): RecordCheck => ({ status: 'PASS', found, problem: null });
const fail = (found: string[], problem: string): RecordCheck => ({ status: 'FAIL', found, problem });

/** `k=v; k=v` tag list (DKIM RFC 6376 3.2, DMARC RFC 7489 6.4). */
function tags(record: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of record.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) m.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).replace(/\s+/g, ''));
  }
  return m;
}

const short = (s: string) => (s.length > 24 ? `${s.slice(0, 12)}…${s.slice(-8)}` : s);

async function checkDkimKey(resolve: DnsResolve, k: { domain: string; selector: string; publicKey: string; keyType: 'rsa' | 'ed25519' }): Promise<RecordCheck> {
  const name = dkimRecordName(k.selector, k.domain);
  const found = await lookupTxt(resolve, name);
  const keys = found.filter((r) => tags(r).has('p'));
  if (keys.length === 0) return fail(found, `No DKIM record (TXT with p=…) at ${name}.`);
  if (keys.length > 1) return fail(found, `${keys.length} DKIM records at ${name}; publish exactly one.`);
  const t = tags(keys[0]!);
  if (t.has('v') && t.get('v') !== 'DKIM1') return fail(found, `v=${t.get('v')} but expected v=DKIM1.`);
  // k= defaults to rsa (RFC 6376 3.6.1), so an Ed25519 record must say k=ed25519 (RFC 8463 §4.2).
  if ((t.get('k') ?? 'rsa').toLowerCase() !== k.keyType) {
    return fail(found, t.has('k') ? `k=${t.get('k')} but expected k=${k.keyType}.` : `No k= tag, which means k=rsa; this key needs k=${k.keyType}.`);
  }
  const p = t.get('p') ?? '';
  if (p !== k.publicKey) {
    return fail(found, p ? `p=${short(p)} does not match the key we sign with (p=${short(k.publicKey)}); copy the value again.` : 'p= is empty (a revoked key).');
  }
  return pass(found);
}

/** The RSA key (DKIM record kind). */
export function checkDkim(resolve: DnsResolve, d: { domain: string; dkimSelector: string; dkimPublicKey: string }): Promise<RecordCheck> {
  return checkDkimKey(resolve, { domain: d.domain, selector: d.dkimSelector, publicKey: d.dkimPublicKey, keyType: 'rsa' });
}

/** The Ed25519 key (DKIM-ED25519): p= is the raw 32-byte key in base64 (RFC 8463 §4.2). */
export function checkDkimEd25519(resolve: DnsResolve, d: { domain: string; ed25519Selector: string; ed25519PublicKey: string }): Promise<RecordCheck> {
  return checkDkimKey(resolve, { domain: d.domain, selector: d.ed25519Selector, publicKey: d.ed25519PublicKey, keyType: 'ed25519' });
}

/** SPF evaluation time budget: a record whose lookups take longer is a temporary error. */
const SPF_BUDGET_MS = 10_000;

/** mailauth 4.x (the line that supports Node 20) evaluates RFC 7208 with its lookup limits;
 * it has no overall time limit, so the evaluation races a timer. */
export async function evaluateSpf(o: { sender: string; ip: string; helo: string; resolver: DnsResolve; budgetMs?: number }): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((res) => { timer = setTimeout(() => res('temperror'), o.budgetMs ?? SPF_BUDGET_MS); });
  try {
    return await Promise.race([
      spf({ sender: o.sender, ip: o.ip, helo: o.helo, mta: 'rundbrief', resolver: o.resolver as never })
        .then((r) => String(r.status.result)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkSpf(resolve: DnsResolve, domain: string, ips: string[]): Promise<RecordCheck> {
  const found = (await lookupTxt(resolve, domain)).filter((r) => /^v=spf1(\s|$)/i.test(r));
  if (ips.length === 0) return fail(found, 'The platform has no sending IPs configured yet; ask the operator.');
  if (found.length === 0) return fail(found, `No SPF record (TXT "v=spf1 …") at ${domain}.`);
  if (found.length > 1) return fail(found, `${found.length} SPF records at ${domain}; RFC 7208 allows one (merge them).`);
  const failing: string[] = [];
  for (const ip of ips) {
    const result = await evaluateSpf({ sender: `postmaster@${domain}`, ip, helo: bounceDomain(), resolver: resolve });
    if (result !== 'pass') failing.push(`${ip}: ${result}`);
  }
  if (failing.length) {
    const missing = spfMechanisms(ips).filter((m) => !found[0]!.split(/\s+/).includes(m));
    const hint = missing.length ? ` Add ${missing.join(' ')} before the all mechanism.` : '';
    return fail(found, `Not every sending IP passes SPF (${failing.join(', ')}).${hint}`);
  }
  return pass(found);
}

export async function checkDmarc(resolve: DnsResolve, domain: string): Promise<RecordCheck> {
  const name = `_dmarc.${domain}`;
  const found = (await lookupTxt(resolve, name)).filter((r) => /^v=DMARC1/i.test(r));
  if (found.length === 0) return fail([], `No DMARC record (TXT "v=DMARC1; p=…") at ${name}.`);
  if (found.length > 1) return fail(found, `${found.length} DMARC records at ${name}; publish exactly one.`);
  const p = tags(found[0]!).get('p');
  if (!p || !['none', 'quarantine', 'reject'].includes(p.toLowerCase())) {
    return fail(found, `The DMARC record needs p=none, p=quarantine or p=reject (found ${p ? `p=${p}` : 'no p='}).`);
  }
  return pass(found);
}

export async function checkMx(resolve: DnsResolve, domain: string): Promise<RecordCheck> {
  const name = returnPathDomain(domain);
  const want = bounceDomain().toLowerCase();
  const mx = await lookupMx(resolve, name);
  const found = mx.map((m) => `${m.priority} ${m.exchange}`);
  if (mx.length === 0) return fail(found, `No MX record at ${name}; bounces could not reach us.`);
  if (!mx.some((m) => m.exchange.toLowerCase().replace(/\.$/, '') === want)) {
    return fail(found, `MX at ${name} points to ${mx.map((m) => m.exchange).join(', ')} but expected ${want}.`);
  }
  return pass(found);
}

/** Error while asking DNS (timeout, SERVFAIL): a failed check, never a pass. */
async function guarded(check: () => Promise<RecordCheck>): Promise<RecordCheck> {
  try {
    return await check();
  } catch (err) {
    return fail([], `DNS lookup failed (${(err as { code?: string }).code ?? (err as Error).message}); try again later.`);
  }
}

/** How long a verified domain keeps sending while its records fail (DNS outages, a botched edit). */
export const VERIFICATION_GRACE_MS = 72 * 3600_000;

/**
 * Checks all records of one domain and stores the result. Verified = DKIM (RSA) and the
 * return path pass: its MX (bounces must reach us, or list hygiene silently stops) and its
 * SPF (what receivers evaluate for our envelope sender). DMARC and the Ed25519 key are shown
 * but do not block; the Ed25519 key signs only while its record passes. A verified domain
 * whose records keep failing for VERIFICATION_GRACE_MS loses its verification, so campaigns
 * from it stop passing the checklist; a single failed lookup does not stop a send (the
 * worker falls back to the platform's bounce domain while the return path fails).
 */
export async function checkSenderDomain(ctx: TenantCtx, input: { domainId: string; resolve?: DnsResolve; now?: Date }): Promise<SenderDomainView> {
  const id = z.uuid().safeParse(input.domainId);
  const db = tenantDb(ctx.tenantId);
  const d = id.success ? await db.senderDomain.findFirst({ where: { id: id.data } }) : null;
  if (!d) throw notFound('Sender domain');
  const resolve = input.resolve ?? createResolver();
  const ips = await platformSendingIps();
  const { ed25519Selector, ed25519PublicKey } = d;
  const [dkim, ed25519, rpMx, rpSpf, dmarc] = await Promise.all([
    guarded(() => checkDkim(resolve, d)),
    ed25519Selector && ed25519PublicKey ? guarded(() => checkDkimEd25519(resolve, { domain: d.domain, ed25519Selector, ed25519PublicKey })) : null,
    guarded(() => checkMx(resolve, d.domain)),
    guarded(() => checkSpf(resolve, returnPathDomain(d.domain), ips)),
    guarded(() => checkDmarc(resolve, d.domain)),
  ]);
  const details: Partial<Record<RecordKind, RecordCheck>> = {
    DKIM: dkim, ...(ed25519 ? { 'DKIM-ED25519': ed25519 } : {}), 'RETURN-PATH-MX': rpMx, 'RETURN-PATH-SPF': rpSpf, DMARC: dmarc,
  };
  const passing = dkim.status === 'PASS' && rpMx.status === 'PASS' && rpSpf.status === 'PASS';
  const now = input.now ?? new Date();
  const prev = (d.checkDetails ?? {}) as { failingSince?: string };
  const failingSince = passing ? null : (prev.failingSince ?? now.toISOString());
  const inGrace = !!d.verifiedAt && !!failingSince && now.getTime() - Date.parse(failingSince) < VERIFICATION_GRACE_MS;
  await db.senderDomain.updateMany({
    where: { id: d.id },
    data: {
      dkimStatus: dkim.status, ed25519Status: ed25519?.status ?? 'PENDING', spfStatus: rpSpf.status, dmarcStatus: dmarc.status, mxStatus: rpMx.status,
      checkDetails: { ...details, failingSince } as unknown as Prisma.InputJsonValue,
      lastCheckedAt: now,
      verifiedAt: passing ? (d.verifiedAt ?? now) : inGrace ? d.verifiedAt : null,
    },
  });
  return getSenderDomain(ctx, { domainId: d.id });
}

/** For the scheduler: every domain of every tenant, oldest check first. */
export async function recheckAllSenderDomains(opts: { resolve?: DnsResolve; limit?: number; now?: Date } = {}): Promise<number> {
  const rows = await getDb().senderDomain.findMany({
    select: { id: true, tenantId: true },
    orderBy: { lastCheckedAt: { sort: 'asc', nulls: 'first' } },
    take: opts.limit ?? 500,
  });
  const resolve = opts.resolve ?? createResolver();
  for (const r of rows) await checkSenderDomain(systemCtx(r.tenantId), { domainId: r.id, resolve, now: opts.now });
  return rows.length;
}
