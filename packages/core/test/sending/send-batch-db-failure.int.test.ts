// A send job whose claim fails in the middle (a real Postgres failure: the claim waits for a
// table another connection holds, and its connection is terminated) stops, but records every
// outcome it already knows: delivered messages end SENT and counted, never left SENDING for
// the lease sweep to list as ambiguous; claimed-but-unsent ones go back to QUEUED.
import { getDb } from '@rundbrief/db';
import pg from 'pg';
import { expect, it, onTestFinished } from 'vitest';
import { processSendBatch } from '../../src/sending/batch.ts';
import { IPS, ok, scriptedRuntime, sendEngineTestHooks, startedCampaign } from './helpers.ts';

const redis = sendEngineTestHooks();
const db = getDb();

it('a claim that fails mid-job stops the job; what was delivered is recorded SENT and counted, the rest handed back', async () => {
  const { tenant, campaign, messages } = await startedCampaign(Array.from({ length: 80 }, (_, i) => `r${i}@a.example`));
  const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
  let locked = false;
  onTestFinished(async () => {
    if (locked) await locker.query('COMMIT');
    await locker.end();
  });

  // The first transactions wait at this gate; meanwhile the claims' table is locked, so the
  // job's next claim (once the claimed messages run low) waits for it.
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const delivered: string[] = [];
  const { rt } = scriptedRuntime(redis, async (a) => {
    await gate;
    delivered.push(a.to);
    return ok;
  }, [IPS[0]!]);

  const job = processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b1', workerId: 'w1' });
  const settled = job.then(() => null, (err: Error) => err);
  // wait until transactions are held at the gate (the first chunks are claimed by then)
  while (delivered.length === 0 && (await db.message.count({ where: { campaignId: campaign.id, handedAt: { not: null } } })) === 0) await new Promise((r) => setTimeout(r, 20));
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE "Subscriber" IN ACCESS EXCLUSIVE MODE');
  locked = true;
  open();
  // every claim that waits for the lock has its connection terminated (as in a Postgres restart)
  let kills = 0;
  while (!(await Promise.race([settled.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20))]))) {
    await locker.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await locker.query<{ pid: number }>(`
      SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND wait_event_type = 'Lock' AND query LIKE '%WITH c AS (%'`);
    for (const r of rows) {
      await locker.query('SELECT pg_terminate_backend($1)', [r.pid]);
      kills++;
    }
  }
  await locker.query('COMMIT');
  locked = false;

  const err = await settled;
  expect(err?.message).toMatch(/terminat/);
  expect(kills).toBeGreaterThanOrEqual(1);
  expect(delivered.length).toBeGreaterThan(0);
  expect(delivered.length).toBeLessThan(messages.length);
  const rows = await db.message.findMany({ where: { campaignId: campaign.id }, select: { email: true, status: true } });
  const sent = rows.filter((m) => m.status === 'SENT').map((m) => m.email).sort();
  // every delivered message is recorded; nothing is left SENDING for the lease sweep
  expect(sent).toEqual([...delivered].sort());
  expect(rows.filter((m) => m.status === 'SENDING')).toEqual([]);
  expect(rows.filter((m) => m.status === 'QUEUED')).toHaveLength(messages.length - delivered.length);
  const c = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { sentCount: true } });
  expect(c.sentCount).toBe(delivered.length);
});
