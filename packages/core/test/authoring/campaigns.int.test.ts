import { getDb, tenantDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelScheduledCampaign, countAudience, createTemplate, deleteCampaign, getCampaign, getTemplate, listCampaigns, previewContent,
  restoreTemplateVersion, saveTemplate, scheduleCampaign, sendTestCampaign, updateCampaign, zonedTimeToUtc, formatInZone,
} from '../../src/authoring/index.ts';
import { closeQueues } from '../../src/jobs/queue.ts';
import { createRedis } from '../../src/redis.ts';
import { sendableSetup } from './helpers.ts';

beforeEach(truncateAll);
afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

const NOW = new Date('2026-11-23T10:00:00Z');

describe('scheduling', () => {
  it('stores the UTC instant of a wall-clock time in the chosen zone, across DST', () => {
    expect(zonedTimeToUtc('2026-12-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(zonedTimeToUtc('2026-07-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedTimeToUtc('2026-12-01 09:00', 'America/New_York').toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(zonedTimeToUtc('2026-12-01T09:00', 'Asia/Kolkata').toISOString()).toBe('2026-12-01T03:30:00.000Z');
    expect(() => zonedTimeToUtc('2027-03-28T02:30', 'Europe/Berlin')).toThrow(/does not exist in Europe\/Berlin/);
    expect(() => zonedTimeToUtc('2026-12-01T09:00', 'Mars/Olympus')).toThrow(/Unknown time zone/);
    expect(formatInZone(new Date('2026-12-01T08:00:00Z'), 'Europe/Berlin')).toBe('2026-12-01 09:00');
  });

  it('schedules a sendable campaign and cancels it back to a draft', async () => {
    const s = await sendableSetup();
    const r = await scheduleCampaign({ tenantId: s.a.id }, s.campaignId, { sendAt: '2026-12-01T09:00', timezone: 'Europe/Berlin' }, NOW);
    expect(r.scheduledAt.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    let c = await getCampaign({ tenantId: s.a.id }, s.campaignId);
    expect(c).toMatchObject({ status: 'SCHEDULED', timezone: 'Europe/Berlin' });
    // a scheduled campaign cannot be edited or scheduled twice
    await expect(updateCampaign({ tenantId: s.a.id }, s.campaignId, { subject: 'x' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Cancel the scheduled send before editing.' });
    await expect(scheduleCampaign({ tenantId: s.a.id }, s.campaignId, { sendAt: '2026-12-02T09:00', timezone: 'UTC' }, NOW)).rejects.toMatchObject({ code: 'CONFLICT' });
    await cancelScheduledCampaign({ tenantId: s.a.id }, s.campaignId);
    c = await getCampaign({ tenantId: s.a.id }, s.campaignId);
    expect(c).toMatchObject({ status: 'DRAFT', scheduledAt: null });
    await expect(cancelScheduledCampaign({ tenantId: s.a.id }, s.campaignId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses to schedule in the past or a campaign that fails the checklist', async () => {
    const s = await sendableSetup();
    await expect(scheduleCampaign({ tenantId: s.a.id }, s.campaignId, { sendAt: '2026-11-23T10:00', timezone: 'UTC' }, NOW))
      .rejects.toMatchObject({ code: 'VALIDATION', message: 'Choose a time at least a minute in the future.' });
    const c = await getCampaign({ tenantId: s.a.id }, s.campaignId);
    await updateCampaign({ tenantId: s.a.id }, s.campaignId, { mjml: c.mjml.replace(/<a href="\{\{ unsubscribe_url \}\}"[^>]*>Unsubscribe<\/a> ·/, '') });
    await expect(scheduleCampaign({ tenantId: s.a.id }, s.campaignId, { sendAt: '2026-12-01T09:00', timezone: 'UTC' }, NOW))
      .rejects.toMatchObject({ code: 'PRECONDITION', message: expect.stringMatching(/Add an unsubscribe link/) });
    expect((await getCampaign({ tenantId: s.a.id }, s.campaignId)).status).toBe('DRAFT');
  });

  it("never reveals or touches another tenant's campaign (404)", async () => {
    const s = await sendableSetup();
    const asB = { tenantId: s.b.id };
    const id = s.campaignId;
    await expect(getCampaign(asB, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateCampaign(asB, id, { subject: 'pwned' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(scheduleCampaign(asB, id, { sendAt: '2026-12-01T09:00', timezone: 'UTC' }, NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelScheduledCampaign(asB, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteCampaign(asB, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sendTestCampaign(asB, id, { recipients: ['b@example.com'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listCampaigns({ tenantId: s.b.id })).toMatchObject({ data: [], total: 0 });
    // B cannot attach A's list or identity to its own campaign either
    const bList = await tenantDb(s.b.id).list.create({ data: { tenantId: s.b.id, name: 'B' } });
    const { id: bc } = await tenantDb(s.b.id).campaign.create({ data: { tenantId: s.b.id, name: 'B', subject: '', mjml: '' } });
    await expect(updateCampaign({ tenantId: s.b.id }, bc, { listIds: [bList.id, s.list.id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateCampaign({ tenantId: s.b.id }, bc, { identityId: s.identity.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getCampaign({ tenantId: s.a.id }, s.campaignId)).subject).toBe('News for {{ firstName | "you" }}');
  });
});

describe('test sends', () => {
  it('queues the rendered mail for up to 5 addresses, marked as a test', async () => {
    const s = await sendableSetup();
    const prefix = `rbtest-auth-${Math.random().toString(36).slice(2)}`;
    const r = await sendTestCampaign({ tenantId: s.a.id }, s.campaignId, { recipients: ['Ann@Example.com', 'bob@example.com', 'ann@example.com'] }, { queuePrefix: prefix });
    expect(r.sent).toBe(2);
    const conn = createRedis('producer');
    const q = new Queue('system-mail', { connection: conn, prefix });
    const jobs = await q.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    expect(jobs.map((j) => j.data.to).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    const job = jobs[0]!.data;
    expect(job).toMatchObject({ kind: 'TEST_SEND', tenantId: s.a.id, identityId: s.identity.id, headers: { 'X-Rundbrief-Test': '1' } });
    expect(job.subject).toBe('[TEST] News for Alex');
    expect(job.html).toContain('Hi Alex,');
    expect(job.html).toContain('A GmbH, Street 1, Berlin');
    expect(job.text).toContain('Hi Alex,');
    await q.obliterate({ force: true });
    await q.close();
    conn.disconnect();
    // counters untouched
    expect((await getCampaign({ tenantId: s.a.id }, s.campaignId)).sentCount).toBe(0);
    await expect(sendTestCampaign({ tenantId: s.a.id }, s.campaignId, { recipients: ['a@x.de', 'b@x.de', 'c@x.de', 'd@x.de', 'e@x.de', 'f@x.de'] }))
      .rejects.toThrow(/at most 5 addresses/);
    await expect(sendTestCampaign({ tenantId: s.a.id }, s.campaignId, { recipients: ['nobody'] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('templates', () => {
  it('saves versions and restores an old one as the newest', async () => {
    const s = await sendableSetup();
    const t = await createTemplate({ tenantId: s.a.id }, { starter: 'announcement' });
    expect(t.name).toBe('Announcement');
    const v2 = await saveTemplate({ tenantId: s.a.id }, t.id, { mjml: t.mjml.replace('Something new is here', 'Version two'), baseVersion: 1 });
    expect(v2.version).toBe(2);
    await expect(saveTemplate({ tenantId: s.a.id }, t.id, { mjml: 'stale', baseVersion: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await restoreTemplateVersion({ tenantId: s.a.id }, t.id, 1);
    const back = await getTemplate({ tenantId: s.a.id }, t.id);
    expect(back.version).toBe(3);
    expect(back.mjml).toContain('Something new is here');
    expect(back.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    await expect(getTemplate({ tenantId: s.b.id }, t.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(saveTemplate({ tenantId: s.b.id }, t.id, { mjml: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('previews with sample values and reports MJML errors inline', async () => {
    const s = await sendableSetup();
    const t = await createTemplate({ tenantId: s.a.id }, { starter: 'plain' });
    const ok = await previewContent({ tenantId: s.a.id }, { mjml: t.mjml, subject: 'Hi {{ firstName }}' });
    expect(ok.issues).toEqual([]);
    expect(ok.html).toContain('Hi Alex,');
    expect(ok.subject).toBe('Hi Alex');
    const bad = await previewContent({ tenantId: s.a.id }, { mjml: t.mjml.replace('<mj-text>Best', '<mj-colum>\n<mj-text>Best') });
    expect(bad.issues.length).toBeGreaterThan(0);
    expect(bad.issues[0]!.line).toBeGreaterThan(1);
  });
});

describe('audience count', () => {
  it('counts only confirmed, active, unsuppressed, unblocked, recently active subscribers', async () => {
    const s = await sendableSetup();
    const db = tenantDb(s.a.id);
    const old = new Date('2025-01-01T00:00:00Z');
    const mk = async (email: string, opts: { status?: 'ACTIVE' | 'BOUNCED'; sub?: 'CONFIRMED' | 'PENDING'; createdAt?: Date; lastActivityAt?: Date | null; company?: string; pausedUntil?: Date } = {}) => {
      const sub = await db.subscriber.create({ data: {
        tenantId: s.a.id, email, status: opts.status ?? 'ACTIVE', createdAt: opts.createdAt ?? NOW, lastActivityAt: opts.lastActivityAt ?? null,
        attributes: opts.company ? { company: opts.company } : {}, pausedUntil: opts.pausedUntil ?? null,
      } });
      await db.subscription.create({ data: { tenantId: s.a.id, listId: s.list.id, subscriberId: sub.id, source: 'IMPORT', status: opts.sub ?? 'CONFIRMED', confirmedAt: opts.createdAt ?? NOW } });
    };
    await mk('ok1@example.com', { company: 'ACME' });
    await mk('ok2@example.com', { createdAt: old, lastActivityAt: new Date('2026-10-01T00:00:00Z') });
    await mk('pending@example.com', { sub: 'PENDING' });
    await mk('bounced@example.com', { status: 'BOUNCED' });
    await mk('suppressed@example.com');
    await db.suppression.create({ data: { tenantId: s.a.id, email: 'suppressed@example.com', emailHash: (await import('../../src/crypto.ts')).sha256('suppressed@example.com'), reason: 'UNSUBSCRIBE' } });
    await mk('trap@honeypot.example');
    await getDb().blockedAddress.create({ data: { value: 'honeypot.example', kind: 'HONEYPOT' } });
    await mk('sleepy@example.com', { createdAt: old, lastActivityAt: old });
    await mk('paused@example.com', { pausedUntil: new Date('2027-01-01T00:00:00Z') });

    const asA = { tenantId: s.a.id };
    const base = { listIds: [s.list.id], now: NOW };
    expect(await countAudience(asA, base)).toEqual({ recipients: 2, sunsetExcluded: 1 });
    expect(await countAudience(asA, { ...base, reengagement: true })).toEqual({ recipients: 1, sunsetExcluded: 0 });
    expect(await countAudience(asA, { ...base, segment: { match: 'all', rules: [{ kind: 'field', field: 'company', op: 'eq', value: 'acme' }] } })).toMatchObject({ recipients: 1 });
    expect(await countAudience(asA, { ...base, segment: { match: 'all', rules: [{ kind: 'activity', op: 'activeWithin', days: 90 }] } })).toMatchObject({ recipients: 1 });
    // another tenant's list id counts nobody
    expect(await countAudience({ tenantId: s.b.id }, base)).toEqual({ recipients: 0, sunsetExcluded: 0 });
  });
});
