-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "defaultSenderName" TEXT,
ADD COLUMN     "legalName" TEXT,
ADD COLUMN     "postalAddress" TEXT;
