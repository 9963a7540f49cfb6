-- Captured events the journeys have reacted to (or given up on), kept until the journeys feed's cursor has passed
-- them: until then the feed may hand an event over again, and it must not be kept and reacted to a second time.
CREATE TABLE journey_pending_done (
    seq       BIGINT PRIMARY KEY,
    tenant_id UUID NOT NULL
);
