-- CreateEnum
CREATE TYPE "DevDnsType" AS ENUM ('TXT', 'MX', 'A', 'CNAME');

-- CreateTable
CREATE TABLE "DevDnsRecord" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "DevDnsType" NOT NULL,
    "value" TEXT NOT NULL,
    "priority" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DevDnsRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DevDnsRecord_name_idx" ON "DevDnsRecord"("name");
