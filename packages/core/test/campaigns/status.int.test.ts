import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, Prisma, type CampaignStatus } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { moveCampaign, transitionCampaigns } from '../../src/campaigns/status.ts';
import { seedTenant } from '../feedback/fixtures.ts';

const db = () => getDb();
const seed = (tenantId: string, status: CampaignStatus, over: Record<string, unknown> = {}) =>
  db().campaign.create({ data: { tenantId, name: `C ${status}`, subject: 's', mjml: '<mjml/>', status, ...over } });
const statusOf = async (id: string) => (await db().campaign.findUniqueOrThrow({ where: { id } })).status;

describe('campaign status writer', () => {
  beforeEach(() => truncateAll());
  afterAll(() => getDb().$disconnect());

  it('refuses an illegal transition: the row keeps its status', async () => {
    const t = await seedTenant('Acme');
    const draft = await seed(t.id, 'DRAFT');
    expect(await moveCampaign(t.id, draft.id, 'SENT')).toBeNull();
    expect(await moveCampaign(t.id, draft.id, 'SENDING')).toBeNull();
    expect(await moveCampaign(t.id, draft.id, 'PAUSED', { reason: 'x' })).toBeNull();
    expect(await statusOf(draft.id)).toBe('DRAFT');
    const sent = await seed(t.id, 'SENT');
    expect(await moveCampaign(t.id, sent.id, 'CANCELLED')).toBeNull();
    expect(await statusOf(sent.id)).toBe('SENT');
    // A caller naming a "from" the table does not allow is a programming error.
    await expect(moveCampaign(t.id, draft.id, 'SENT', { from: ['DRAFT'] })).rejects.toThrow(/not an allowed transition/);
  });

  it('moves along the lifecycle with the timestamps and reasons of each step', async () => {
    const t = await seedTenant('Acme');
    const c = await seed(t.id, 'DRAFT');
    const at = new Date(Date.UTC(2027, 0, 2, 9, 30));
    expect(await moveCampaign(t.id, c.id, 'SCHEDULED', { scheduledAt: at, timezone: 'Europe/Berlin' }))
      .toEqual({ campaignId: c.id, tenantId: t.id, from: 'DRAFT', to: 'SCHEDULED', reason: null });
    expect(await db().campaign.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ scheduledAt: at, timezone: 'Europe/Berlin' });
    await moveCampaign(t.id, c.id, 'SENDING', { compiled: { links: [] } });
    const started = await db().campaign.findUniqueOrThrow({ where: { id: c.id } });
    expect(started).toMatchObject({ status: 'SENDING', compiled: { links: [] } });
    expect(started.startedAt).not.toBeNull();
    expect(await moveCampaign(t.id, c.id, 'AUTO_PAUSED', { reason: 'Bounce rate' })).toMatchObject({ from: 'SENDING', reason: 'Bounce rate' });
    // Resuming clears the reason and keeps the original start time.
    expect(await moveCampaign(t.id, c.id, 'SENDING')).toMatchObject({ from: 'AUTO_PAUSED', reason: null });
    expect((await db().campaign.findUniqueOrThrow({ where: { id: c.id } })).startedAt).toEqual(started.startedAt);
    // "Finished" only when the extra condition holds.
    expect(await moveCampaign(t.id, c.id, 'SENT', { onlyIf: Prisma.sql`false` })).toBeNull();
    expect(await moveCampaign(t.id, c.id, 'SENT')).toMatchObject({ from: 'SENDING', to: 'SENT' });
    expect((await db().campaign.findUniqueOrThrow({ where: { id: c.id } })).finishedAt).not.toBeNull();
  });

  it('moves inside the caller’s transaction, undone with it', async () => {
    const t = await seedTenant('Acme');
    const c = await seed(t.id, 'SCHEDULED', { scheduledAt: new Date() });
    await expect(getDb().$transaction(async (tx) => {
      expect(await moveCampaign(t.id, c.id, 'SENDING', { db: tx })).toMatchObject({ from: 'SCHEDULED' });
      throw new Error('snapshot failed');
    })).rejects.toThrow('snapshot failed');
    expect(await statusOf(c.id)).toBe('SCHEDULED');
  });

  it('two racing writers: exactly one move wins, the other sees nothing moved', async () => {
    const t = await seedTenant('Acme');
    const c = await seed(t.id, 'SENDING');
    const [paused, sent] = await Promise.all([
      moveCampaign(t.id, c.id, 'PAUSED', { reason: 'user' }),
      moveCampaign(t.id, c.id, 'SENT'),
    ]);
    expect([paused, sent].filter(Boolean)).toHaveLength(1);
    expect(await statusOf(c.id)).toBe(paused ? 'PAUSED' : 'SENT');
  });

  it('never moves another tenant’s campaign; "all" moves only the tenant’s own in an allowed status', async () => {
    const a = await seedTenant('A');
    const b = await seedTenant('B');
    const bc = await seed(b.id, 'SENDING');
    expect(await moveCampaign(a.id, bc.id, 'PAUSED', { reason: 'x' })).toBeNull();
    const a1 = await seed(a.id, 'SENDING');
    const a2 = await seed(a.id, 'SCHEDULED', { scheduledAt: new Date() });
    const moved = await transitionCampaigns(a.id, 'all', 'PAUSED', { reason: 'suspended' });
    expect(moved.map((m) => m.campaignId)).toEqual([a1.id]);
    expect([await statusOf(a1.id), await statusOf(a2.id), await statusOf(bc.id)]).toEqual(['PAUSED', 'SCHEDULED', 'SENDING']);
  });
});
