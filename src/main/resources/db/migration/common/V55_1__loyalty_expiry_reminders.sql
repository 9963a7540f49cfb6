-- One reminder per batch of a member's points lapsing at one moment: the row is claimed before the message is
-- queued, so a second pass or node never reminds twice; outcome says what became of it (queued, blocked …).
CREATE TABLE loyalty_expiry_reminder (
    tenant_id  UUID NOT NULL,
    member_id  UUID NOT NULL REFERENCES loyalty_member (id),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    points     BIGINT NOT NULL,
    outcome    VARCHAR(16) NOT NULL,
    message_id UUID,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (member_id, expires_at)
);
