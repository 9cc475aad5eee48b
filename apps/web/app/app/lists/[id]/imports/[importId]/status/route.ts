// Polled by the progress bar.
import { getImport, refusalReportAvailable } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { toErrorResponse } from '@/lib/api';

export async function GET(_req: Request, { params }: { params: Promise<{ importId: string }> }) {
  const { tenantId } = await requireMember();
  const { importId } = await params;
  try {
    const i = await getImport({ tenantId }, importId);
    return Response.json(
      { status: i.status, consentMode: i.consentMode, totalRows: i.totalRows, processedRows: i.processedRows, importedRows: i.importedRows, refusedRows: i.refusedRows, error: i.error, reportAvailable: refusalReportAvailable(i) },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (err) {
    return toErrorResponse(err);
  }
}
