-- A person as Footbridge knows them. A merge never deletes: the merged profile points at the profile it joined
-- (merged_into) and every profile knows the survivor at the top of its chain (root_id), so a merge is one row
-- to change and an unmerge gives back exactly what came in through the merged profile.
CREATE TABLE profile (
    id          UUID PRIMARY KEY,
    tenant_id   UUID NOT NULL REFERENCES tenant (id),
    root_id     UUID NOT NULL,
    merged_into UUID,
    anchor_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX profile_root ON profile (root_id);
CREATE INDEX profile_merged_into ON profile (merged_into);

-- Identifiers after normalisation. profile_id is the profile the identifier first came to (its home); the
-- person it belongs to now is that profile's root.
CREATE TABLE profile_identifier (
    tenant_id      UUID NOT NULL,
    type           VARCHAR(16) NOT NULL,
    id_value       VARCHAR(320) NOT NULL,
    original       VARCHAR(320) NOT NULL,
    profile_id     UUID NOT NULL,
    first_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    first_store_id UUID,
    last_store_id  UUID,
    first_event_type VARCHAR(64) NOT NULL,
    last_event_type  VARCHAR(64) NOT NULL,
    events         BIGINT NOT NULL,
    refusals       INT NOT NULL,
    PRIMARY KEY (tenant_id, type, id_value)
);
CREATE INDEX profile_identifier_profile ON profile_identifier (profile_id);

-- Which profile each captured event went to (its home, as for identifiers). A row per event read, also when it
-- had no usable identifier, so the follower knows what it has done. note says why identifiers were not used.
CREATE TABLE identity_event (
    seq         BIGINT PRIMARY KEY,
    tenant_id   UUID NOT NULL,
    profile_id  UUID,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    note        VARCHAR(500)
);
CREATE INDEX identity_event_profile ON identity_event (profile_id, occurred_at);

-- Every merge, automatic or by staff, with what joined the two and why: the event's identifier that the surviving
-- person held (identifier_*) and the one the joining profile held (other_*). undone_at when it was split again.
CREATE TABLE profile_merge (
    id               UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL,
    from_profile_id  UUID NOT NULL,
    into_profile_id  UUID NOT NULL,
    reason           VARCHAR(20) NOT NULL,
    identifier_type  VARCHAR(16),
    identifier_value VARCHAR(320),
    other_type       VARCHAR(16),
    other_value      VARCHAR(320),
    event_seq        BIGINT,
    actor            VARCHAR(200) NOT NULL,
    merged_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    undone_at        TIMESTAMP WITH TIME ZONE,
    undone_by        VARCHAR(200),
    undo_reason      VARCHAR(200)
);
CREATE INDEX profile_merge_from ON profile_merge (tenant_id, from_profile_id);
CREATE INDEX profile_merge_into ON profile_merge (tenant_id, into_profile_id);
CREATE INDEX profile_merge_identifier ON profile_merge (tenant_id, identifier_type, identifier_value);
CREATE INDEX profile_merge_other ON profile_merge (tenant_id, other_type, other_value);

-- Two profiles that an event would have joined but a rule held apart: for staff to merge or dismiss.
CREATE TABLE identity_review (
    id               UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL,
    profile_a        UUID NOT NULL,
    profile_b        UUID NOT NULL,
    reason           VARCHAR(20) NOT NULL,
    detail           VARCHAR(500) NOT NULL,
    identifier_type  VARCHAR(16),
    identifier_value VARCHAR(320),
    event_seq        BIGINT,
    status           VARCHAR(12) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at       TIMESTAMP WITH TIME ZONE,
    decided_by       VARCHAR(200)
);
CREATE INDEX identity_review_open ON identity_review (tenant_id, status, created_at);

-- Values never used for linking: listed by staff, or found shared by too many people.
CREATE TABLE identity_denied (
    tenant_id  UUID NOT NULL,
    type       VARCHAR(16) NOT NULL,
    id_value   VARCHAR(320) NOT NULL,
    reason     VARCHAR(12) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, type, id_value)
);

-- How far the resolver has read the capture log: everything at or below position is done.
CREATE TABLE identity_cursor (
    name       VARCHAR(32) PRIMARY KEY,
    position   BIGINT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO identity_cursor (name, position, updated_at) VALUES ('capture', 0, CURRENT_TIMESTAMP);
