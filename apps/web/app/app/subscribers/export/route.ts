// Streamed CSV export of the subscribers matching the page's filter (or a list), as UTF-8
// CSV or Excel (German) (?format=excel-de; see exportSubscribersCsv).
import { getTranslations } from 'next-intl/server';
import { exportFormats, exportSubscribersCsv, subscriberFilterSchema, type ExportFormat } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { auditExport } from '@/lib/audit-export';
import { errorResponse, toErrorResponse } from '@/lib/api';

export async function GET(req: Request) {
  const member = await requireMember();
  const { tenantId } = member;
  try {
    const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== ''));
    const { format = 'utf8', ...rest } = params;
    if (!(exportFormats as readonly string[]).includes(format)) return errorResponse(400, 'BAD_REQUEST', (await getTranslations('subscribers'))('exportFormat'));
    const filter = subscriberFilterSchema.parse(rest);
    await auditExport(member, req, 'subscribers.csv', { filter, format });
    const chunks = exportSubscribersCsv({ tenantId }, filter, format as ExportFormat);
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(enc.encode(next.value));
      },
      async cancel() { await chunks.return(undefined); },
    });
    return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${format === 'excel-de' ? 'subscribers-excel.csv' : 'subscribers.csv'}"` } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
