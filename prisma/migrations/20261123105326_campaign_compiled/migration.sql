-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "compiled" JSONB;

