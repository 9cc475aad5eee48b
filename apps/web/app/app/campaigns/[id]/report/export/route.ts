// CSV export of a campaign's per-message log (optionally one status), streamed, as UTF-8 CSV or
// Excel (German) (?format=excel-de).
import { getTranslations } from 'next-intl/server';
import { DomainError, campaignMessagesCsv, exportFileName, messageStatusFilter } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { auditExport } from '@/lib/audit-export';
import { exportFormatOf } from '@/lib/export-format';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember('VIEWER');
  const { tenantId } = member;
  const { id } = await params;
  const status = messageStatusFilter.parse(new URL(req.url).searchParams.get('status') ?? undefined);
  const asked = await exportFormatOf(req);
  if ('refused' in asked) return asked.refused;
  const { format } = asked;
  const lines = campaignMessagesCsv({ tenantId }, id, { status, format });
  // Pull the first chunk before answering so an unknown / foreign campaign is a real 404.
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') {
      return new Response((await getTranslations('campaigns.errors'))('notFound'), { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    throw err;
  }
  await auditExport(member, req, `campaign ${id} messages.csv`, { status: status ?? null, format });
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) { if (!first.done) c.enqueue(enc.encode(first.value)); },
    async pull(c) {
      const next = await lines.next();
      if (next.done) c.close();
      else c.enqueue(enc.encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(`campaign-${id.slice(0, 8)}-messages${status ? `-${status.toLowerCase()}` : ''}`, format)}"`,
      'cache-control': 'no-store',
    },
  });
}
