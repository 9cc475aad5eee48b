// Campaign start: request (web: send now / schedule) -> start job (worker: checklist again,
// compile once, snapshot, SENDING) -> dispatch of batch jobs.
import { getDb, tenantDb, Prisma, sqlQuery } from '@rundbrief/db';
import { systemCtx, type TenantCtx } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { enqueue, enqueueBulk } from '../jobs/queue.ts';
import { snapshotAudience, type SnapshotResult } from './snapshot.ts';
import { sendingEnv } from './env.ts';
import { notSentReason } from './pause-reason.ts';
import type { SendBatchPayload } from './jobs.ts';
import { assertTenantCanSend } from '../deliverability/may-send.ts';
import { mailImprint } from '../accounts/company.ts';
import { campaignStatusOf, moveCampaign } from '../campaigns/status.ts';
import { abCompilations, freezeAbTest, scheduleAbWinner } from '../campaigns/ab-send.ts';
import type { CompiledCampaign } from '@rundbrief/mailer/render/types';

/** What the worker passes in to compile (mailer's compileCampaign; core does not import mailer). */
export type CompileSource = {
  subject: string; preheader: string | null; mjml: string; textOverride: string | null;
  trackClicks: boolean; trackOpens: boolean; imprint: string | null; customFields: string[];
};
export type CompileFn = (source: CompileSource) => Promise<{ links: { index: number; url: string }[] }>;
/**
 * The pre-send checklist (authoring's assertSendable): throws DomainError('POLICY') listing
 * problems. It compiles the campaign to check it; when it returns that compilation, the start
 * freezes it instead of compiling the MJML a second time.
 */
export type AssertSendable = (tenantId: string, campaignId: string) => Promise<{
  compiled?: Awaited<ReturnType<CompileFn>>;
  /** A/B test: every variant compiled by the checklist, frozen at start like the campaign. */
  variants?: { id: string; compiled: CompiledCampaign }[];
} | void | undefined>;

const startJobId = (campaignId: string, at: Date) => `start-${campaignId}-${at.getTime()}`;

/**
 * Send now (at = now) or schedule. The checklist runs here for a clear form error and again
 * at start (the sender domain may lose verification in between).
 */
export async function requestCampaignSend(
  ctx: TenantCtx,
  input: { campaignId: string; at?: Date | null },
  deps: { assertSendable: AssertSendable },
): Promise<{ scheduledAt: Date }> {
  const at = input.at ?? new Date();
  if (input.at && input.at.getTime() > Date.now() + 366 * 86400_000) throw new DomainError('VALIDATION', 'Schedule at most a year ahead').withText('schedule.yearAheadApi');
  await assertTenantCanSend(ctx.tenantId);
  await deps.assertSendable(ctx.tenantId, input.campaignId);
  if (!(await moveCampaign(ctx.tenantId, input.campaignId, 'SCHEDULED', { scheduledAt: at }))) {
    const status = await campaignStatusOf(ctx.tenantId, input.campaignId);
    if (!status) throw notFound('Campaign');
    throw new DomainError('CONFLICT', `Campaign is already ${status.toLowerCase()}`).withText('campaigns.alreadyStatus', { status: status.toLowerCase() });
  }
  if (at.getTime() <= Date.now() + 1000) await enqueueStart(ctx.tenantId, input.campaignId, at);
  return { scheduledAt: at };
}

export async function enqueueStart(tenantId: string, campaignId: string, at: Date) {
  await enqueue('startCampaign', { tenantId, campaignId }, { jobId: startJobId(campaignId, at) });
}

/** Scheduler: start every SCHEDULED campaign that is due (all tenants). */
export async function enqueueDueCampaigns(now = new Date()): Promise<number> {
  const due = await getDb().campaign.findMany({
    where: { status: 'SCHEDULED', scheduledAt: { lte: now } },
    select: { id: true, tenantId: true, scheduledAt: true },
    take: 500,
  });
  for (const c of due) await enqueueStart(c.tenantId, c.id, c.scheduledAt!);
  return due.length;
}

/**
 * Worker side of a start: checklist again, compile once, then in ONE transaction move
 * SCHEDULED -> SENDING, store the compilation + TrackedLink rows and snapshot the audience.
 * A crash before commit leaves the campaign SCHEDULED for the retry; after commit the job
 * only dispatches (deterministic job ids make that idempotent).
 */
export async function startCampaign(
  ctx: TenantCtx,
  campaignId: string,
  deps: { compile: CompileFn; assertSendable: AssertSendable },
): Promise<{ started: boolean; status: string } & Partial<SnapshotResult>> {
  const db = tenantDb(ctx.tenantId);
  const c = await db.campaign.findFirst({ where: { id: campaignId }, include: { tenant: true, lists: true } });
  if (!c) throw notFound('Campaign');
  if (c.status !== 'SCHEDULED' || (c.scheduledAt && c.scheduledAt.getTime() > Date.now() + 1000)) {
    return { started: false, status: c.status };
  }
  let checked: Awaited<ReturnType<AssertSendable>>;
  try {
    await assertTenantCanSend(ctx.tenantId);
    checked = await deps.assertSendable(ctx.tenantId, campaignId);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    // Back to the marketer with the reason instead of retrying a send that cannot pass.
    await moveCampaign(ctx.tenantId, c.id, 'DRAFT', { reason: notSentReason(err.message) });
    return { started: false, status: 'DRAFT' };
  }
  // The checklist just compiled the stored content with the same imprint and merge fields
  // (loadCampaignSource): that compilation is the one frozen, so MJML runs once per start.
  // A/B test: the variants' compilations (their links joined into one table); the campaign
  // row freezes variant A's.
  const ab = checked?.variants && checked.variants.length >= 2 ? abCompilations(checked.variants) : null;
  const compiled = ab?.campaign ?? checked?.compiled ?? await deps.compile({
    subject: c.subject, preheader: c.preheader, mjml: c.mjml, textOverride: c.textOverride,
    trackClicks: c.trackClicks, trackOpens: c.trackOpens, imprint: mailImprint(c.tenant),
    customFields: (await db.customField.findMany({ select: { key: true } })).map((f) => f.key),
  });
  const result = await getDb().$transaction(async (tx) => {
    if (!(await moveCampaign(ctx.tenantId, c.id, 'SENDING', { from: ['SCHEDULED'], compiled, db: tx }))) return null;
    await tx.trackedLink.deleteMany({ where: { campaignId: c.id, tenantId: ctx.tenantId } });
    if (compiled.links.length) {
      await tx.trackedLink.createMany({ data: compiled.links.map((l) => ({ tenantId: ctx.tenantId, campaignId: c.id, index: l.index, url: l.url })) });
    }
    const snap = await snapshotAudience(ctx, tx, {
      campaignId: c.id, listIds: c.lists.map((l) => l.listId), segment: c.segment, reengagement: c.reengagement,
      ab: ab ? { variantIds: ab.variants.map((v) => v.id), percent: c.abTestPercent } : null,
    });
    await tx.campaign.update({ where: { id: c.id }, data: snap });
    if (snap.recipientCount === 0) await moveCampaign(ctx.tenantId, c.id, 'SENT', { db: tx });
    // A/B test: the snapshot gave the test share its variants and HELD the rest.
    const split = ab && snap.recipientCount > 0 ? await freezeAbTest(tx, ctx.tenantId, c.id, ab.variants, snap.recipientCount) : null;
    return { ...snap, split };
  }, { timeout: 300_000, maxWait: 30_000 });
  if (!result) return { started: false, status: 'SENDING' };
  if (result.split) await scheduleAbWinner(ctx.tenantId, c.id, result.split.dueAt);
  if (result.recipientCount > 0) await refreshMessageStatistics(result.recipientCount);
  return { started: true, status: result.recipientCount ? 'SENDING' : 'SENT', ...result };
}

/**
 * A snapshot that is a large part of "Message" leaves the planner with statistics that
 * don't know the campaign: it then reads a claim's or outcome record's rows through the
 * campaign or tenant index instead of the primary key (measured on a 20k campaign: ~30k
 * index entries read per statement, a third of the database's CPU for the send). ANALYZE
 * samples a fixed number of rows, so it stays cheap on a big table, and it is only run
 * when the new rows are a tenth of the table or more.
 */
export async function refreshMessageStatistics(inserted: number): Promise<void> {
  const [t] = await getDb().$queryRaw<{ n: number }[]>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = '"Message"'::regclass`;
  if (t && t.n >= 0 && inserted < t.n * 0.1) return;
  await getDb().$executeRawUnsafe('ANALYZE "Message"').catch((err) => {
    console.error(`[start] ANALYZE "Message" failed: ${(err as Error).message}`);
  });
}

/**
 * Enqueues the campaign's pending messages (QUEUED, DEFERRED) as batch jobs. Job ids are
 * deterministic per (campaign, round, batch) so a repeated dispatch adds nothing. Fair share:
 * BullMQ groups are a Pro feature, so the priority of a batch is its index in its campaign:
 * batch 1 of every running campaign goes before batch 2 of any, i.e. campaigns (and so
 * tenants) are served round-robin instead of first-come-first-served.
 */
export async function dispatchCampaign(ctx: TenantCtx, input: { campaignId: string; round: string }): Promise<number> {
  const size = sendingEnv().SEND_BATCH_SIZE || 200;
  let after = '00000000-0000-0000-0000-000000000000';
  let batch = 0;
  // The first page is small so that workers start sending while the rest is enqueued.
  let page = size * 4;
  for (;;) {
    const rows = await sqlQuery<{ id: string }>(Prisma.sql`
      SELECT id FROM "Message" WHERE "tenantId" = ${ctx.tenantId}::uuid AND "campaignId" = ${input.campaignId}::uuid
        AND status IN ('QUEUED', 'DEFERRED') AND id > ${after}::uuid ORDER BY id LIMIT ${page}`);
    page = size * 50;
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const jobs = [];
    for (let i = 0; i < rows.length; i += size) {
      batch += 1;
      const data: SendBatchPayload = { tenantId: ctx.tenantId, campaignId: input.campaignId, messageIds: rows.slice(i, i + size).map((r) => r.id), followUp: 0 };
      jobs.push({ payload: data, opts: { jobId: `send-${input.campaignId}-${input.round}-${batch}`, priority: Math.min(batch, 2_000_000) } });
    }
    await enqueueBulk('sendBatch', jobs);
  }
  return batch;
}

/**
 * Watchdog (platform maintenance, all tenants): a SENDING campaign that has messages waiting
 * (QUEUED, or DEFERRED and overdue) but recorded no outcome for `stallSeconds` has lost its
 * jobs (Redis lost its data, a job failed for good). Its pending messages are dispatched
 * again under a new round. Safe by construction: claims are conditional, so a job that
 * still exists and a re-dispatched one can never both send a message.
 */
export async function redispatchStalledCampaigns(stallSeconds = sendingEnv().SEND_STALL_SECONDS): Promise<{ campaignId: string; batches: number }[]> {
  const stalled = await getDb().$queryRaw<{ id: string; tenantId: string }[]>`
    SELECT c.id, c."tenantId" FROM "Campaign" c
    WHERE c.status = 'SENDING' AND c."updatedAt" < now() - make_interval(secs => ${stallSeconds})
      AND EXISTS (SELECT 1 FROM "Message" m WHERE m."campaignId" = c.id
        AND (m.status = 'QUEUED' OR (m.status = 'DEFERRED' AND m."nextAttemptAt" < now() - make_interval(secs => ${stallSeconds}))))`;
  return redispatch(stalled, stallSeconds);
}

/**
 * Redis came back empty (the worker's Redis watch): every job is gone, so every SENDING
 * campaign with messages waiting (QUEUED, or DEFERRED due or not: a batch defers a message
 * that is not due again and queues its delayed follow-up) is dispatched again now, without
 * waiting for the stall window. Safe for the same reason as the stall watch.
 */
export async function redispatchAfterQueueLoss(): Promise<{ campaignId: string; batches: number }[]> {
  const sending = await getDb().$queryRaw<{ id: string; tenantId: string }[]>`
    SELECT c.id, c."tenantId" FROM "Campaign" c
    WHERE c.status = 'SENDING'
      AND EXISTS (SELECT 1 FROM "Message" m WHERE m."campaignId" = c.id AND m.status IN ('QUEUED', 'DEFERRED'))`;
  return redispatch(sending, null);
}

/** `stallSeconds` null: no stall condition (after a Redis loss), the campaign only has to be SENDING still. */
async function redispatch(campaigns: { id: string; tenantId: string }[], stallSeconds: number | null): Promise<{ campaignId: string; batches: number }[]> {
  const out: { campaignId: string; batches: number }[] = [];
  for (const c of campaigns) {
    // Claim the re-dispatch (another worker's watchdog may run at the same moment); the new
    // updatedAt also keeps the stall watch off it for its window.
    const n = stallSeconds === null
      ? await getDb().$executeRaw`UPDATE "Campaign" SET "updatedAt" = now() WHERE id = ${c.id}::uuid AND status = 'SENDING'`
      : await getDb().$executeRaw`
      UPDATE "Campaign" SET "updatedAt" = now() WHERE id = ${c.id}::uuid AND status = 'SENDING'
        AND "updatedAt" < now() - make_interval(secs => ${stallSeconds})`;
    if (n === 0) continue;
    const batches = await dispatchCampaign(systemCtx(c.tenantId), { campaignId: c.id, round: `w${Date.now()}` });
    out.push({ campaignId: c.id, batches });
  }
  return out;
}
