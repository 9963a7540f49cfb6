-- A tenant's own wallet issuers. Google: the Wallet issuer and the service account whose key signs the "Save to
-- Google Wallet" links. Apple: the Pass Type ID certificate (PKCS#12, base64) with its password. The keys are kept
-- as the other secrets are (webhook secrets, portal keys): in the tenant's rows, written by an admin, never answered.
CREATE TABLE loyalty_wallet_google (
    tenant_id             UUID PRIMARY KEY REFERENCES tenant (id),
    issuer_id             VARCHAR(32) NOT NULL,
    service_account_email VARCHAR(320) NOT NULL,
    private_key_pem       VARCHAR(20000) NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE loyalty_wallet_apple (
    tenant_id     UUID PRIMARY KEY REFERENCES tenant (id),
    pass_type_id  VARCHAR(255) NOT NULL,
    team_id       VARCHAR(10) NOT NULL,
    pkcs12        VARCHAR(100000) NOT NULL,
    password      VARCHAR(1000) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
