ALTER TABLE "Campaign" ADD COLUMN "dailyLimitUntil" TIMESTAMP(3);
