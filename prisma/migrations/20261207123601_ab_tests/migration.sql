-- A/B tests (issue 15): 2-4 variants of a campaign, a test share split among them, the rest
-- HELD until the winner is chosen (automatically after the wait, or by hand), then sent the
-- winning variant. The rest are the same Message rows: unique (subscriberId, campaignId)
-- still proves one mail per recipient across the test and the rest.
CREATE TYPE "AbMetric" AS ENUM ('OPEN', 'CLICK');
CREATE TYPE "AbWinnerChoice" AS ENUM ('AUTO', 'MANUAL');
ALTER TYPE "MessageStatus" ADD VALUE 'HELD';

ALTER TABLE "Campaign"
  ADD COLUMN "abDiffers" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "abTestPercent" INTEGER NOT NULL DEFAULT 20,
  ADD COLUMN "abMetric" "AbMetric" NOT NULL DEFAULT 'OPEN',
  ADD COLUMN "abWaitMinutes" INTEGER NOT NULL DEFAULT 240,
  ADD COLUMN "abWinnerDueAt" TIMESTAMP(3),
  ADD COLUMN "abWinnerVariantId" UUID,
  ADD COLUMN "abWinnerChosenAt" TIMESTAMP(3),
  ADD COLUMN "abWinnerChosenBy" "AbWinnerChoice",
  ADD CONSTRAINT "Campaign_abTestPercent_check" CHECK ("abTestPercent" BETWEEN 5 AND 50);

CREATE TABLE "CampaignVariant" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenantId" UUID NOT NULL,
  "campaignId" UUID NOT NULL,
  "label" TEXT NOT NULL,
  "subject" TEXT,
  "preheader" TEXT,
  "mjml" TEXT,
  "compiled" JSONB,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "CampaignVariant_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "CampaignVariant_label_check" CHECK ("label" IN ('A', 'B', 'C', 'D'))
);
CREATE UNIQUE INDEX "CampaignVariant_campaignId_label_key" ON "CampaignVariant"("campaignId", "label");
CREATE INDEX "CampaignVariant_tenantId_idx" ON "CampaignVariant"("tenantId");
ALTER TABLE "CampaignVariant" ADD CONSTRAINT "CampaignVariant_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CampaignVariant" ADD CONSTRAINT "CampaignVariant_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_abWinnerVariantId_fkey" FOREIGN KEY ("abWinnerVariantId") REFERENCES "CampaignVariant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- No foreign key (as for Subscriber, see Message in schema.prisma: a million-row snapshot
-- would check it row by row): variants are only deleted while the campaign is a draft,
-- i.e. before any Message row exists.
ALTER TABLE "Message" ADD COLUMN "variantId" UUID;
