// Sender domains: a tenant adds a domain it controls; we generate its DKIM key pair and
// tell it which DNS records to publish. Mail only goes out from verified domains.
import { generateKeyPair } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { promisify } from 'node:util';
import { getDb, tenantDb } from '@rundbrief/db';
import { z } from 'zod';
import type { TenantCtx } from '../context.ts';
import { encryptSecret } from '../crypto.ts';
import { DomainError, notFound } from '../errors.ts';
import { expectedRecords, type DnsRecordSpec } from './records.ts';

const generateRsa = promisify(generateKeyPair);

export const addSenderDomainInput = z.object({ domain: z.string().trim().min(3).max(253) });

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Lower-case ASCII (IDN -> punycode); refuses IPs, single labels and malformed names. */
export function normalizeDomain(raw: string): string {
  const ascii = domainToASCII(raw.trim().replace(/\.$/, '')).toLowerCase();
  const labels = ascii.split('.');
  if (!ascii || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels.at(-1)!)) {
    throw new DomainError('VALIDATION', `"${raw.trim()}" is not a domain name (expected something like news.example.com).`);
  }
  return ascii;
}

/** Selectors carry the year so a yearly key rotation can publish the next one alongside. */
export const dkimSelectorFor = (now = new Date()) => `rb${now.getUTCFullYear()}`;

export async function addSenderDomain(ctx: TenantCtx, input: { domain: string }) {
  const domain = normalizeDomain(addSenderDomainInput.parse({ domain: input.domain }).domain);
  const db = tenantDb(ctx.tenantId);
  if (await db.senderDomain.findFirst({ where: { domain } })) {
    throw new DomainError('CONFLICT', `${domain} is already added.`);
  }
  const { publicKey, privateKey } = await generateRsa('rsa', {
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
    },
    select: { id: true, domain: true, dkimSelector: true },
  });
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
  verified: boolean;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
  records: (DnsRecordSpec & RecordCheck)[];
  /** Set while DKIM or SPF fail; a verified domain keeps its verification for a grace period. */
  failingSince: Date | null;
};

const VIEW_SELECT = {
  id: true, domain: true, dkimSelector: true, dkimPublicKey: true, verifiedAt: true, lastCheckedAt: true,
  spfStatus: true, dkimStatus: true, dmarcStatus: true, mxStatus: true, checkDetails: true,
} as const;

type ViewRow = { [K in keyof typeof VIEW_SELECT]: unknown } & {
  id: string; domain: string; dkimSelector: string; dkimPublicKey: string; verifiedAt: Date | null; lastCheckedAt: Date | null; checkDetails: unknown;
};

const STATUS_COLUMN = { DKIM: 'dkimStatus', SPF: 'spfStatus', DMARC: 'dmarcStatus', MX: 'mxStatus' } as const;
const statusOf = (row: ViewRow, kind: keyof typeof STATUS_COLUMN): RecordCheck['status'] => {
  const v = row[STATUS_COLUMN[kind]];
  return v === 'PASS' || v === 'FAIL' ? v : 'PENDING';
};

function toView(row: ViewRow, ips: string[]): SenderDomainView {
  const details = (row.checkDetails ?? {}) as Partial<Record<string, RecordCheck>>;
  return {
    id: row.id,
    domain: row.domain,
    dkimSelector: row.dkimSelector,
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
