-- Where each module that follows the capture log (consents, receipts …) has read up to: everything at or below
-- position is done.
CREATE TABLE capture_feed (
    name       VARCHAR(64) PRIMARY KEY,
    position   BIGINT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
