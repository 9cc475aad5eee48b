// Operator edits of the platform settings (/admin/feedback): feedback-loop reporters and the
// trusted reverse proxies. Both decide whom the platform believes (a reporter's mail can
// suppress any tenant's subscribers; a proxy's X-Forwarded-For picks the client IP that
// tenants' allowlists check), so every change is validated strictly and audited.
import { z } from 'zod';
import { parseCidr } from '../accounts/ip-allowlist.ts';
import { recordAudit } from '../accounts/audit.ts';
import { DomainError } from '../errors.ts';
import { platformSettings, updatePlatformSettings, type FblReporter, type PlatformSettings } from './settings.ts';
import { assertPlatformOperator } from './operator.ts';
import { zodText } from '../texts.ts';

export type OperatorActor = { userId: string; email: string; ip: string | null };

// Wider ranges would admit mail from a large part of the Internet.
const WIDEST = { 4: 8, 6: 24 } as const;

const cidrEntry = (what: string) =>
  z.string().trim().min(1).superRefine((v, ctx) => {
    const c = parseCidr(v);
    if ('error' in c) return void ctx.addIssue({ code: 'custom', message: `${what}: ${c.error}` });
    if (c.prefix < WIDEST[c.family]) {
      ctx.addIssue({ code: 'custom', message: `${what}: "${v}" is too wide (IPv${c.family} ranges must be /${WIDEST[c.family]} or narrower)` });
    }
  });

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** One address or domain per line (commas and spaces also separate). */
const lines = (v: unknown) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v);

export const reporterInput = z.object({
  name: z.string().trim().min(1, zodText('operator.reporterName', 'Name the reporter (for example "Microsoft JMRP").')).max(100, zodText('common.max100', 'At most 100 characters.')),
  ips: z.preprocess(lines, z.array(cidrEntry('Source address')).max(200, zodText('operator.reporterSources', 'At most 200 source addresses.'))),
  dkimDomains: z.preprocess(lines, z.array(
    z.string().trim().toLowerCase().refine((d) => DOMAIN.test(d), zodText('operator.reporterDkim', 'DKIM domain: enter a domain name such as fbl.provider.example')),
  ).max(50, zodText('operator.reporterDkimMax', 'At most 50 DKIM domains.'))),
}).refine((r) => r.ips.length + r.dkimDomains.length > 0, {
  ...zodText('operator.reporterEmpty', 'Give at least one source address (IP or CIDR) or one DKIM domain; a reporter without either admits nothing.'),
  path: ['ips'],
});

export const trustedProxiesInput = z.object({
  trustedProxies: z.preprocess(lines, z.array(cidrEntry('Proxy')).max(100, zodText('operator.proxiesMax', 'At most 100 proxies.'))),
});

const MAX_REPORTERS = 100;

async function audit(actor: OperatorActor, action: string, target: string, details: Record<string, unknown>) {
  await recordAudit(null, { userId: actor.userId, actor: actor.email, action, target, ip: actor.ip, details });
}

/** Adds a reporter, or replaces the one with the same name (case-insensitive). */
/** The platform settings as the operator's console shows them. */
export async function operatorPlatformSettings(actor: OperatorActor): Promise<PlatformSettings> {
  await assertPlatformOperator(actor);
  return platformSettings();
}

export async function saveFblReporter(actor: OperatorActor, input: unknown): Promise<PlatformSettings> {
  await assertPlatformOperator(actor);
  const reporter: FblReporter = reporterInput.parse(input);
  const { fblReporters } = await platformSettings();
  const before = fblReporters.find((r) => r.name.toLowerCase() === reporter.name.toLowerCase()) ?? null;
  const next = [...fblReporters.filter((r) => r !== before), reporter].sort((a, b) => a.name.localeCompare(b.name));
  if (next.length > MAX_REPORTERS) throw new DomainError('VALIDATION', `At most ${MAX_REPORTERS} reporters.`).withText('operator.maxReporters', { count: MAX_REPORTERS });
  const saved = await updatePlatformSettings({ fblReporters: next });
  await audit(actor, before ? 'platform.fbl_reporter.update' : 'platform.fbl_reporter.add', reporter.name, { before, after: reporter });
  return saved;
}

export async function removeFblReporter(actor: OperatorActor, name: string): Promise<PlatformSettings> {
  await assertPlatformOperator(actor);
  const { fblReporters } = await platformSettings();
  const gone = fblReporters.find((r) => r.name === name);
  if (!gone) throw new DomainError('NOT_FOUND', `No reporter named "${name}".`).withText('operator.noReporter', { name });
  const saved = await updatePlatformSettings({ fblReporters: fblReporters.filter((r) => r !== gone) });
  await audit(actor, 'platform.fbl_reporter.remove', name, { before: gone, after: null });
  return saved;
}

export async function saveTrustedProxies(actor: OperatorActor, input: unknown): Promise<PlatformSettings> {
  await assertPlatformOperator(actor);
  const { trustedProxies } = trustedProxiesInput.parse(input);
  const before = (await platformSettings()).trustedProxies;
  const saved = await updatePlatformSettings({ trustedProxies });
  await audit(actor, 'platform.trusted_proxies.update', 'trustedProxies', { before, after: trustedProxies });
  return saved;
}
