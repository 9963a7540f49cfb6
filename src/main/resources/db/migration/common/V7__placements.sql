-- QR codes and NFC tags placed in stores. The code is the short link /q/{code}: unique across tenants, since the
-- link carries no tenant. Each placement is also a touchpoint, so scans are cut by store, touchpoint and stage.
CREATE TABLE placement (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL REFERENCES tenant (id),
    code          VARCHAR(16) NOT NULL,
    store_id      UUID REFERENCES store (id),
    touchpoint_id UUID NOT NULL REFERENCES touchpoint (id),
    kind          VARCHAR(20) NOT NULL,
    label         VARCHAR(200) NOT NULL,
    destination   VARCHAR(2000) NOT NULL,
    campaign      VARCHAR(100),
    add_utm       BOOLEAN NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT placement_code UNIQUE (code)
);
CREATE INDEX placement_tenant_store ON placement (tenant_id, store_id, created_at);
