-- Subscriber search by address prefix ("anna@", "anna@example.com").
-- LIKE 'prefix%' can use a btree only under the "C" collation (C.UTF-8 and en_US do not
-- count), so the (tenantId, email) unique index never served it and the search scanned
-- the tenant. An expression index (lower() is a no-op on the stored lower-case address)
-- because Prisma leaves expression indexes alone. The query in
-- packages/core/src/audience/subscribers.ts uses exactly this expression.
CREATE INDEX "Subscriber_tenantId_email_prefix_idx" ON "Subscriber" ("tenantId", (lower(email) COLLATE "C"));
