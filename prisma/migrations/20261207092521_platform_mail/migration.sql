-- Platform mail: the platform's own DKIM keys and one row per platform mail (its bounces).
CREATE TABLE "PlatformDkimKey" (
    "id" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "selector" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKeyEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "PlatformDkimKey_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "PlatformDkimKey_selector_key" ON "PlatformDkimKey"("selector");

CREATE TABLE "PlatformMail" (
    "id" UUID NOT NULL,
    "jobId" TEXT,
    "kind" TEXT NOT NULL,
    "tenantId" UUID,
    "recipient" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "bouncedAt" TIMESTAMP(3),
    "bounceCategory" TEXT,
    "bounceStatus" TEXT,
    "bounceDiagnostic" TEXT,
    "inboundId" UUID,

    CONSTRAINT "PlatformMail_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "PlatformMail_jobId_key" ON "PlatformMail"("jobId");
CREATE INDEX "PlatformMail_recipient_bounceCategory_idx" ON "PlatformMail"("recipient", "bounceCategory");
CREATE INDEX "PlatformMail_tenantId_kind_bouncedAt_idx" ON "PlatformMail"("tenantId", "kind", "bouncedAt");
CREATE INDEX "PlatformMail_bouncedAt_idx" ON "PlatformMail"("bouncedAt");

ALTER TABLE "PlatformMail" ADD CONSTRAINT "PlatformMail_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
