-- One counter that every rotation and revocation raises in its own transaction: each node polls it and forgets the
-- credentials it cached, so a revoked key stops working on every node within a fraction of a second while the
-- request path no longer reads api_key at all.
CREATE TABLE api_key_generation (
    id         INT PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO api_key_generation (id, generation) VALUES (1, 0);
