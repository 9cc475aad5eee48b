-- Ed25519 DKIM key beside RSA (RFC 8463), nullable for domains added before it.
ALTER TABLE "SenderDomain" ADD COLUMN "ed25519Selector" TEXT,
ADD COLUMN "ed25519PublicKey" TEXT,
ADD COLUMN "ed25519PrivateKeyEnc" TEXT,
ADD COLUMN "ed25519Status" TEXT NOT NULL DEFAULT 'PENDING';

-- spfStatus now describes SPF at the return path bounces.<domain> (where receivers check
-- it), no longer the apex record: the stored verdict was about another record, so it is
-- unknown until the next check (the return path is not used as envelope until then).
UPDATE "SenderDomain" SET "spfStatus" = 'PENDING';

-- How a campaign's mail was authenticated (report: DMARC alignment).
ALTER TABLE "Campaign" ADD COLUMN "sendAuth" JSONB;
