-- A scheduled file export of a segment: the audience file (Meta or Google, hashed) written every `every_seconds`
-- into the installation's audience-files directory, for a sync job or an ad platform's SFTP upload to pick up.
CREATE TABLE audience_file_destination (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL REFERENCES tenant (id),
    segment_id    UUID NOT NULL,
    format        VARCHAR(10) NOT NULL,
    every_seconds BIGINT NOT NULL,
    next_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_run_at   TIMESTAMP WITH TIME ZONE,
    last_file     VARCHAR(300),
    last_rows     BIGINT,
    last_error    VARCHAR(300)
);
CREATE INDEX audience_file_destination_due ON audience_file_destination (next_at);
CREATE INDEX audience_file_destination_segment ON audience_file_destination (segment_id);

-- Everyone a file destination has received, so that an erasure reaches it (ids only).
CREATE TABLE audience_file_recipient (
    destination_id UUID NOT NULL,
    tenant_id      UUID NOT NULL,
    person_id      UUID NOT NULL,
    PRIMARY KEY (destination_id, person_id)
);
CREATE INDEX audience_file_recipient_person ON audience_file_recipient (tenant_id, person_id);

-- An erased person's identifiers, hashed as the destination's format wants them, until the next removals file
-- carries them; deleted once it is written.
CREATE TABLE audience_file_removal (
    id             UUID PRIMARY KEY,
    destination_id UUID NOT NULL,
    tenant_id      UUID NOT NULL,
    email_hash     VARCHAR(64),
    phone_hash     VARCHAR(64),
    at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX audience_file_removal_destination ON audience_file_removal (destination_id);
