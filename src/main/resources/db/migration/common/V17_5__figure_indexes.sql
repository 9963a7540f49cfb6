-- The home page counts a tenant's redemptions, consents and cases over a period: let both databases find them by
-- tenant and time instead of reading every row.
CREATE INDEX coupon_redemption_tenant_time ON coupon_redemption (tenant_id, redeemed_at);
CREATE INDEX consent_entry_tenant_time ON consent_entry (tenant_id, occurred_at);
CREATE INDEX feedback_case_tenant_time ON feedback_case (tenant_id, opened_at);
