// Client input never chooses the tenant (issue 17.2). The save actions used to build
// `{ tenantId, ...input }`, so a body carrying `tenantId` wrote into another tenant. Now the
// tenant arrives only as the context argument; these calls pass exactly what the actions
// pass (the session's ctx plus the untouched client object) with another tenant's ids in it.
import { getDb } from '@rundbrief/db';
import { truncateAll } from '@rundbrief/db/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTemplate, deleteCampaign, deleteTemplate, restoreTemplateVersion, saveTemplate, scheduleCampaign, updateCampaign,
  type CampaignUpdate, type TemplateSave,
} from '../../src/authoring/index.ts';
import { closeQueues } from '../../src/jobs/queue.ts';
import { sendableSetup } from './helpers.ts';

beforeEach(truncateAll);
afterAll(async () => {
  await closeQueues();
  await getDb().$disconnect();
});

async function twoTenants() {
  const s = await sendableSetup();
  const ctxA = { tenantId: s.a.id, actor: 'a@example.org' };
  const bCampaign = await getDb().campaign.create({ data: { tenantId: s.b.id, name: 'B news', subject: 'B subject', mjml: '<mjml></mjml>' } });
  const bTemplate = await createTemplate({ tenantId: s.b.id }, { name: 'B template' });
  const snapshot = async () => ({
    campaigns: await getDb().campaign.findMany({ where: { tenantId: s.b.id }, orderBy: { id: 'asc' } }),
    templates: await getDb().template.findMany({ where: { tenantId: s.b.id }, orderBy: { id: 'asc' } }),
    versions: await getDb().templateVersion.count({ where: { templateId: bTemplate.id } }),
  });
  return { s, ctxA, bCampaign, bTemplate, snapshot };
}

describe("a body naming another tenant's tenantId and ids", () => {
  it("saveCampaignAction's path: B's campaign is 404 and unchanged; A's own save stays in A", async () => {
    const { s, ctxA, bCampaign, snapshot } = await twoTenants();
    const before = await snapshot();
    const hostile = { tenantId: s.b.id, campaignId: bCampaign.id, subject: 'pwned' } as CampaignUpdate;
    await expect(updateCampaign(ctxA, bCampaign.id, hostile)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A's own campaign id with B's tenantId in the body: the edit lands in A, never in B
    await updateCampaign(ctxA, s.campaignId, hostile);
    expect((await getDb().campaign.findUniqueOrThrow({ where: { id: s.campaignId } })).subject).toBe('pwned');
    const sendAt = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);
    await expect(scheduleCampaign(ctxA, bCampaign.id, { tenantId: s.b.id, sendAt, timezone: 'UTC' } as never)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteCampaign(ctxA, bCampaign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
  });

  it("saveTemplateAction's path: B's template is 404, no version is written", async () => {
    const { s, ctxA, bTemplate, snapshot } = await twoTenants();
    const before = await snapshot();
    const hostile = { tenantId: s.b.id, templateId: bTemplate.id, mjml: '<mjml>pwned</mjml>', name: 'pwned', baseVersion: 1 } as TemplateSave;
    await expect(saveTemplate(ctxA, bTemplate.id, hostile)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(restoreTemplateVersion(ctxA, bTemplate.id, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteTemplate(ctxA, bTemplate.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A's own template with B's tenantId in the body: saved in A only
    const own = await createTemplate(ctxA, { name: 'A template' });
    expect(await saveTemplate(ctxA, own.id, hostile)).toMatchObject({ id: own.id, version: 2 });
    expect(await snapshot()).toEqual(before);
  });
});
