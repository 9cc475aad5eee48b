// Sender domains: a tenant adds a domain it controls; we generate its DKIM key pairs (RSA
// and Ed25519) and tell it which DNS records to publish. Mail only goes out from verified
// domains.
import { generateKeyPair } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { promisify } from 'node:util';
import { getDb, tenantDb } from '@rundbrief/db';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { encryptSecret } from '../crypto.ts';
import { DomainError, notFound } from '../errors.ts';
import { expectedRecords, type DnsRecordSpec, type RecordKind } from './records.ts';

const generateKeys = promisify(generateKeyPair);

export const addSenderDomainInput = z.object({ domain: z.string().trim().min(3).max(253) });

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Lower-case ASCII (IDN -> punycode); refuses IPs, single labels and malformed names. */
export function normalizeDomain(raw: string): string {
  const ascii = domainToASCII(raw.trim().replace(/\.$/, '')).toLowerCase();
  const labels = ascii.split('.');
  if (!ascii || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels.at(-1)!)) {
    throw new DomainError('VALIDATION', `"${raw.trim()}" is not a domain name (expected something like news.example.com).`).withText('senders.notADomain', { domain: raw.trim() });
  }
  return ascii;
}

/** Selectors carry the year so a yearly key rotation can publish the next one alongside. */
export const dkimSelectorFor = (now = new Date()) => `rb${now.getUTCFullYear()}`;
/** Its own selector: one name cannot hold two keys a verifier could tell apart (RFC 8463 §4.1). */
export const ed25519SelectorFor = (now = new Date()) => `${dkimSelectorFor(now)}ed`;

/** SPKI DER of an Ed25519 key: a fixed 12-byte prefix, then the raw 32-byte key. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A new Ed25519 key: DNS gets the raw public key in base64 (RFC 8463 §4.2), not SPKI. */
export async function generateEd25519Key(now = new Date()) {
  const { publicKey, privateKey } = await generateKeys('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const spki = Buffer.from(publicKey);
  if (spki.length !== 44 || !spki.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) throw new Error('Unexpected Ed25519 SPKI encoding');
  return {
    ed25519Selector: ed25519SelectorFor(now),
    ed25519PublicKey: spki.subarray(12).toString('base64'),
    ed25519PrivateKeyEnc: encryptSecret(privateKey),
  };
}

export async function addSenderDomain(ctx: TenantCtx, input: { domain: string }) {
  const domain = normalizeDomain(addSenderDomainInput.parse({ domain: input.domain }).domain);
  const db = tenantDb(ctx.tenantId);
  if (await db.senderDomain.findFirst({ where: { domain } })) {
    throw new DomainError('CONFLICT', `${domain} is already added.`).withText('senders.domainAdded', { domain });
  }
  const { publicKey, privateKey } = await generateKeys('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return db.senderDomain.create({
    data: {
      tenantId: ctx.tenantId,
      domain,
      dkimSelector: dkimSelectorFor(),
      dkimPublicKey: Buffer.from(publicKey).toString('base64'),
      dkimPrivateKeyEnc: encryptSecret(privateKey),
      ...(await generateEd25519Key()),
    },
    select: { id: true, domain: true, dkimSelector: true, ed25519Selector: true },
  });
}

/**
 * Gives a domain added before Ed25519 keys existed its Ed25519 key. It signs once its
 * record passes a check; verification of the domain does not wait for it.
 */
export async function addEd25519Key(ctx: TenantCtx, input: { domainId: string }): Promise<{ selector: string }> {
  const id = z.uuid().safeParse(input.domainId);
  const db = tenantDb(ctx.tenantId);
  const d = id.success ? await db.senderDomain.findFirst({ where: { id: id.data }, select: { id: true, domain: true, ed25519Selector: true } }) : null;
  if (!d) throw notFound('Sender domain');
  if (d.ed25519Selector) throw new DomainError('CONFLICT', `${d.domain} already has an Ed25519 key (selector ${d.ed25519Selector}).`).withText('senders.ed25519Selector', { domain: d.domain, selector: d.ed25519Selector });
  const key = await generateEd25519Key();
  // Conditional: of two concurrent requests one adds the key, the other is told it exists.
  const { count } = await db.senderDomain.updateMany({ where: { id: d.id, ed25519Selector: null }, data: { ...key, ed25519Status: 'PENDING' } });
  if (count === 0) throw new DomainError('CONFLICT', `${d.domain} already has an Ed25519 key.`).withText('senders.ed25519', { domain: d.domain });
  return { selector: key.ed25519Selector };
}

/** The platform's sending IPs that SPF must cover (disabled ones are out of rotation). */
export async function platformSendingIps(): Promise<string[]> {
  const ips = await getDb().sendingIp.findMany({ where: { status: { not: 'DISABLED' } }, select: { address: true }, orderBy: { address: 'asc' } });
  return ips.map((i) => i.address);
}

export type RecordCheck = { status: 'PASS' | 'FAIL' | 'PENDING'; found: string[]; problem: string | null };
export type SenderDomainView = {
  id: string;
  domain: string;
  dkimSelector: string;
  /** null: the domain has no Ed25519 key yet (added before they existed); see addEd25519Key. */
  ed25519Selector: string | null;
  verified: boolean;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
  records: (DnsRecordSpec & RecordCheck)[];
  /** Set while a required record fails; a verified domain keeps its verification for a grace period. */
  failingSince: Date | null;
};

const VIEW_SELECT = {
  id: true, domain: true, dkimSelector: true, dkimPublicKey: true, ed25519Selector: true, ed25519PublicKey: true, verifiedAt: true, lastCheckedAt: true,
  spfStatus: true, dkimStatus: true, ed25519Status: true, dmarcStatus: true, mxStatus: true, checkDetails: true,
} as const;

type ViewRow = { [K in keyof typeof VIEW_SELECT]: unknown } & {
  id: string; domain: string; dkimSelector: string; dkimPublicKey: string; ed25519Selector: string | null; ed25519PublicKey: string | null;
  verifiedAt: Date | null; lastCheckedAt: Date | null; checkDetails: unknown;
};

const STATUS_COLUMN = {
  DKIM: 'dkimStatus', 'DKIM-ED25519': 'ed25519Status', 'RETURN-PATH-SPF': 'spfStatus', 'RETURN-PATH-MX': 'mxStatus', DMARC: 'dmarcStatus',
} as const satisfies Record<RecordKind, keyof ViewRow>;
const statusOf = (row: ViewRow, kind: RecordKind): RecordCheck['status'] => {
  const v = row[STATUS_COLUMN[kind]];
  return v === 'PASS' || v === 'FAIL' ? v : 'PENDING';
};

function toView(row: ViewRow, ips: string[]): SenderDomainView {
  const details = (row.checkDetails ?? {}) as Partial<Record<string, RecordCheck>>;
  return {
    id: row.id,
    domain: row.domain,
    dkimSelector: row.dkimSelector,
    ed25519Selector: row.ed25519Selector,
    verified: row.verifiedAt !== null,
    verifiedAt: row.verifiedAt,
    lastCheckedAt: row.lastCheckedAt,
    // rows created outside a DNS check (the demo seed) only carry the status columns
    records: expectedRecords(row, ips).map((r) => ({ ...r, ...(details[r.kind] ?? { status: statusOf(row, r.kind), found: [], problem: null }) })),
    failingSince: typeof (row.checkDetails as { failingSince?: unknown })?.failingSince === 'string'
      ? new Date((row.checkDetails as { failingSince: string }).failingSince) : null,
  };
}

export async function listSenderDomains(ctx: TenantCtx): Promise<SenderDomainView[]> {
  const [rows, ips] = await Promise.all([
    tenantDb(ctx.tenantId).senderDomain.findMany({ select: VIEW_SELECT, orderBy: { domain: 'asc' } }),
    platformSendingIps(),
  ]);
  return rows.map((r) => toView(r as ViewRow, ips));
}

export async function getSenderDomain(ctx: TenantCtx, input: { domainId: string }): Promise<SenderDomainView> {
  const id = z.uuid().safeParse(input.domainId);
  const row = id.success ? await tenantDb(ctx.tenantId).senderDomain.findFirst({ where: { id: id.data }, select: VIEW_SELECT }) : null;
  if (!row) throw notFound('Sender domain');
  return toView(row as ViewRow, await platformSendingIps());
}

export async function removeSenderDomain(ctx: TenantCtx, input: { domainId: string }): Promise<void> {
  const id = z.uuid().safeParse(input.domainId);
  const { count } = id.success ? await tenantDb(ctx.tenantId).senderDomain.deleteMany({ where: { id: id.data } }) : { count: 0 };
  if (count === 0) throw notFound('Sender domain');
}
