// The send engine's rules driven in process, without sockets: a runtime whose SMTP
// transport answers from a script, whose clock is fixed and whose queue is a list. The
// database is the real Postgres, the shaping counters the real Redis: what is written for
// each delivery result, how the IP rotation handles a block, which headers go out, and which
// follow-up job a deferred message gets.
import { getDb } from '@rundbrief/db';
import { describe, expect, it } from 'vitest';
import { processSendBatch } from '../../src/sending/batch.ts';
import { claimMessages, markHandedOver } from '../../src/sending/claim.ts';
import { sweepExpiredClaims } from '../../src/sending/outcomes.ts';
import { getQueue } from '../../src/jobs/queue.ts';
import { QUEUES } from '../../src/jobs/definitions.ts';
import { ok, scriptedRuntime, sendEngineTestHooks, startedCampaign } from './helpers.ts';

const redis = sendEngineTestHooks();

describe('send engine (in process, scripted transport)', () => {
  it('turns each delivery result into the message status and writes it', async () => {
    const { tenant, campaign, messages } = await startedCampaign(['ok@a.example', 'hard@a.example', 'soft@a.example', 'lost@a.example']);
    const { rt, attempts, enqueued } = scriptedRuntime(redis, (a) => {
      if (a.to.startsWith('hard@')) return { ok: false, kind: 'reply', code: 550, response: '550 5.1.1 user unknown', stage: 'rcpt' };
      if (a.to.startsWith('soft@')) return { ok: false, kind: 'reply', code: 451, response: '451 4.7.1 try later', stage: 'rcpt' };
      if (a.to.startsWith('lost@')) return { ok: false, kind: 'unknown', code: null, response: 'connection lost after the message was sent' };
      return ok;
    });
    const r = await processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b1', workerId: 'w1' });
    expect(r).toMatchObject({ sent: 1, bounced: 1, deferred: 1, stopped: null });
    expect(attempts).toHaveLength(4);
    const rows = await getDb().message.findMany({ where: { campaignId: campaign.id }, select: { email: true, status: true, attempts: true, smtpCode: true, nextAttemptAt: true } });
    const by = Object.fromEntries(rows.map((m) => [m.email, m]));
    expect(by['ok@a.example']).toMatchObject({ status: 'SENT', attempts: 1, smtpCode: 250 });
    expect(by['hard@a.example']).toMatchObject({ status: 'BOUNCED', smtpCode: 550 });
    expect(by['soft@a.example']).toMatchObject({ status: 'DEFERRED', smtpCode: 451 });
    expect(by['lost@a.example']).toMatchObject({ status: 'AMBIGUOUS', attempts: 1 });
    // A hard bounce suppresses the address at once.
    expect(await getDb().suppression.count({ where: { tenantId: tenant.id, reason: 'HARD_BOUNCE' } })).toBe(1);
    // The deferred message comes back in one delayed follow-up job, through the runtime's queue.
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toMatchObject({ name: 'send-batch', opts: { jobId: 'b1-f1' }, payload: { followUp: 1 } });
    expect(enqueued[0]!.opts.delay).toBeGreaterThan(0);
  });

  it('a 5xx to MAIL FROM is a block: the next IP sends, the recipient is not bounced, an alert is raised', async () => {
    const { tenant, campaign, messages } = await startedCampaign(['x@b.example']);
    const { rt, attempts } = scriptedRuntime(redis, (a) =>
      a.ip === attempts[0]!.ip ? { ok: false, kind: 'reply', code: 550, response: '550 5.1.1 relaying denied: unknown user', stage: 'mail' } : ok,
    );
    const r = await processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b2', workerId: 'w1' });
    expect(r).toMatchObject({ sent: 1, bounced: 0 });
    expect(attempts.map((a) => a.ip)).toHaveLength(2);
    expect(new Set(attempts.map((a) => a.ip)).size).toBe(2);
    const m = await getDb().message.findFirstOrThrow({ where: { campaignId: campaign.id } });
    expect(m).toMatchObject({ status: 'SENT', sourceIp: attempts[1]!.ip });
    expect(await getDb().suppression.count({ where: { tenantId: tenant.id } })).toBe(0);
    const alert = await getDb().alert.findFirstOrThrow({ where: { kind: 'IP_BLOCKED' } });
    expect(alert.message).toContain(attempts[0]!.ip);
    // The block holds for the domain: the next message to it goes straight to the other IP.
    expect(rt.blockCache.get('b.example')?.ids.size).toBe(1);
  });

  it('campaign mail carries List-Id, Feedback-ID, List-Unsubscribe and a VERP envelope', async () => {
    const { tenant, campaign, list, messages } = await startedCampaign(['h@c.example']);
    const { rt, attempts } = scriptedRuntime(redis, () => ok);
    await processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b3', workerId: 'w1' });
    const raw = attempts[0]!.raw;
    expect(raw).toMatch(new RegExp(`List-Id: Kunden <${list.id.replace(/-/g, '')}\\.news\\.shop\\.example>`));
    expect(raw).toContain(`Feedback-ID: ${campaign.id.slice(0, 8)}:${tenant.id.slice(0, 8)}:campaign:rundbrief`);
    expect(raw).toMatch(/List-Unsubscribe: <https?:\/\/[^>]+\/u\/[^>]+>,\s+<mailto:[^>]+>/);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(attempts[0]!.from).toMatch(/@/);
    expect(attempts[0]!.from).not.toBe('news@news.shop.example');
  });

  it('every message is marked as handed over before its SMTP transaction starts', async () => {
    const { tenant, campaign, messages } = await startedCampaign(['m1@e.example', 'm2@e.example', 'm3@e.example']);
    const seen: (Date | null)[] = [];
    const { rt } = scriptedRuntime(redis, () => ok);
    const send = rt.transport.send.bind(rt.transport);
    rt.transport.send = async (ip, envelope, raw, beforeTransaction) =>
      send(ip, envelope, raw, async () => {
        const ours = beforeTransaction ? await beforeTransaction() : true;
        // What the sweep would see at the moment MAIL FROM goes out.
        const row = await getDb().message.findFirstOrThrow({ where: { campaignId: campaign.id, email: envelope.to }, select: { handedAt: true, status: true } });
        expect(row.status).toBe('SENDING');
        seen.push(row.handedAt);
        return ours;
      });
    await processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b5', workerId: 'w1' });
    expect(seen).toHaveLength(3);
    for (const h of seen) expect(h).toBeInstanceOf(Date);
  });

  it('after a crash the lease sweep resends what was never handed over and lists only the rest', async () => {
    const { tenant, campaign, messages } = await startedCampaign(['early@f.example', 'late@f.example']);
    const ctx = { tenantId: tenant.id };
    const ids = messages.map((m) => m.id);
    // A worker claimed both, marked one (its transaction began), then died.
    expect(await claimMessages(ctx, { campaignId: campaign.id, ids, workerId: 'dead' })).toHaveLength(2);
    const late = messages.find((m) => m.email === 'late@f.example')!;
    const early = messages.find((m) => m.email === 'early@f.example')!;
    expect([...(await markHandedOver(ctx, { ids: [late.id], workerId: 'dead' }))]).toEqual([late.id]);
    await getDb().message.updateMany({ where: { campaignId: campaign.id }, data: { claimedAt: new Date(Date.now() - 3_600_000) } });
    expect(await sweepExpiredClaims(60)).toEqual({ ambiguous: 1, requeued: 1 });
    const rows = Object.fromEntries((await getDb().message.findMany({ where: { campaignId: campaign.id } })).map((m) => [m.email, m]));
    expect(rows['late@f.example']).toMatchObject({ status: 'AMBIGUOUS', skipReason: 'worker lost during delivery' });
    expect(rows['early@f.example']).toMatchObject({ status: 'QUEUED', claimedBy: null });
    // A send job for the released message is on the queue at once.
    const jobs = await getQueue(QUEUES.send).getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.filter((j) => j.id?.startsWith(`send-${campaign.id}-lease`)).flatMap((j) => j.data.messageIds)).toEqual([early.id]);
    // The dead worker (had it only stalled) can no longer hand the released message over,
    // also not in a group with one it still holds (the late one, listed): only that one is its.
    expect((await markHandedOver(ctx, { ids: [early.id], workerId: 'dead' })).size).toBe(0);
    await getDb().message.update({ where: { id: late.id }, data: { status: 'SENDING' } });
    expect([...(await markHandedOver(ctx, { ids: [early.id, late.id], workerId: 'dead' }))]).toEqual([late.id]);
    await getDb().message.update({ where: { id: late.id }, data: { status: 'AMBIGUOUS' } });
    // The job sends it; the campaign completes with the ambiguous one listed.
    const { rt, attempts } = scriptedRuntime(redis, () => ok);
    await processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: [early.id], followUp: 0 }, { jobId: 'b6', workerId: 'w2' });
    expect(attempts.map((a) => a.to)).toEqual(['early@f.example']);
    expect(await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).toEqual({ status: 'SENT' });
  });

  it('a paused campaign sends nothing and hands its claims back', async () => {
    const { tenant, campaign, messages } = await startedCampaign(['p1@d.example', 'p2@d.example']);
    await getDb().campaign.update({ where: { id: campaign.id }, data: { status: 'PAUSED' } });
    const { rt, attempts } = scriptedRuntime(redis, () => ok);
    const r = await processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b4', workerId: 'w1' });
    expect(r.stopped).toBe('PAUSED');
    expect(attempts).toHaveLength(0);
    expect(await getDb().message.count({ where: { campaignId: campaign.id, status: 'QUEUED' } })).toBe(2);
  });

  it('waiting a few seconds for the next minute of the send rate, what was delivered is already recorded', async () => {
    const { tenant, campaign, messages } = await startedCampaign(Array.from({ length: 8 }, (_, i) => `r${i}@e.example`), 3);
    const { rt } = scriptedRuntime(redis, () => ok);
    // The minute's budget is counted in real time; this clock says the minute ends in 2 s, so
    // the job waits in place (a short wait) rather than handing over to a delayed job.
    rt.clock.now = () => Math.floor(Date.now() / 60_000) * 60_000 + 58_000;
    const seenDuringWaits: number[] = [];
    rt.clock.sleep = async () => {
      // The wait can begin before the minute's share has gone out (the next claim is fetched
      // ahead): give the share up to 3 s to be delivered; its outcomes must be written by then.
      const share = Math.min(3 * (seenDuringWaits.length + 1), 8);
      const sent = () => getDb().message.count({ where: { campaignId: campaign.id, status: 'SENT' } });
      const until = Date.now() + 3000;
      while ((await sent()) < share && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      seenDuringWaits.push(await sent());
      // The next minute, without waiting for it: the budget starts afresh.
      const keys = await redis.keys(`${rt.prefix}:rate:*`);
      if (keys.length) await redis.del(...keys);
    };
    const r = await processSendBatch(rt, { tenantId: tenant.id, campaignId: campaign.id, messageIds: messages.map((m) => m.id), followUp: 0 }, { jobId: 'b5', workerId: 'w1' });
    expect(r).toMatchObject({ sent: 8, stopped: null });
    expect(seenDuringWaits).toEqual([3, 6]);
  });
});
