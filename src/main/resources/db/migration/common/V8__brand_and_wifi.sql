-- How the hosted pages of a tenant look; absent until the tenant sets it (defaults apply).
CREATE TABLE tenant_brand (
    tenant_id        UUID PRIMARY KEY REFERENCES tenant (id),
    name             VARCHAR(100) NOT NULL,
    logo_url         VARCHAR(2000),
    primary_color    VARCHAR(7) NOT NULL,
    background_color VARCHAR(7) NOT NULL,
    text_color       VARCHAR(7) NOT NULL,
    language         VARCHAR(8) NOT NULL,
    privacy_url      VARCHAR(2000),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Keys this installation signs with (state carried through a customer's browser); made on first use.
CREATE TABLE signing_key (
    name       VARCHAR(32) PRIMARY KEY,
    secret     VARCHAR(100) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Access points and gateways whose guests are sent to the portal, by vendor and the id the vendor sends
-- (a node MAC for Meraki and UniFi, the gateway's name for openNDS). Unique across tenants: the vendor's request
-- carries no tenant.
CREATE TABLE wifi_access_point (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL REFERENCES tenant (id),
    vendor        VARCHAR(16) NOT NULL,
    node          VARCHAR(64) NOT NULL,
    store_id      UUID NOT NULL REFERENCES store (id),
    touchpoint_id UUID NOT NULL REFERENCES touchpoint (id),
    label         VARCHAR(200) NOT NULL,
    secret        VARCHAR(200),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT wifi_access_point_node UNIQUE (vendor, node)
);
CREATE INDEX wifi_access_point_tenant ON wifi_access_point (tenant_id, store_id);

-- The exact words a guest agrees to, versioned: a login records the version it showed. Never changed, only added.
CREATE TABLE wifi_wording (
    tenant_id       UUID NOT NULL REFERENCES tenant (id),
    version         INTEGER NOT NULL,
    terms           VARCHAR(4000) NOT NULL,
    marketing_email VARCHAR(1000),
    marketing_sms   VARCHAR(1000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(200) NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

-- Devices that logged in recently, so they are let on again without the form until expires_at.
CREATE TABLE wifi_device (
    tenant_id    UUID NOT NULL REFERENCES tenant (id),
    device       VARCHAR(64) NOT NULL,
    last_login_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, device)
);
