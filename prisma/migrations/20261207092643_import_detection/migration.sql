-- What the upload was read as (encoding, separator, row count, German header / numbers).
ALTER TABLE "Import" ADD COLUMN "detection" JSONB;
