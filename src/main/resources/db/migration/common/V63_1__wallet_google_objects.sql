-- The members a "Save to Google Wallet" link was made for (their loyalty object may exist at Google), and whether
-- the object is due an update of its points. Members without a link are never called at Google for.
CREATE TABLE loyalty_wallet_google_object (
    member_id    UUID PRIMARY KEY REFERENCES loyalty_member (id),
    tenant_id    UUID NOT NULL REFERENCES tenant (id),
    update_due   BOOLEAN NOT NULL,
    attempts     INTEGER NOT NULL,
    linked_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX loyalty_wallet_google_object_due ON loyalty_wallet_google_object (update_due);
