-- Subscriber search without "@": a substring of the name, or the start of the address
-- (served by Subscriber_tenantId_email_prefix_idx). The trigram index no longer covers the
-- address: its trigrams (a unique local part, a domain shared by millions) were two thirds
-- of the entries and cost ~11 s CPU of a million-row import (merge 37 s -> 26 s CPU).
-- The query in packages/core/src/audience/subscribers.ts uses exactly this expression.
-- (No semicolons in comments: the JS migration engine splits statements on them.)
DROP INDEX "Subscriber_search_trgm_idx";

CREATE INDEX "Subscriber_name_trgm_idx" ON "Subscriber"
  USING gin ((coalesce("firstName", '') || ' ' || coalesce("lastName", '')) gin_trgm_ops);
