// Streams an uploaded CSV (raw body) to .data/imports and creates the Import for mapping.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { getTranslations } from 'next-intl/server';
import { createImport } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { errorResponse, toErrorResponse } from '@/lib/api';

/** UploadForm sends the name URI-encoded; a malformed encoding keeps the raw name, not a 500. */
function fileNameOf(header: string | null): string {
  if (!header) return 'upload.csv';
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await requireCtx('MARKETER');
  const { id } = await params;
  if (!req.body) return errorResponse(400, 'BAD_REQUEST', (await getTranslations('lists.upload'))('noBody'));
  try {
    const r = await createImport(ctx, { listId: id, fileName: fileNameOf(req.headers.get('x-file-name')), body: Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>) });
    return Response.json({ importId: r.import.id });
  } catch (err) {
    return toErrorResponse(err);
  }
}
