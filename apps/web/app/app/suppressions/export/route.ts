// The suppression list as a CSV download: UTF-8 CSV or Excel (German) (?format=excel-de).
import { exportFileName, exportSuppressionsCsv } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { auditExport } from '@/lib/audit-export';
import { exportFormatOf } from '@/lib/export-format';

export async function GET(req: Request) {
  const member = await requireMember();
  const { tenantId } = member;
  const asked = await exportFormatOf(req);
  if ('refused' in asked) return asked.refused;
  const { format } = asked;
  await auditExport(member, req, 'suppressions.csv', { format });
  const chunks = exportSuppressionsCsv({ tenantId }, format);
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${exportFileName('suppressions', format)}"` } });
}
