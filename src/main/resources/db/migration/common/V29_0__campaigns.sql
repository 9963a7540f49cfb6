-- One-off sends to a segment: who it goes to, how, with which template and offer, and the share held back.
CREATE TABLE campaign (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenant (id),
    name            VARCHAR(200) NOT NULL,
    segment_id      UUID NOT NULL,
    channel         VARCHAR(12) NOT NULL,
    template        VARCHAR(64) NOT NULL,
    offer_id        UUID,
    holdout_percent INT NOT NULL,
    send_at         TIMESTAMP WITH TIME ZONE,
    status          VARCHAR(12) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX campaign_tenant ON campaign (tenant_id, created_at);

-- Everyone the campaign was for, drawn once when it was sent: held out or not, and what became of their message.
-- status: held_out, queued (and on: sent, delivered, opened, clicked, failed …), blocked (the gate said no, reason).
CREATE TABLE campaign_recipient (
    campaign_id UUID NOT NULL,
    tenant_id   UUID NOT NULL,
    person_id   UUID NOT NULL,
    holdout     BOOLEAN NOT NULL,
    status      VARCHAR(16) NOT NULL,
    reason      VARCHAR(200),
    message_id  UUID,
    coupon_id   UUID,
    drawn_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
);
CREATE INDEX campaign_recipient_message ON campaign_recipient (message_id);
