// Operator edits of the platform blocklist (/admin/blocklist). An entry is a normalised
// address or a domain; a domain also blocks its subdomains, on every path alike (sign-up,
// import, campaign snapshot: deliverability/blocklist-match.ts).
import { z } from 'zod';
import { getDb, Prisma, type BlockKind } from '@rundbrief/db';
import { checkAddress } from '../deliverability/address.ts';
import { DomainError } from '../errors.ts';
import { assertPlatformOperator, auditOperator, type OperatorActor } from './operator.ts';
import { zodText, issueText } from '../texts.ts';

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const DOMAIN_KINDS: BlockKind[] = ['FORM_SPAM_DOMAIN', 'DISPOSABLE_DOMAIN'];

export const blockEntryInput = z.object({
  value: z.string().trim().toLowerCase().min(1, zodText('operator.blockValueRequired', 'Enter an address or a domain.')).transform((v, ctx) => {
    if (!v.includes('@')) {
      if (!DOMAIN.test(v)) ctx.addIssue({ code: 'custom', ...issueText('operator.blockValueFormat', 'Enter an address (user@example.com) or a domain (example.com).') });
      return v;
    }
    const r = checkAddress(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
    return r.ok ? r.normalized : v;
  }),
  kind: z.enum(['HONEYPOT', 'SPAM_TRAP', 'FORM_SPAM_DOMAIN', 'DISPOSABLE_DOMAIN'], zodText('operator.blockKind', 'Choose why the entry is blocked.')),
  note: z.string().trim().max(500, zodText('common.max500', 'At most 500 characters.')).transform((v) => v || null),
}).refine((e) => !DOMAIN_KINDS.includes(e.kind) || !e.value.includes('@'), {
  ...zodText('operator.blockKindDomain', 'This kind is for domains; enter a domain, or choose honeypot or spam trap for an address.'),
  path: ['kind'],
});

export async function listBlockedEntries(actor: OperatorActor, opts: { search?: string; take?: number } = {}) {
  await assertPlatformOperator(actor);
  const search = opts.search?.trim().toLowerCase();
  return getDb().blockedAddress.findMany({
    where: search ? { value: { contains: search } } : {},
    orderBy: { createdAt: 'desc' },
    take: opts.take ?? 200,
  });
}

export async function addBlockedEntry(actor: OperatorActor, input: unknown) {
  await assertPlatformOperator(actor);
  const data = blockEntryInput.parse(input);
  try {
    const entry = await getDb().blockedAddress.create({ data });
    await auditOperator(actor, null, 'platform.blocklist.add', entry.value, { before: null, after: { kind: entry.kind, note: entry.note } });
    return entry;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new DomainError('CONFLICT', `${data.value} is already on the blocklist.`).withText('operator.onBlocklist', { value: data.value });
    }
    throw err;
  }
}

export async function removeBlockedEntry(actor: OperatorActor, entryId: string) {
  await assertPlatformOperator(actor);
  if (!z.uuid().safeParse(entryId).success) throw new DomainError('NOT_FOUND', 'Blocklist entry not found').withText('common.notFound', { what: 'Blocklist entry' });
  const db = getDb();
  const entry = await db.blockedAddress.findUnique({ where: { id: entryId } });
  if (!entry) throw new DomainError('NOT_FOUND', 'Blocklist entry not found').withText('common.notFound', { what: 'Blocklist entry' });
  await db.blockedAddress.delete({ where: { id: entry.id } });
  await auditOperator(actor, null, 'platform.blocklist.remove', entry.value, { before: { kind: entry.kind, note: entry.note }, after: null });
}
