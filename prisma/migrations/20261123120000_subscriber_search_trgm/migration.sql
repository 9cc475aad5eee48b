-- Subscriber search by name or address part: one trigram index over the searchable text.
-- Expression indexes cannot be declared in schema.prisma, and the query in
-- packages/core/src/audience/subscribers.ts uses exactly this expression.
-- (No semicolons in comments: the JS migration engine splits statements on them.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Subscriber_search_trgm_idx" ON "Subscriber"
  USING gin ((email || ' ' || coalesce("firstName", '') || ' ' || coalesce("lastName", '')) gin_trgm_ops);
