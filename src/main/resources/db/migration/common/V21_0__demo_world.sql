-- Which tenant holds the demo chain, so the demo writes into its own tenant only and never twice.
CREATE TABLE demo_world (
    tenant_id  UUID PRIMARY KEY REFERENCES tenant (id),
    seed       BIGINT NOT NULL,
    options    VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
