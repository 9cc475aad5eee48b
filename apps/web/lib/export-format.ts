// ?format= of the CSV exports (subscribers, suppressions, a campaign's message log):
// utf8 (the default) or excel-de (security/csv-format.ts); anything else is a 400 in words.
import { getTranslations } from 'next-intl/server';
import { isExportFormat, type ExportFormat } from '@rundbrief/core';
import { errorResponse } from '@/lib/api';

export async function exportFormatOf(req: Request): Promise<{ format: ExportFormat } | { refused: Response }> {
  const raw = new URL(req.url).searchParams.get('format') || 'utf8';
  if (isExportFormat(raw)) return { format: raw };
  return { refused: errorResponse(400, 'BAD_REQUEST', (await getTranslations('common'))('exportFormat')) };
}
