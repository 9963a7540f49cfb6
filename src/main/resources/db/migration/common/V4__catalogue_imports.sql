-- The product catalogue that sales reference by SKU. Archived products still describe old sales.
CREATE TABLE product (
    tenant_id   UUID NOT NULL REFERENCES tenant (id),
    sku         VARCHAR(64) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    category    VARCHAR(100),
    price       BIGINT,
    currency    VARCHAR(3),
    url         VARCHAR(2000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    archived_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant_id, sku)
);
CREATE INDEX product_tenant_category ON product (tenant_id, category);

-- A CSV import. rows_done counts the records committed so far, always at a transaction boundary, so an
-- interrupted import resumes after it; heartbeat_at tells a stale runner from a live one.
CREATE TABLE import_job (
    id             UUID PRIMARY KEY,
    tenant_id      UUID NOT NULL REFERENCES tenant (id),
    kind           VARCHAR(16) NOT NULL,
    status         VARCHAR(12) NOT NULL,
    file_name      VARCHAR(255) NOT NULL,
    file_path      VARCHAR(1000) NOT NULL,
    file_sha256    VARCHAR(64) NOT NULL,
    size_bytes     BIGINT NOT NULL,
    options        VARCHAR(4000) NOT NULL,
    created_by     VARCHAR(200) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE,
    heartbeat_at   TIMESTAMP WITH TIME ZONE,
    finished_at    TIMESTAMP WITH TIME ZONE,
    rows_done      BIGINT NOT NULL,
    bytes_done     BIGINT NOT NULL,
    imported       BIGINT NOT NULL,
    duplicates     BIGINT NOT NULL,
    rejected       BIGINT NOT NULL,
    error          VARCHAR(2000)
);
CREATE INDEX import_job_tenant_created ON import_job (tenant_id, created_at);

-- Why a row was not imported: its line in the file, the column and the reason.
CREATE TABLE import_row_error (
    job_id    UUID NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
    line_no   BIGINT NOT NULL,
    record_no BIGINT NOT NULL,
    field     VARCHAR(200) NOT NULL,
    message   VARCHAR(1000) NOT NULL,
    row_key   VARCHAR(200)
);
CREATE INDEX import_row_error_job ON import_row_error (job_id, record_no);
