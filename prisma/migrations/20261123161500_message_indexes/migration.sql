-- Fewer index inserts per snapshot row (a million-recipient snapshot is one INSERT of a
-- million rows, each paying one insert per index, measured with scripts/bench/snapshot.ts).
-- One subscriber-first unique index replaces both the (campaignId, subscriberId) unique
-- index and the (tenantId, subscriberId) index: it still refuses a second message per
-- campaign and subscriber, and serves every lookup of a subscriber's messages (subscriber
-- ids are unique across tenants). Nothing looks messages up by (campaignId, subscriberId)
-- alone, and the campaign's rows are found through (campaignId, status).
DROP INDEX "Message_campaignId_subscriberId_key";
DROP INDEX "Message_tenantId_subscriberId_idx";
CREATE UNIQUE INDEX "Message_subscriberId_campaignId_key" ON "Message"("subscriberId", "campaignId");

-- messageId is NULL until the message is first sent, so a snapshot inserted a million NULL
-- entries. Partial: only rows that have one. schema.prisma cannot declare a predicate, so
-- the index is not declared there and Prisma leaves it alone (checked: migrate dev finds
-- no drift), like the expression indexes. The lookup by Message-ID (messageId IN (...))
-- implies IS NOT NULL and uses it.
DROP INDEX "Message_messageId_idx";
CREATE INDEX "Message_messageId_idx" ON "Message"("messageId") WHERE "messageId" IS NOT NULL;
