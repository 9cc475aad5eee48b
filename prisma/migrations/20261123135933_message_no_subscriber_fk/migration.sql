-- DropForeignKey
ALTER TABLE "Message" DROP CONSTRAINT "Message_subscriberId_fkey";
