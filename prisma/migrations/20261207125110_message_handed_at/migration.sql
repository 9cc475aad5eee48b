-- A claimed message is marked right before its first SMTP transaction (group-committed per
-- send job). After a worker crash the lease sweep resends the unmarked ones (they never
-- reached a server) and lists only the marked ones as AMBIGUOUS. Nullable without a default,
-- so adding it rewrites nothing, and not indexed, so the mark stays a HOT update.
ALTER TABLE "Message" ADD COLUMN "handedAt" TIMESTAMP(3);
