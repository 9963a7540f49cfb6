-- The people who came with a value found shared (a household's landline or e-mail): the live resolver still joins
-- the holders that give one first name, as batch resolve does, and needs to know who they are. Holds the value, so
-- it is erased with the person.
CREATE TABLE identity_shared_holder (
    tenant_id  UUID NOT NULL,
    type       VARCHAR(16) NOT NULL,
    id_value   VARCHAR(320) NOT NULL,
    profile_id UUID NOT NULL,
    PRIMARY KEY (tenant_id, type, id_value, profile_id)
);
CREATE INDEX identity_shared_holder_profile ON identity_shared_holder (tenant_id, profile_id);
