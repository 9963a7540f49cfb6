-- Offer campaigns. valid_from/valid_until keep what the marketer gave: an instant with an offset, or a local date or
-- date-time that means that wall-clock time in each store's zone. starts_by/ends_by bound them across every zone on
-- earth, so SQL can tell an offer that is surely over from one that may still run somewhere.
-- redeemed_count and discount_spent are kept only while the offer has a cap or a budget: the conditional update
-- on them is what makes a cap exact, and an offer without one need not serialise its redemptions on this row.
CREATE TABLE offer (
    id                 UUID PRIMARY KEY,
    tenant_id          UUID NOT NULL REFERENCES tenant (id),
    name               VARCHAR(200) NOT NULL,
    description        VARCHAR(2000),
    terms              VARCHAR(4000),
    type               VARCHAR(10) NOT NULL,
    percent_bp         INTEGER,
    amount             BIGINT,
    max_discount       BIGINT,
    free_sku           VARCHAR(64),
    currency           VARCHAR(3) NOT NULL,
    min_basket         BIGINT NOT NULL,
    valid_from         VARCHAR(40) NOT NULL,
    valid_until        VARCHAR(40) NOT NULL,
    starts_by          TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_by            TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_days         INTEGER,
    per_customer_limit INTEGER,
    max_redemptions    BIGINT,
    budget             BIGINT,
    redeemed_count     BIGINT NOT NULL,
    discount_spent     BIGINT NOT NULL,
    channels           VARCHAR(200),
    code_prefix        VARCHAR(8),
    code_length        INTEGER NOT NULL,
    generic            BOOLEAN NOT NULL,
    version            INTEGER NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    archived_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT offer_counts CHECK (redeemed_count >= 0 AND discount_spent >= 0)
);
CREATE INDEX offer_tenant ON offer (tenant_id, created_at);

-- Where an offer applies: stores (by id), SKUs and categories. None of a kind means no restriction of that kind.
CREATE TABLE offer_target (
    offer_id  UUID NOT NULL REFERENCES offer (id),
    tenant_id UUID NOT NULL,
    kind      VARCHAR(8) NOT NULL,
    target    VARCHAR(100) NOT NULL,
    PRIMARY KEY (offer_id, kind, target)
);

-- One code. Unique codes are single-use (max_uses 1); an offer's generic code has no max_uses and is limited by the
-- offer's caps and per-customer limit instead. The code is stored normalised (upper case, no separators); token is
-- the unguessable key of the customer's page /c/{token}. holder_slot numbers a person's coupons of one offer, so
-- the unique key stops two racing issues from going over the per-customer limit; led by profile_id, it also finds
-- a person's coupons (wallet, export, erasure), so bulk inserts maintain one index fewer.
CREATE TABLE coupon (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    offer_id        UUID NOT NULL REFERENCES offer (id),
    code            VARCHAR(32) NOT NULL,
    token           VARCHAR(32) NOT NULL,
    max_uses        INTEGER,
    status          VARCHAR(10) NOT NULL,
    profile_id      UUID,
    holder_slot     INTEGER,
    channel         VARCHAR(16) NOT NULL,
    touchpoint      VARCHAR(64),
    batch_id        UUID,
    idempotency_key VARCHAR(200),
    issued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE,
    redeemed_at     TIMESTAMP WITH TIME ZONE,
    issued_count    BIGINT NOT NULL,
    view_count      BIGINT NOT NULL,
    first_viewed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT coupon_code_per_tenant UNIQUE (tenant_id, code),
    CONSTRAINT coupon_token UNIQUE (token),
    CONSTRAINT coupon_holder_slot UNIQUE (profile_id, offer_id, holder_slot),
    CONSTRAINT coupon_issue_key UNIQUE (offer_id, idempotency_key)
);
CREATE INDEX coupon_offer_code ON coupon (offer_id, code);

-- A redemption at the till. (tenant, transaction, coupon) makes a retry of the same sale answer the first result;
-- customer_slot does for a generic code's per-customer limit what holder_slot does for issues. A rollback (refund or
-- void) keeps the row for the record and frees the coupon and the slot.
CREATE TABLE coupon_redemption (
    id                      UUID PRIMARY KEY,
    tenant_id               UUID NOT NULL,
    coupon_id               UUID NOT NULL REFERENCES coupon (id),
    offer_id                UUID NOT NULL,
    transaction_id          VARCHAR(100) NOT NULL,
    store_id                UUID NOT NULL,
    register_id             VARCHAR(64),
    profile_id              UUID,
    customer_key            VARCHAR(64),
    customer_slot           INTEGER,
    basket_total            BIGINT NOT NULL,
    currency                VARCHAR(3) NOT NULL,
    discount                BIGINT NOT NULL,
    free_sku                VARCHAR(64),
    channel                 VARCHAR(16) NOT NULL,
    touchpoint              VARCHAR(64),
    seconds_to_redeem       BIGINT,
    redeemed_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    rolled_back_at          TIMESTAMP WITH TIME ZONE,
    rollback_reason         VARCHAR(8),
    rollback_transaction_id VARCHAR(100),
    CONSTRAINT coupon_redemption_once UNIQUE (tenant_id, transaction_id, coupon_id),
    CONSTRAINT coupon_redemption_slot UNIQUE (offer_id, customer_key, customer_slot)
);
CREATE INDEX coupon_redemption_offer ON coupon_redemption (offer_id, redeemed_at);
CREATE INDEX coupon_redemption_coupon ON coupon_redemption (coupon_id);
CREATE INDEX coupon_redemption_profile ON coupon_redemption (tenant_id, profile_id);
