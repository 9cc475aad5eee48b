-- CSV import consent: ATTEST (the marketer's statement) or OPT_IN_MAIL (double opt-in mail per person)
ALTER TABLE "Import" ADD COLUMN "consentMode" TEXT NOT NULL DEFAULT 'ATTEST';
