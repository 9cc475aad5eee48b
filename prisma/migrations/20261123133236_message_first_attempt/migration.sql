-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "firstAttemptAt" TIMESTAMP(3);
