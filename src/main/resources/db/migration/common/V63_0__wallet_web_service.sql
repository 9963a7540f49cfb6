-- Apple's Wallet web service: each pass that went out (serial number = the member's id) with the token its
-- copies authenticate with and when its content last changed, and the devices that registered it for pushes.
-- The token is kept as is: every later copy of the pass (a re-download, the update a phone fetches) must carry the
-- same one, or the copies already on phones would stop authenticating.
CREATE TABLE loyalty_wallet_pass (
    member_id   UUID PRIMARY KEY REFERENCES loyalty_member (id),
    tenant_id   UUID NOT NULL REFERENCES tenant (id),
    auth_token  VARCHAR(64) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE loyalty_wallet_device (
    device_id      VARCHAR(128) NOT NULL,
    member_id      UUID NOT NULL REFERENCES loyalty_wallet_pass (member_id),
    tenant_id      UUID NOT NULL REFERENCES tenant (id),
    push_token     VARCHAR(200) NOT NULL,
    push_due       BOOLEAN NOT NULL,
    push_attempts  INTEGER NOT NULL,
    registered_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (device_id, member_id)
);
CREATE INDEX loyalty_wallet_device_member ON loyalty_wallet_device (member_id);
CREATE INDEX loyalty_wallet_device_push ON loyalty_wallet_device (push_due);
