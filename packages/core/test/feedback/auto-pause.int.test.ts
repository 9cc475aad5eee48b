import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { checkAutoPause } from '../../src/feedback/auto-pause.ts';
import { listTenantsForOperator, suspendTenant, unsuspendTenant } from '../../src/feedback/suspension.ts';
import { assertTenantCanSend } from '../../src/deliverability/may-send.ts';
import { resumeCampaign } from '../../src/sending/control.ts';
import { seedCampaign, seedTenant } from './fixtures.ts';
import { errorCode as code } from '../error-code.ts';

async function bounce(messageIds: string[], category = 'hard') {
  await getDb().message.updateMany({ where: { id: { in: messageIds } }, data: { status: 'BOUNCED', bounceCategory: category } });
}

describe('auto-pause', () => {
  beforeEach(() => truncateAll());
  afterAll(() => getDb().$disconnect());

  it('pauses above the hard-bounce threshold, not at it, with the reason shown and an alert', async () => {
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 100 });
    // 5 of 100 = exactly 5 %: at the threshold, still sending.
    await bounce(messages.slice(0, 5).map((m) => m.id));
    expect(await checkAutoPause(campaign.id)).toMatchObject({ paused: false, delivered: 100, hardBounces: 5 });
    // Soft and block bounces do not count as hard.
    await bounce(messages.slice(5, 9).map((m) => m.id), 'block');
    expect((await checkAutoPause(campaign.id)).paused).toBe(false);
    await bounce([messages[9]!.id]);
    const v = await checkAutoPause(campaign.id);
    expect(v).toMatchObject({ paused: true, hardBounces: 6 });
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(c.status).toBe('AUTO_PAUSED');
    expect(c.pauseReason).toBe('Hard-bounce rate 6.0 % (6 of 100 delivered) is above the 5.0 % limit. Check where this list came from before resuming.');
    const alerts = await getDb().alert.findMany({ where: { tenantId: t.id } });
    expect(alerts.map((a) => a.kind)).toEqual(['AUTO_PAUSE']);
    // Checking again neither re-pauses a resumed-then-stopped campaign nor duplicates alerts.
    await checkAutoPause(campaign.id);
    expect(await getDb().alert.count()).toBe(1);
  });

  it('does nothing below the minimum sample, however bad the rate', async () => {
    const t = await seedTenant('Acme');
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 99 });
    await bounce(messages.slice(0, 50).map((m) => m.id));
    expect(await checkAutoPause(campaign.id)).toMatchObject({ paused: false, delivered: 99 });
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe('SENDING');
  });

  it('uses the tenant’s complaint threshold and minimum, capped by the platform maximum', async () => {
    // The tenant asks for a laxer 50 % complaint limit: the platform cap of 0.3 % applies.
    const t = await seedTenant('Acme', { complaintRateThreshold: 0.5, autoPauseMinDelivered: 20 });
    const { campaign } = await seedCampaign(t.id, { recipients: 20 });
    expect((await checkAutoPause(campaign.id)).paused).toBe(false);
    await getDb().campaign.update({ where: { id: campaign.id }, data: { complaintCount: 1 } });
    const v = await checkAutoPause(campaign.id);
    expect(v.paused).toBe(true);
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).pauseReason).toMatch(/^Complaint rate 5\.0 % \(1 of 20 delivered\) is above the 0\.30 % limit/);
  });

  it('leaves a campaign the marketer paused alone', async () => {
    const t = await seedTenant('Acme', { autoPauseMinDelivered: 10 });
    const { campaign, messages } = await seedCampaign(t.id, { recipients: 10, status: 'PAUSED' });
    await bounce(messages.slice(0, 5).map((m) => m.id));
    await checkAutoPause(campaign.id);
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe('PAUSED');
    expect(await code(checkAutoPause('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
  });
});

describe('operator suspension', () => {
  beforeEach(() => truncateAll());
  afterAll(() => getDb().$disconnect());

  it('blocks sending, pauses running campaigns with the reason, and is operator-only', async () => {
    const t = await seedTenant('Acme');
    const other = await seedTenant('Other');
    const running = await seedCampaign(t.id, { recipients: 1 });
    const otherRunning = await seedCampaign(other.id, { recipients: 1 });
    const op = await getDb().user.create({ data: { email: 'op@rundbrief.test', passwordHash: 'x', isPlatformOperator: true } });
    const marketer = await getDb().user.create({ data: { email: 'm@acme.test', passwordHash: 'x' } });

    await assertTenantCanSend(t.id);
    expect(await code(suspendTenant({ operatorId: marketer.id }, t.id, { reason: 'spam complaints' }))).toBe('FORBIDDEN');
    expect(await code(suspendTenant({ operatorId: op.id }, t.id, { reason: '' }))).toBe('VALIDATION');
    expect(await suspendTenant({ operatorId: op.id, operatorEmail: op.email }, t.id, { reason: 'Purchased list' })).toEqual({ pausedCampaigns: 1 });

    await expect(assertTenantCanSend(t.id)).rejects.toMatchObject({ code: 'SUSPENDED', message: 'Sending is suspended for this account: Purchased list. Contact support.' });
    await assertTenantCanSend(other.id);
    const c = await getDb().campaign.findUniqueOrThrow({ where: { id: running.campaign.id } });
    expect([c.status, c.pauseReason]).toEqual(['PAUSED', 'Sending suspended by the platform operator: Purchased list']);
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: otherRunning.campaign.id } })).status).toBe('SENDING');
    // The marketer cannot resume (or start) while the tenant is suspended.
    expect(await code(resumeCampaign({ tenantId: t.id }, running.campaign.id))).toBe('SUSPENDED');
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: running.campaign.id } })).status).toBe('PAUSED');
    expect((await listTenantsForOperator({ userId: op.id, email: op.email, ip: null })).map((x) => [x.name, x.status, x.sent30d])).toEqual([['Acme', 'SUSPENDED', 1], ['Other', 'ACTIVE', 1]]);

    await unsuspendTenant({ operatorId: op.id }, t.id);
    await assertTenantCanSend(t.id);
    // Lifting the suspension does not resume anything by itself.
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: running.campaign.id } })).status).toBe('PAUSED');
    const audit = await getDb().auditLog.findMany({ where: { tenantId: t.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['tenant.suspend', 'tenant.unsuspend']);
    expect(await code(assertTenantCanSend('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
  });
});
