-- Issues of an offer's generic code under an idempotency key: a retried issue is answered again and counted once.
-- (A unique code carries its key on its own row.)
CREATE TABLE generic_coupon_issue (
    tenant_id       UUID NOT NULL,
    offer_id        UUID NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    coupon_id       UUID NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, offer_id, idempotency_key)
);
