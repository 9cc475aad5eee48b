import type { CampaignDetail } from '@rundbrief/core/authoring/index';

/** The API shape of a campaign: no compiled internals, ids instead of nested rows. */
export function campaignJson(c: CampaignDetail) {
  return {
    id: c.id, name: c.name, status: c.status, subject: c.subject, preheader: c.preheader, identityId: c.identityId,
    listIds: c.listIds, segment: c.segment, mjml: c.mjml, textOverride: c.textOverride, trackOpens: c.trackOpens,
    trackClicks: c.trackClicks, reengagement: c.reengagement, scheduledAt: c.scheduledAt, timezone: c.timezone,
    recipientCount: c.recipientCount, sentCount: c.sentCount, createdAt: c.createdAt, updatedAt: c.updatedAt,
    abTest: c.abTest && {
      differs: c.abTest.differs, testPercent: c.abTest.testPercent, metric: c.abTest.metric, waitMinutes: c.abTest.waitMinutes,
      variants: c.abTest.variants, winnerVariantId: c.abTest.winnerVariantId, winnerChosenBy: c.abTest.winnerChosenBy,
      winnerChosenAt: c.abTest.winnerChosenAt, winnerDueAt: c.abTest.winnerDueAt,
    },
  };
}
