// Recording outcomes through a real Postgres failure: the worker's connection is terminated
// (pg_terminate_backend) while its outcome statement waits for the campaign row, which a
// second connection holds. The write is retried and lands exactly once; the counters count
// the rows the statement changed, never the size of the group.
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { systemCtx } from '../../src/context.ts';
import { closeQueues } from '../../src/jobs/queue.ts';
import { recordOutcomes, type Outcome } from '../../src/sending/outcomes.ts';
import { systemClock } from '../../src/sending/runtime.ts';
import { seedCampaign, seedTenant } from '../feedback/fixtures.ts';

const db = getDb();

afterAll(async () => {
  await closeQueues();
  await db.$disconnect();
});

beforeEach(truncateAll);

type Msg = { id: string; subscriberId: string; email: string };

function outcome(m: Msg, status: Outcome['status'], over: Partial<Outcome> = {}): Outcome {
  return {
    id: m.id, subscriberId: m.subscriberId, email: m.email, status, prev: 'QUEUED', attempted: 1, sourceIp: '127.0.0.2', messageId: null,
    smtpCode: status === 'SENT' ? 250 : status === 'BOUNCED' ? 550 : 451, smtpReply: status === 'SENT' ? '250 2.0.0 queued' : status === 'BOUNCED' ? '550 5.1.1 user unknown' : '451 4.7.1 later',
    nextAttemptAt: status === 'DEFERRED' ? new Date(Date.now() + 60_000) : null, bounceCategory: status === 'BOUNCED' ? 'hard:unknown-user' : null, ...over,
  };
}

async function claimedCampaign(recipients: number) {
  const t = await seedTenant('Acme');
  const { campaign, messages } = await seedCampaign(t.id, { recipients, messageStatus: 'SENDING' });
  await db.message.updateMany({ where: { campaignId: campaign.id }, data: { claimedBy: 'w1', claimedAt: new Date(), handedAt: new Date() } });
  return { t, campaign, messages: messages as Msg[] };
}

/** A second connection holding the campaign row, and a way to kill whoever waits for it. */
async function lockCampaign(campaignId: string) {
  const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query(`SELECT 1 FROM "Campaign" WHERE id = $1 FOR UPDATE`, [campaignId]);
  onTestFinished(() => release());
  const killed: number[] = [];
  /** Terminates the next backend waiting for the lock with the outcome statement: resolves its pid. */
  const killWaiter = async (): Promise<number> => {
    for (let i = 0; i < 400; i++) {
      // inside a transaction pg_stat_activity is read once and kept: read it afresh
      await locker.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await locker.query<{ pid: number }>(`
        SELECT a.pid FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.pid <> ALL($1::int[]) AND a.wait_event_type = 'Lock'
          AND a.query LIKE '%WITH v AS (%unnest(%'`, [killed]); // the outcome statement (the text shown is cut at 1 kB)
      if (rows[0]) {
        killed.push(rows[0].pid);
        await locker.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
        return rows[0].pid;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no outcome statement waited for the campaign row');
  };
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await locker.query('COMMIT');
    await locker.end();
  };
  return { killWaiter, release };
}

const counters = (id: string) => db.campaign.findUniqueOrThrow({ where: { id }, select: { sentCount: true, bouncedCount: true, failedCount: true, deferredCount: true } });

describe('recording outcomes through a Postgres failure', () => {
  it('retries an outcome write whose connection was terminated: every outcome arrives once, counters exact', async () => {
    const { t, campaign, messages } = await claimedCampaign(6);
    const [b, d, ...sent] = messages as [Msg, Msg, ...Msg[]];
    const outcomes = [outcome(b, 'BOUNCED'), outcome(d, 'DEFERRED'), ...sent.map((m) => outcome(m, 'SENT'))];
    const logs: string[] = [];
    const log = { info: (m: string) => logs.push(`info ${m}`), error: (m: string) => logs.push(`error ${m}`) };

    const lock = await lockCampaign(campaign.id);
    const writing = recordOutcomes(systemCtx(t.id), { campaignId: campaign.id, workerId: 'w1', outcomes }, { clock: systemClock, log });
    // Two real failures in a row ("terminating connection due to administrator command"),
    // each after the statement had already updated the messages (rolled back with it).
    const first = await lock.killWaiter();
    const second = await lock.killWaiter();
    expect(second).not.toBe(first);
    await lock.release();
    const r = await writing;

    expect(r).toEqual({ updated: 6, sent: 4, bounced: 1, failed: 0, deferredDelta: 1 });
    expect(await counters(campaign.id)).toEqual({ sentCount: 4, bouncedCount: 1, failedCount: 0, deferredCount: 1 });
    const rows = await db.message.findMany({ where: { campaignId: campaign.id }, select: { id: true, status: true, attempts: true } });
    const by = new Map(rows.map((m) => [m.id, m]));
    expect(by.get(b.id)).toMatchObject({ status: 'BOUNCED', attempts: 1 });
    expect(by.get(d.id)).toMatchObject({ status: 'DEFERRED', attempts: 1 });
    for (const m of sent) expect(by.get(m.id)).toMatchObject({ status: 'SENT', attempts: 1 });
    // the bounce's event and suppression exactly once
    expect(await db.event.count({ where: { campaignId: campaign.id, type: 'BOUNCE' } })).toBe(1);
    expect(await db.suppression.count({ where: { tenantId: t.id, reason: 'HARD_BOUNCE' } })).toBe(1);
    expect(logs).toEqual([`info recorded 6 of 6 outcomes of campaign ${campaign.id} after 2 retries`]);
  });

  it('counts the rows the statement changed: rows someone else finalised add nothing, a repeated write adds nothing', async () => {
    const { t, campaign, messages } = await claimedCampaign(6);
    const [taken, released, bouncedElsewhere, listed, ...mine] = messages as [Msg, Msg, Msg, Msg, ...Msg[]];
    // finalised by others before our write arrives: sent by another worker, handed back by
    // the lease sweep (never handed over), bounced by another worker; and one the sweep
    // listed AMBIGUOUS while keeping our claim (our write tells what really happened)
    await db.message.update({ where: { id: taken.id }, data: { status: 'SENT', claimedBy: 'w2' } });
    await db.message.update({ where: { id: released.id }, data: { status: 'QUEUED', claimedBy: null } });
    await db.message.update({ where: { id: bouncedElsewhere.id }, data: { status: 'BOUNCED', claimedBy: 'w2' } });
    await db.message.update({ where: { id: listed.id }, data: { status: 'AMBIGUOUS', skipReason: 'worker lost during delivery' } });
    const outcomes = [
      outcome(taken, 'SENT'), outcome(released, 'SENT'), outcome(bouncedElsewhere, 'BOUNCED'), outcome(listed, 'SENT'),
      ...mine.map((m) => outcome(m, 'FAILED', { bounceCategory: 'soft:timeout' })),
    ];
    const ctx = systemCtx(t.id);
    const input = { campaignId: campaign.id, workerId: 'w1', outcomes };

    expect(await recordOutcomes(ctx, input)).toEqual({ updated: 3, sent: 1, bounced: 0, failed: 2, deferredDelta: 0 });
    expect(await counters(campaign.id)).toEqual({ sentCount: 1, bouncedCount: 0, failedCount: 2, deferredCount: 0 });
    // the bounce was not ours: no event, no suppression from this write
    expect(await db.event.count({ where: { campaignId: campaign.id, type: 'BOUNCE' } })).toBe(0);
    expect(await db.suppression.count({ where: { tenantId: t.id } })).toBe(0);
    const rows = await db.message.findMany({ where: { campaignId: campaign.id }, select: { id: true, status: true, claimedBy: true } });
    const by = new Map(rows.map((m) => [m.id, m]));
    expect(by.get(taken.id)).toMatchObject({ status: 'SENT', claimedBy: 'w2' });
    expect(by.get(released.id)).toMatchObject({ status: 'QUEUED', claimedBy: null });
    expect(by.get(listed.id)).toMatchObject({ status: 'SENT' });

    // the same group again (a retry of a write that had committed): nothing changes
    expect(await recordOutcomes(ctx, input)).toEqual({ updated: 0, sent: 0, bounced: 0, failed: 0, deferredDelta: 0 });
    expect(await counters(campaign.id)).toEqual({ sentCount: 1, bouncedCount: 0, failedCount: 2, deferredCount: 0 });
  });

  it('gives up when the database stays away: logged once with the count, the messages stay claimed for the lease sweep', async () => {
    const { t, campaign, messages } = await claimedCampaign(3);
    const logs: string[] = [];
    const log = { info: (m: string) => logs.push(`info ${m}`), error: (m: string) => logs.push(`error ${m}`) };
    const lock = await lockCampaign(campaign.id);
    // a short retry window (as the job's window after an earlier failure)
    const window = { until: Date.now() + 1_000 };
    const writing = recordOutcomes(systemCtx(t.id), { campaignId: campaign.id, workerId: 'w1', outcomes: messages.map((m) => outcome(m, 'SENT')) }, { clock: systemClock, log, window });
    const settled = writing.then(() => 'recorded', (err: Error) => err.message);
    let kills = 0;
    while (!(await Promise.race([settled.then(() => true), new Promise((r) => setTimeout(() => r(false), 10))]))) {
      await lock.killWaiter().then(() => kills++, () => {});
    }
    await lock.release();
    expect(await settled).toMatch(/terminat/);
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`^error gave up recording 3 outcomes of campaign ${campaign.id} after \\d+ retries`));
    expect(await db.message.count({ where: { campaignId: campaign.id, status: 'SENDING', claimedBy: 'w1' } })).toBe(3);
    expect(await counters(campaign.id)).toEqual({ sentCount: 0, bouncedCount: 0, failedCount: 0, deferredCount: 0 });
  });
});
