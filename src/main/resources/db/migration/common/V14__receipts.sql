-- What the marketer set up for digital receipts, as JSON: tenant-wide (scope_key '*') or for one store (scope_key = the
-- store's id), which then replaces the tenant's for that store.
CREATE TABLE receipt_settings (
    tenant_id  UUID NOT NULL REFERENCES tenant (id),
    scope_key  VARCHAR(36) NOT NULL,
    settings   VARCHAR(60000) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, scope_key)
);

-- A digital receipt: one per sale whose customer chose email, SMS or WhatsApp at the till. token is the unguessable
-- key of the page /r/{token}; it is cleared when the person is erased (the page is gone, the counts stay).
-- address is where the receipt goes (normalised); email, phone and loyalty_id (normalised) find the person's
-- receipts; identifiers keeps them as typed at the till, for the events put on the person's timeline.
-- consent_since is the sale's time when the sale carried consent ticks: the receipt waits for the consent ledger to
-- take them in before its message is composed, so the marketing parts follow what the customer just ticked.
-- delivery is pending until the message is queued, then follows the latest message (see receipt_message).
CREATE TABLE receipt (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    token           VARCHAR(32),
    transaction_id  VARCHAR(100) NOT NULL,
    event_seq       BIGINT NOT NULL,
    store_id        UUID NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    currency        VARCHAR(3) NOT NULL,
    total           BIGINT NOT NULL,
    refunded        BIGINT NOT NULL,
    status          VARCHAR(8) NOT NULL,
    voided_at       TIMESTAMP WITH TIME ZONE,
    channel         VARCHAR(16) NOT NULL,
    address         VARCHAR(320),
    email           VARCHAR(320),
    phone           VARCHAR(32),
    loyalty_id      VARCHAR(64),
    identifiers     VARCHAR(2000),
    consent_since   TIMESTAMP WITH TIME ZONE,
    delivery        VARCHAR(16) NOT NULL,
    delivery_reason VARCHAR(500),
    message_id      UUID,
    views           INTEGER NOT NULL,
    first_viewed_at TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    erased_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT receipt_per_sale UNIQUE (tenant_id, transaction_id),
    CONSTRAINT receipt_token UNIQUE (token)
);
CREATE INDEX receipt_tenant_time ON receipt (tenant_id, occurred_at);
CREATE INDEX receipt_pending ON receipt (delivery, created_at);
CREATE INDEX receipt_email ON receipt (tenant_id, email);
CREATE INDEX receipt_phone ON receipt (tenant_id, phone);
CREATE INDEX receipt_loyalty ON receipt (tenant_id, loyalty_id);

-- Every message a receipt went out in (the first one, and resends), with what became of it: the delivery, open and
-- click rates are counted here from messaging's status changes.
CREATE TABLE receipt_message (
    message_id   UUID PRIMARY KEY,
    receipt_id   UUID NOT NULL REFERENCES receipt (id),
    tenant_id    UUID NOT NULL,
    channel      VARCHAR(16) NOT NULL,
    resend       BOOLEAN NOT NULL,
    marketing    BOOLEAN NOT NULL,
    status       VARCHAR(16) NOT NULL,
    reason       VARCHAR(500),
    queued_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at      TIMESTAMP WITH TIME ZONE,
    delivered_at TIMESTAMP WITH TIME ZONE,
    opened_at    TIMESTAMP WITH TIME ZONE,
    clicked_at   TIMESTAMP WITH TIME ZONE,
    failed_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX receipt_message_receipt ON receipt_message (receipt_id);

-- A call to action of one receipt: where it was shown (in the message, on the page) and how often it was followed.
-- A reward's coupon is kept once issued, so the page can show it.
CREATE TABLE receipt_cta (
    receipt_id       UUID NOT NULL REFERENCES receipt (id),
    tenant_id        UUID NOT NULL,
    cta              VARCHAR(8) NOT NULL,
    in_message       BOOLEAN NOT NULL,
    on_page          BOOLEAN NOT NULL,
    clicks           INTEGER NOT NULL,
    message_clicks   INTEGER NOT NULL,
    first_clicked_at TIMESTAMP WITH TIME ZONE,
    coupon_code      VARCHAR(48),
    coupon_url       VARCHAR(500),
    PRIMARY KEY (receipt_id, cta)
);
