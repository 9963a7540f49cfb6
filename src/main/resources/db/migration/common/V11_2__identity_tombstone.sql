-- Identifiers of erased people, as keyed digests: a later event or import that carries one of them is not linked to
-- anyone and is stripped of it, so an erasure is not undone. Nothing here can be read back into an address.
CREATE TABLE identity_tombstone (
    tenant_id UUID NOT NULL,
    digest    VARCHAR(64) NOT NULL,
    erased_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, digest)
);

-- An erased person's profiles stay, without anything that identifies them, so that counts stay true; they are
-- never found again.
ALTER TABLE profile ADD COLUMN erased_at TIMESTAMP WITH TIME ZONE;
