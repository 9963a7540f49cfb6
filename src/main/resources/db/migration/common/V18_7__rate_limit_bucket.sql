-- Rate limits and lock-outs counted once for the cluster: one Bucket4j bucket per limit and key. The id is a keyed
-- digest of the limit and its key (an address, an e-mail), never the key itself; state is Bucket4j's serialised
-- bucket, swapped by compare-and-set. A row whose bucket is full again is the same as no row: the sweep deletes rows
-- past expires_at.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(64) PRIMARY KEY,
    state      BYTEA NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX rate_limit_bucket_expiry ON rate_limit_bucket (expires_at);
