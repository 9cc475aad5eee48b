-- BullMQ job ids restart after a Redis reset: PlatformMail.jobId is a lookup key, not unique.
DROP INDEX "PlatformMail_jobId_key";
CREATE INDEX "PlatformMail_jobId_idx" ON "PlatformMail"("jobId");
