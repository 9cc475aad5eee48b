// Streamed CSV export of the subscribers matching the page's filter (or a list).
import { exportSubscribersCsv, subscriberFilterSchema } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { auditExport } from '@/lib/audit-export';
import { toErrorResponse } from '@/lib/api';

export async function GET(req: Request) {
  const member = await requireMember();
  const { tenantId } = member;
  try {
    const filter = subscriberFilterSchema.parse(Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== '')));
    await auditExport(member, req, 'subscribers.csv', { filter });
    const chunks = exportSubscribersCsv({ tenantId }, filter);
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(enc.encode(next.value));
      },
      async cancel() { await chunks.return(undefined); },
    });
    return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="subscribers.csv"' } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
