// The local development DNS zone: records kept in Postgres (DevDnsRecord) and served on
// loopback by the dev DNS process (apps/worker/src/dns-main.ts), so the demo domain and a
// newcomer's own domain verify through real DNS packets on one machine. Platform-wide
// developer tooling, not tenant data; every function refuses unless the dev DNS is enabled:
// DEV_DNS_PORT set and DNS_RESOLVER pointing at it on loopback. A production configuration
// sets neither (DNS_RESOLVER unset = the system's resolvers), so none of this can run there.
import { domainToASCII } from 'node:url';
import { getDb, tenantDb, type DevDnsType } from '@rundbrief/db';
import { z } from 'zod';
import { recordAudit } from '../accounts/audit.ts';
import type { TenantCtx } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { assertPlatformOperator, auditOperator, type OperatorActor } from '../platform/operator.ts';
import { startDnsServer, type ZoneRecords } from './dns-test-server.ts';
import { platformSendingIps } from './domains.ts';
import { expectedRecords } from './records.ts';
import { bounceDomain } from '../links.ts';
import { platformRecordSpecs } from '../platform/platform-dkim.ts';
import { zodText, issueText } from '../texts.ts';

const port = z.coerce.number().int().min(1).max(65535);

/** The dev DNS port when it is enabled, else null. */
export function devDnsPort(env: NodeJS.ProcessEnv = process.env): number | null {
  const p = port.safeParse(env.DEV_DNS_PORT || undefined);
  if (!p.success) return null;
  const resolver = (env.DNS_RESOLVER ?? '').trim().toLowerCase();
  return [`127.0.0.1:${p.data}`, `localhost:${p.data}`].includes(resolver) ? p.data : null;
}

export const devDnsEnabled = (env: NodeJS.ProcessEnv = process.env) => devDnsPort(env) !== null;

function assertEnabled() {
  if (!devDnsEnabled()) {
    throw new DomainError('PRECONDITION', 'The local dev DNS is off (DEV_DNS_PORT and DNS_RESOLVER=127.0.0.1:<that port> are not set); publish the records at your DNS provider.');
  }
}

const HOST = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?$/;

const hostName = (what: string) => z.string().trim().min(1, zodText('devDns.enterName', `Enter the ${what}.`, { what })).max(253, zodText('devDns.max253', `At most 253 characters.`))
  .transform((v, ctx) => {
    const ascii = domainToASCII(v.replace(/\.$/, '')).toLowerCase() || v.toLowerCase();
    if (!HOST.test(ascii)) ctx.addIssue({ code: 'custom', ...issueText('devDns.notDnsName', `"${v}" is not a DNS name (letters, digits, -, _ and dots, like _dmarc.example.com).`, { value: v }) });
    return ascii;
  });

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const devDnsRecordInput = z.object({
  name: hostName('name'),
  type: z.enum(['TXT', 'MX', 'A', 'CNAME'], zodText('devDns.chooseType', 'Choose TXT, MX, A or CNAME.')),
  value: z.string().trim().min(1, zodText('devDns.enterValue', 'Enter the value.')).max(4000, zodText('devDns.max4000', 'At most 4000 characters.'))
    .refine((v) => !/[\r\n\0]/.test(v), zodText('devDns.oneLine', 'One line, no line breaks.')),
  priority: z.union([z.literal('').transform(() => undefined), z.coerce.number(zodText('devDns.priorityNumber', 'The priority is a number.'))
    .int(zodText('devDns.priorityWhole', 'The priority is a whole number.')).min(0, zodText('devDns.priorityRange', 'The priority is 0 to 65535.')).max(65535, zodText('devDns.priorityRange', 'The priority is 0 to 65535.'))]).optional(),
}).transform((r, ctx) => {
  let value = r.value;
  if (r.type === 'A' && !IPV4.test(value)) ctx.addIssue({ code: 'custom', path: ['value'], ...issueText('devDns.aRecord', 'An A record holds an IPv4 address such as 127.0.0.1.') });
  if (r.type === 'MX' || r.type === 'CNAME') {
    const host = hostName('value').safeParse(value);
    if (!host.success) ctx.addIssue({ code: 'custom', path: ['value'], ...issueText('devDns.hostValue', `${r.type === 'MX' ? 'An MX' : 'A CNAME'} record points to a host name such as mail.example.com.`, { article: r.type === 'MX' ? 'An' : 'A', type: r.type }) });
    else value = host.data;
  }
  // TXT values: the text itself, without surrounding quotes (pasted zone-file style)
  if (r.type === 'TXT') value = value.replace(/^"(.*)"$/s, '$1');
  if (r.type === 'MX' && r.priority === undefined) ctx.addIssue({ code: 'custom', path: ['priority'], ...issueText('devDns.mxPriority', 'An MX record needs a priority (10 is usual).') });
  return { name: r.name, type: r.type as DevDnsType, value, priority: r.type === 'MX' ? (r.priority ?? null) : null };
});

export type DevDnsRecordInput = z.input<typeof devDnsRecordInput>;

export async function listDevDnsRecords(actor: OperatorActor, opts: { search?: string } = {}) {
  assertEnabled();
  await assertPlatformOperator(actor);
  const q = opts.search?.trim().toLowerCase().slice(0, 253);
  return getDb().devDnsRecord.findMany({
    where: q ? { OR: [{ name: { contains: q } }, { value: { contains: q, mode: 'insensitive' } }] } : {},
    orderBy: [{ name: 'asc' }, { type: 'asc' }, { createdAt: 'asc' }],
    take: 500,
  });
}

export async function addDevDnsRecord(actor: OperatorActor, input: unknown) {
  assertEnabled();
  await assertPlatformOperator(actor);
  const data = devDnsRecordInput.parse(input);
  const row = await getDb().devDnsRecord.create({ data });
  await auditOperator(actor, null, 'dev_dns.add', `${row.type} ${row.name}`, { value: row.value.slice(0, 200) });
  return row;
}

export async function removeDevDnsRecord(actor: OperatorActor, recordId: string) {
  assertEnabled();
  await assertPlatformOperator(actor);
  const id = z.uuid().safeParse(recordId);
  const row = id.success ? await getDb().devDnsRecord.findUnique({ where: { id: id.data } }) : null;
  if (!row) throw notFound('DNS record');
  await getDb().devDnsRecord.deleteMany({ where: { id: row.id } });
  await auditOperator(actor, null, 'dev_dns.remove', `${row.type} ${row.name}`, {});
}

/** What makes two TXT records "the same record" for replacing: their tag (v=spf1, v=DKIM1, ...). */
const txtTag = (v: string) => v.trim().split(/[\s;]/)[0]!.toLowerCase();

type ZoneSpec = { name: string; type: string; value: string; priority?: number };

/**
 * Writes records into the zone, replacing earlier versions of the same record (same name,
 * type and, for TXT, the same v= tag) and leaving other records at those names alone. Every
 * name must lie at or under one of `under`; nothing is written elsewhere.
 */
async function writeZone(specs: ZoneSpec[], under: string[]) {
  const roots = under.map((u) => u.toLowerCase());
  const db = getDb();
  await db.$transaction(async (tx) => {
    for (const r of specs) {
      const name = r.name.toLowerCase().replace(/\.$/, '');
      if (!roots.some((d) => name === d || name.endsWith(`.${d}`))) throw new DomainError('VALIDATION', `${name} is not under ${roots.join(' or ')}.`).withText('devDns.notUnder', { name, roots: roots.join(' or ') });
      const same = await tx.devDnsRecord.findMany({ where: { name, type: r.type as DevDnsType } });
      const stale = same.filter((s) => r.type !== 'TXT' || txtTag(s.value) === txtTag(r.value)).map((s) => s.id);
      if (stale.length) await tx.devDnsRecord.deleteMany({ where: { id: { in: stale } } });
      await tx.devDnsRecord.create({ data: { name, type: r.type as DevDnsType, value: r.value, priority: r.type === 'MX' ? (r.priority ?? 10) : null } });
    }
  });
  return specs.length;
}

/** The records expectedRecords() lists for a domain row, into the zone. No tenant check: callers have one. */
export async function writeExpectedRecords(d: Parameters<typeof expectedRecords>[0]) {
  return writeZone(expectedRecords(d, await platformSendingIps()), [d.domain]);
}

/**
 * The platform mail's records (its DKIM key, SPF and MX of the bounce domain, DMARC), into
 * the zone: on one machine, platform mail then verifies like the demo domain's. For the seed.
 */
export async function writePlatformRecords() {
  const p = await platformRecordSpecs();
  return writeZone([...p.records, ...(p.pendingRecord ? [p.pendingRecord] : [])], [p.domain, bounceDomain()]);
}

/**
 * The domain page's "Publish these records to the local dev DNS": only the tenant's own
 * domain (looked up tenant-scoped), and refused when another account has added the same
 * domain name, so tenant B cannot overwrite the records tenant A's verification reads.
 */
export async function publishExpectedRecords(ctx: TenantCtx, input: { domainId: string }): Promise<{ records: number }> {
  assertEnabled();
  const id = z.uuid().safeParse(input.domainId);
  const d = id.success ? await tenantDb(ctx.tenantId).senderDomain.findFirst({ where: { id: id.data } }) : null;
  if (!d) throw notFound('Sender domain');
  const other = await getDb().senderDomain.count({ where: { domain: d.domain, tenantId: { not: ctx.tenantId } } });
  if (other > 0) {
    throw new DomainError('CONFLICT', `Another account has also added ${d.domain}; a platform operator can publish its records in /dev/dns.`).withText('senders.otherAccount', { domain: d.domain });
  }
  const records = await writeExpectedRecords(d);
  await recordAudit(ctx.tenantId, { userId: ctx.userId ?? null, actor: ctx.actor ?? null, ip: ctx.ip ?? null, action: 'domain.dev_dns_publish', target: d.domain, details: { records } });
  return { records };
}

/** The zone as the DNS server answers it: one indexed query per question, so a change applies at once. */
export async function loadDevZone(name: string): Promise<ZoneRecords | undefined> {
  const rows = await getDb().devDnsRecord.findMany({ where: { name }, orderBy: { createdAt: 'asc' } });
  if (rows.length === 0) return undefined;
  const z: ZoneRecords = {};
  for (const r of rows) {
    if (r.type === 'TXT') (z.TXT ??= []).push(r.value);
    else if (r.type === 'MX') (z.MX ??= []).push({ exchange: r.value, priority: r.priority ?? 10 });
    else if (r.type === 'A') (z.A ??= []).push(r.value);
    else (z.CNAME ??= []).push(r.value);
  }
  return z;
}

/** The dev DNS server (the stack's `dns` process; the seed runs one for a moment on port 0). */
export function startDevDnsServer(opts: { port?: number } = {}) {
  return startDnsServer(new Map(), { port: opts.port ?? 0, lookup: loadDevZone });
}
