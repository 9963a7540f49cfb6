-- Web sites of a tenant that carry the tracking snippet. The site key is public (it is in the page); pages on other
-- domains are not recorded.
CREATE TABLE web_site (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL REFERENCES tenant (id),
    site_key      VARCHAR(32) NOT NULL,
    domain        VARCHAR(253) NOT NULL,
    touchpoint_id UUID NOT NULL REFERENCES touchpoint (id),
    label         VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT web_site_key UNIQUE (site_key),
    CONSTRAINT web_site_domain UNIQUE (tenant_id, domain)
);

-- Links sent to a known customer (an email, an SMS, a receipt) that tell the tracker who arrived. The token is
-- random; who it stands for stays here, out of the URL.
CREATE TABLE web_link (
    token       VARCHAR(32) PRIMARY KEY,
    tenant_id   UUID NOT NULL REFERENCES tenant (id),
    identifiers VARCHAR(2000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
