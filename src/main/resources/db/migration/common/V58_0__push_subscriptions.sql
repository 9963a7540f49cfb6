-- Web push on the member page. The installation's VAPID key pair (RFC 8292) is made on first use; the private key is
-- kept as the other secrets are (the signing key, webhook secrets, wallet keys): in a row, never answered.
CREATE TABLE push_vapid_key (
    name        VARCHAR(32) PRIMARY KEY,
    public_key  VARCHAR(400) NOT NULL,
    private_key VARCHAR(400) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A browser's push subscription: where its push service takes messages for it, and the keys the payload is
-- encrypted with (RFC 8291). The id is the address a push message goes to.
CREATE TABLE push_subscription (
    id         UUID PRIMARY KEY,
    tenant_id  UUID NOT NULL REFERENCES tenant (id),
    profile_id UUID NOT NULL,
    endpoint   VARCHAR(2000) NOT NULL,
    p256dh     VARCHAR(100) NOT NULL,
    auth       VARCHAR(50) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT push_subscription_endpoint UNIQUE (tenant_id, endpoint)
);

CREATE INDEX push_subscription_profile ON push_subscription (tenant_id, profile_id, created_at);
