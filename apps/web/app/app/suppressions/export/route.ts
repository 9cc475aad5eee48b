import { exportSuppressionsCsv } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { auditExport } from '@/lib/audit-export';

export async function GET(req: Request) {
  const member = await requireMember();
  const { tenantId } = member;
  await auditExport(member, req, 'suppressions.csv');
  const chunks = exportSuppressionsCsv({ tenantId });
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="suppressions.csv"' } });
}
