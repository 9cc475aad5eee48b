-- Expired opt-ins are pruned across tenants by status and expiry (pruneExpiredOptIns in
-- packages/core/src/audience/consent.ts: status = 'PENDING' AND "tokenExpiresAt" < now).
-- Only PENDING subscriptions carry an expiry, so a partial index over them replaces
-- (status, tokenExpiresAt), which took an entry for every confirmed subscription too: a
-- million-row import no longer writes a million entries nobody looks up.
-- Prisma cannot declare partial indexes and leaves them alone.
DROP INDEX "Subscription_status_tokenExpiresAt_idx";

CREATE INDEX "Subscription_pending_tokenExpiresAt_idx" ON "Subscription" ("tokenExpiresAt") WHERE status = 'PENDING';
