// The per-row refusal report (line, email, reason, detail, and how the file was read: encoding,
// separator, decimal_mark) as a CSV download, streamed.
// Reports are deleted after the retention period: then a plain 410 says so.
import { Readable } from 'node:stream';
import { DomainError, openRefusalReport } from '@rundbrief/core';
import { requireMember } from '@/lib/session';
import { toErrorResponse } from '@/lib/api';

export async function GET(_req: Request, { params }: { params: Promise<{ importId: string }> }) {
  const { tenantId } = await requireMember();
  const { importId } = await params;
  try {
    const r = await openRefusalReport({ tenantId }, importId);
    return new Response(Readable.toWeb(r.stream) as ReadableStream, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${r.fileName}"` },
    });
  } catch (err) {
    // A person followed a download link: answer in words, not JSON.
    if (err instanceof DomainError && (err.code === 'GONE' || err.code === 'CONFLICT')) {
      return new Response(err.message, { status: err.code === 'GONE' ? 410 : 409, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    return toErrorResponse(err);
  }
}
