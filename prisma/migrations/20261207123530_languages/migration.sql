-- Issue 14: the UI language of a user (null: follow the browser) and the language a list
-- speaks to its subscribers (hosted forms, confirmation pages and mail defaults).
CREATE TYPE "Language" AS ENUM ('en', 'de');
ALTER TABLE "User" ADD COLUMN "locale" "Language";
ALTER TABLE "List" ADD COLUMN "language" "Language" NOT NULL DEFAULT 'en';
