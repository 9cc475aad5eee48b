import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { getTranslations } from 'next-intl/server';
import { importSuppressionsCsv } from '@rundbrief/core';
import { requireCtx } from '@/lib/session';
import { errorResponse, toErrorResponse } from '@/lib/api';

export async function POST(req: Request) {
  const ctx = await requireCtx('MARKETER');
  if (!req.body) return errorResponse(400, 'BAD_REQUEST', (await getTranslations('suppressions.import'))('noBody'));
  try {
    return Response.json(await importSuppressionsCsv(ctx, { note: `csv import by ${ctx.actor}`, body: Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
