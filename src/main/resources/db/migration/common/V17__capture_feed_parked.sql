-- Events a feed's handler failed on: tried again later with growing pauses instead of being skipped. A row whose
-- next_attempt_at is NULL was given up on; setting it to now tries it again.
CREATE TABLE capture_feed_parked (
    feed            VARCHAR(64) NOT NULL,
    sequence        BIGINT NOT NULL,
    tenant_id       UUID NOT NULL,
    attempts        INT NOT NULL,
    error           VARCHAR(200) NOT NULL,
    parked_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (feed, sequence)
);
CREATE INDEX capture_feed_parked_due ON capture_feed_parked (feed, next_attempt_at);
