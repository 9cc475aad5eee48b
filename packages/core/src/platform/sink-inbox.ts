// The development mail sink's inbox (/dev/inbox, operators only). SinkMessage is not
// tenant-owned: it is everything the local SMTP sink received, across tenants.
import { z } from 'zod';
import { getDb, type Prisma } from '@rundbrief/db';
import { DomainError } from '../errors.ts';
import { assertPlatformOperator, type OperatorActor } from './operator.ts';

export const sinkInboxQuerySchema = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

export type SinkHeader = { key: string; value: string };

export async function listSinkMessages(actor: OperatorActor, input: { q?: string; page?: number | string; pageSize?: number }) {
  await assertPlatformOperator(actor);
  const { q, page, pageSize } = sinkInboxQuerySchema.parse(input);
  // Recipient search matches the To header (partial) or an envelope recipient (exact), so
  // Bcc'd and VERP-addressed mail is found too.
  const where: Prisma.SinkMessageWhereInput = q
    ? {
        OR: [
          { subject: { contains: q, mode: 'insensitive' } },
          { toHeader: { contains: q, mode: 'insensitive' } },
          { rcptTo: { has: q.toLowerCase() } },
          { rcptTo: { has: q } },
        ],
      }
    : {};
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.sinkMessage.count({ where }),
    db.sinkMessage.findMany({
      where,
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, mailFrom: true, fromHeader: true, rcptTo: true, toHeader: true, subject: true, remoteIp: true, heloName: true, receivedAt: true, size: true },
    }),
  ]);
  return { total, page, pageSize, rows };
}

export async function getSinkMessage(actor: OperatorActor, id: string) {
  await assertPlatformOperator(actor);
  if (!z.uuid().safeParse(id).success) throw new DomainError('NOT_FOUND', 'Message not found').withText('common.notFound', { what: 'Message' });
  const row = await getDb().sinkMessage.findUnique({ where: { id } });
  if (!row) throw new DomainError('NOT_FOUND', 'Message not found').withText('common.notFound', { what: 'Message' });
  // Stored as mailparser header lines ({ key, line: "Name: value" }); show name and value.
  const headers: SinkHeader[] = (Array.isArray(row.headers) ? row.headers : []).flatMap((h) => {
    const line = (h as { line?: unknown })?.line;
    if (typeof line !== 'string') return [];
    const colon = line.indexOf(':');
    return colon > 0 ? [{ key: line.slice(0, colon), value: line.slice(colon + 1).trim() }] : [];
  });
  return { ...row, headerList: headers };
}

/** The http(s) links of an HTML body, in order, without duplicates (for the inbox's link list). */
export function extractLinks(html: string): string[] {
  const links = new Set<string>();
  for (const m of html.matchAll(/<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const href = (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&').trim();
    if (/^https?:\/\//i.test(href)) links.add(href);
  }
  return [...links];
}
