-- The club's consent question asked again at the till: what the member answered last and when, so the same
-- answer sent twice (a till retrying) records one consent event, not two.
ALTER TABLE loyalty_member ADD COLUMN consent_answer VARCHAR(64);
ALTER TABLE loyalty_member ADD COLUMN consent_answered_at TIMESTAMP WITH TIME ZONE;
