// The per-row refusal report (line, email, reason, detail) as a CSV download, streamed.
import { Readable } from 'node:stream';
import { getImport, openImportReport } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { errorResponse, toErrorResponse } from '@/lib/api';

export async function GET(_req: Request, { params }: { params: Promise<{ importId: string }> }) {
  const { tenantId } = await requireMember();
  const { importId } = await params;
  try {
    const i = await getImport({ tenantId, importId });
    if (!i.reportPath) return errorResponse(404, 'NOT_FOUND', 'This import has no report yet.');
    return new Response(Readable.toWeb(openImportReport({ path: i.reportPath })) as ReadableStream, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="refused-${i.id}.csv"` },
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
