-- AlterTable
ALTER TABLE "List" ADD COLUMN     "welcomeEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "welcomeSubject" TEXT;
