-- Feedback reports are matched through the MAC inside the Message-ID (the message id is
-- read from it and checked), never by looking the header value up, so the partial index
-- on "messageId" only cost every sent message one more index insert.
DROP INDEX IF EXISTS "Message_messageId_idx";
