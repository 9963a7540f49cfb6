-- Referrals: a member's own code to hand to friends (made when first shown), and who brought a member in. The
-- referrer's bonus is a ledger entry keyed by the new member's id, so it is given once.
ALTER TABLE loyalty_member ADD COLUMN referral_code VARCHAR(16);
ALTER TABLE loyalty_member ADD COLUMN referred_by UUID;
CREATE UNIQUE INDEX loyalty_member_referral_code ON loyalty_member (tenant_id, referral_code);
