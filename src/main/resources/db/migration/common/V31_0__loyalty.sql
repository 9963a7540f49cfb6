-- Loyalty: one programme per tenant, kept as the JSON document the marketer PUT (rates, multipliers, bonuses,
-- tiers, rewards), since it is read whole and changes rarely; currency is a column for a quick look.
CREATE TABLE loyalty_program (
    tenant_id  UUID PRIMARY KEY REFERENCES tenant (id),
    currency   VARCHAR(3) NOT NULL,
    settings   VARCHAR(20000) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A member, by the normalised loyalty number. The row is also the lock every balance change takes, so two tills
-- spending the same points serialise on it. tier_review_at is when a tier may next fall (the period's end).
CREATE TABLE loyalty_member (
    id             UUID PRIMARY KEY,
    tenant_id      UUID NOT NULL REFERENCES tenant (id),
    loyalty_id     VARCHAR(64) NOT NULL,
    tier           VARCHAR(64),
    tier_review_at TIMESTAMP WITH TIME ZONE,
    joined_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    joined_store   UUID,
    CONSTRAINT loyalty_member_number UNIQUE (tenant_id, loyalty_id)
);
CREATE INDEX loyalty_member_tier_review ON loyalty_member (tier_review_at);
CREATE INDEX loyalty_member_joined ON loyalty_member (tenant_id, joined_at);

-- The ledger: every change of a balance is one entry, signed. An entry counts as available from available_at
-- (an earn's return window) and as pending before. lot_id ties a reversal or an expiry to the earn it takes
-- from. (source, source_id) is the natural key that makes a sale, refund, redemption or bonus count once.
CREATE TABLE loyalty_entry (
    id           UUID PRIMARY KEY,
    tenant_id    UUID NOT NULL,
    member_id    UUID NOT NULL REFERENCES loyalty_member (id),
    kind         VARCHAR(10) NOT NULL,
    points       BIGINT NOT NULL,
    source       VARCHAR(16) NOT NULL,
    source_id    VARCHAR(200),
    lot_id       UUID,
    store_id     UUID,
    reason       VARCHAR(500),
    actor        VARCHAR(200),
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    available_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX loyalty_entry_source ON loyalty_entry (tenant_id, source, source_id);
CREATE INDEX loyalty_entry_member ON loyalty_entry (member_id, available_at);
CREATE INDEX loyalty_entry_expiry ON loyalty_entry (expires_at);

-- A till's spend of points for a sale, keyed by the sale's transaction id: a retry answers balance_after again.
CREATE TABLE loyalty_redemption (
    tenant_id      UUID NOT NULL,
    transaction_id VARCHAR(100) NOT NULL,
    member_id      UUID NOT NULL REFERENCES loyalty_member (id),
    points         BIGINT NOT NULL,
    returned       BIGINT NOT NULL,
    reward         VARCHAR(64),
    store_id       UUID NOT NULL,
    balance_after  BIGINT NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id)
);

CREATE TABLE loyalty_tier_change (
    id         UUID PRIMARY KEY,
    tenant_id  UUID NOT NULL,
    member_id  UUID NOT NULL REFERENCES loyalty_member (id),
    from_tier  VARCHAR(64),
    to_tier    VARCHAR(64),
    reason     VARCHAR(16) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX loyalty_tier_change_member ON loyalty_tier_change (member_id, changed_at);
