-- A member page sign-in by one-time code: one row per code sent. The code is kept only as a keyed digest, so the
-- table cannot be read back into codes. member_id is null when the phone or e-mail given is nobody's: the asker is
-- answered the same either way, and such a row simply never signs in. attempts counts wrong guesses; past the
-- limit the code is dead even when right.
CREATE TABLE loyalty_sign_in (
    id          UUID PRIMARY KEY,
    tenant_id   UUID NOT NULL REFERENCES tenant (id),
    member_id   UUID REFERENCES loyalty_member (id),
    code_digest VARCHAR(64) NOT NULL,
    attempts    INTEGER NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX loyalty_sign_in_expiry ON loyalty_sign_in (expires_at);
