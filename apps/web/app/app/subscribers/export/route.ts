// Streamed CSV export of the subscribers matching the page's filter (or a list), as UTF-8
// CSV or Excel (German) (?format=excel-de; see exportSubscribersCsv).
import { exportFileName, exportSubscribersCsv, subscriberFilterSchema } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { auditExport } from '@/lib/audit-export';
import { toErrorResponse } from '@/lib/api';
import { exportFormatOf } from '@/lib/export-format';

export async function GET(req: Request) {
  const member = await requireMember();
  const { tenantId } = member;
  try {
    const asked = await exportFormatOf(req);
    if ('refused' in asked) return asked.refused;
    const { format } = asked;
    const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([k, v]) => v !== '' && k !== 'format'));
    const filter = subscriberFilterSchema.parse(params);
    await auditExport(member, req, 'subscribers.csv', { filter, format });
    const chunks = exportSubscribersCsv({ tenantId }, filter, format);
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(enc.encode(next.value));
      },
      async cancel() { await chunks.return(undefined); },
    });
    return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${exportFileName('subscribers', format)}"` } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
