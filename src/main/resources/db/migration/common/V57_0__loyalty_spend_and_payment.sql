-- The money behind a member's tiers when a programme measures them by spend: a sale with a loyalty number in the
-- programme's currency adds its total, a refund or void of it takes back what it returned. A refund counts at its
-- sale's time (occurred_at), so it lowers the spend of the period the sale counted in. (tenant, source, source_id)
-- makes a sale or refund read twice count once; sale_id is the sale's transaction id (for a refund, the original's).
CREATE TABLE loyalty_spend (
    id          UUID PRIMARY KEY,
    tenant_id   UUID NOT NULL,
    member_id   UUID NOT NULL REFERENCES loyalty_member (id),
    amount      BIGINT NOT NULL,
    currency    VARCHAR(3) NOT NULL,
    source      VARCHAR(16) NOT NULL,
    source_id   VARCHAR(200) NOT NULL,
    sale_id     VARCHAR(200) NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX loyalty_spend_source ON loyalty_spend (tenant_id, source, source_id);
CREATE INDEX loyalty_spend_member ON loyalty_spend (member_id, occurred_at);
CREATE INDEX loyalty_spend_sale ON loyalty_spend (tenant_id, sale_id);

-- Points paid as money: the amount (minor units of currency) they paid, so a retry answers it again.
ALTER TABLE loyalty_redemption ADD COLUMN amount BIGINT;
ALTER TABLE loyalty_redemption ADD COLUMN currency VARCHAR(3);

-- Why a tier changed: what it was measured by (points or spend) and what the member had over the period then
-- (points, or minor units of currency).
ALTER TABLE loyalty_tier_change ADD COLUMN basis VARCHAR(8);
ALTER TABLE loyalty_tier_change ADD COLUMN measured BIGINT;
ALTER TABLE loyalty_tier_change ADD COLUMN currency VARCHAR(3);
