-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN     "pausedUntil" TIMESTAMP(3);
