-- The touches online-to-offline conversion is measured from: online touches (a web visit through the tracker, a
-- message click, a receipt's call to action, a QR scan), online purchases and store sales, each by its place in the
-- capture log (seq), by which identity tells whose touch it is now. transaction_id: a store sale's, to leave out
-- voided ones.
CREATE TABLE analytics_touch (
    tenant_id      UUID NOT NULL,
    seq            BIGINT NOT NULL,
    type           VARCHAR(40) NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    store_id       UUID,
    transaction_id VARCHAR(100),
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX analytics_touch_time ON analytics_touch (tenant_id, occurred_at);
