// Per-message log of a campaign (what each receiving server answered), paginated with a
// status filter, and the same rows as a streamed CSV export.
import { tenantDb, type MessageStatus } from '@rundbrief/db';
import { z } from 'zod';
import { csvCell } from '../security/csv-cells.ts';
import { csvDialect, type ExportFormat } from '../security/csv-format.ts';
import type { TenantCtx } from '../context.ts';
import { loadReportCampaign } from './campaign-report.ts';
import type { CoreText } from '../texts.ts';

/**
 * Message.skipReason as core stores it (sending/claim.ts, outcomes.ts, control.ts) -> its code
 * (coreTexts.skipReason.*) for the web's message log; the CSV export and API keep the stored text.
 */
const SKIP_REASON_CODES: Record<string, string> = {
  'campaign cancelled': 'campaignCancelled',
  'connection lost after the message was sent': 'connectionLost',
  'worker lost during delivery': 'workerLost',
  'suppressed-after-snapshot': 'suppressedAfterSnapshot',
};
export const skipReasonText = (reason: string | null): CoreText | null =>
  reason && SKIP_REASON_CODES[reason] ? { code: `skipReason.${SKIP_REASON_CODES[reason]}` } : null;

/** Message.bounceCategory ("hard", "soft:greylisted", …): the category (coreTexts.bounceCategory.*) and the rule that decided, as stored. */
export function bounceCategoryParts(category: string | null): { category: string; code: string; rule: string | null } | null {
  if (!category) return null;
  const cut = category.indexOf(':');
  const cat = cut < 0 ? category : category.slice(0, cut);
  return { category: cat, code: `bounceCategory.${cat.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`, rule: cut < 0 ? null : category.slice(cut + 1) };
}

export const MESSAGE_LOG_PAGE_SIZE = 50;
export const messageStatusFilter = z
  .enum(['QUEUED', 'SENDING', 'SENT', 'DEFERRED', 'BOUNCED', 'FAILED', 'SKIPPED', 'AMBIGUOUS', 'HELD'])
  .optional()
  .catch(undefined);

const select = {
  id: true, email: true, status: true, skipReason: true, attempts: true, sourceIp: true, smtpCode: true,
  smtpReply: true, bounceCategory: true, sentAt: true, firstOpenAt: true, firstClickAt: true, updatedAt: true,
} as const;

export async function listCampaignMessages(ctx: TenantCtx, campaignId: string, query: { status?: MessageStatus; page?: number } = {}) {
  await loadReportCampaign(ctx, campaignId);
  const where = { campaignId, ...(query.status ? { status: query.status } : {}) };
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const db = tenantDb(ctx.tenantId);
  const [total, rows] = await Promise.all([
    db.message.count({ where }),
    db.message.findMany({ where, select, orderBy: [{ email: 'asc' }, { id: 'asc' }], skip: (page - 1) * MESSAGE_LOG_PAGE_SIZE, take: MESSAGE_LOG_PAGE_SIZE }),
  ]);
  return { total, page, pages: Math.max(1, Math.ceil(total / MESSAGE_LOG_PAGE_SIZE)), rows };
}

const CSV_COLUMNS: Record<ExportFormat, string[]> = {
  utf8: ['email', 'status', 'skip_reason', 'attempts', 'source_ip', 'smtp_code', 'smtp_reply', 'bounce_category', 'sent_at', 'first_open_at', 'first_click_at'],
  'excel-de': ['E-Mail', 'Status', 'Übersprungen weil', 'Versuche', 'Quell-IP', 'SMTP-Code', 'Serverantwort', 'Bounce-Kategorie', 'Gesendet am', 'Erste Öffnung', 'Erster Klick'],
};

/**
 * CSV lines (header first) as UTF-8 CSV or Excel (German) (security/csv-format.ts), read in
 * id-ordered pages so a large campaign never sits in memory.
 */
export async function* campaignMessagesCsv(ctx: TenantCtx, campaignId: string, query: { status?: MessageStatus; format?: ExportFormat } = {}): AsyncGenerator<string> {
  await loadReportCampaign(ctx, campaignId);
  const db = tenantDb(ctx.tenantId);
  const format = query.format ?? 'utf8';
  const csv = csvDialect(format);
  yield csv.prefix + csv.lines([CSV_COLUMNS[format]]);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.message.findMany({
      where: { campaignId, ...(query.status ? { status: query.status } : {}), ...(cursor ? { id: { gt: cursor } } : {}) },
      select, orderBy: { id: 'asc' }, take: 2_000,
    });
    if (rows.length === 0) return;
    yield csv.lines(rows.map((r) => [
      r.email, r.status, r.skipReason, r.attempts, r.sourceIp, r.smtpCode, r.smtpReply,
      r.bounceCategory, csv.time(r.sentAt), csv.time(r.firstOpenAt), csv.time(r.firstClickAt),
    ].map(csvCell)));
    cursor = rows[rows.length - 1]!.id;
  }
}
