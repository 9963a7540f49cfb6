-- A reward that issues an offers coupon keeps the coupon's code with the spend, so a retry answers the same code.
ALTER TABLE loyalty_redemption ADD COLUMN coupon_id UUID;
ALTER TABLE loyalty_redemption ADD COLUMN coupon_code VARCHAR(64);
