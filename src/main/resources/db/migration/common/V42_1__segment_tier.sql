-- Audiences' copy of members' loyalty tiers by person (the highest tier of the person's cards), which segment rules
-- read like their other projection tables; copied from loyalty's public API in the background.
CREATE TABLE segment_tier (
    tenant_id UUID NOT NULL,
    person_id UUID NOT NULL,
    tier      VARCHAR(64) NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);
