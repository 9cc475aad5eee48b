import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { importSuppressionsCsv } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { errorResponse, toErrorResponse } from '@/lib/api';

export async function POST(req: Request) {
  const ctx = await requireCtx('MARKETER');
  if (!req.body) return errorResponse(400, 'BAD_REQUEST', 'Send the CSV file as the request body.');
  try {
    return Response.json(await importSuppressionsCsv(ctx, { note: `csv import by ${ctx.actor}`, body: Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
