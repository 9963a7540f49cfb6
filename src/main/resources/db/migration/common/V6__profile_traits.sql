-- What people said about themselves (names, birth date, address), normalised for matching, per profile. Probable
-- matches between people who share no identifier, and the search by name, are found through it.
CREATE TABLE profile_trait (
    tenant_id   UUID NOT NULL,
    profile_id  UUID NOT NULL,
    first_name  VARCHAR(100),
    last_name   VARCHAR(100),
    first_key   VARCHAR(16),
    last_key    VARCHAR(16),
    birth_date  VARCHAR(8),
    street      VARCHAR(200),
    city        VARCHAR(100),
    postcode    VARCHAR(20),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, profile_id)
);
CREATE INDEX profile_trait_birth_date ON profile_trait (tenant_id, birth_date);
CREATE INDEX profile_trait_names ON profile_trait (tenant_id, last_key, first_key);
CREATE INDEX profile_trait_first_names ON profile_trait (tenant_id, first_key);
CREATE INDEX profile_trait_postcode ON profile_trait (tenant_id, postcode);
