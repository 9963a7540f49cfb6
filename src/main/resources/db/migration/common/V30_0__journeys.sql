-- Journeys: a trigger, steps, a goal. Each save of the steps is a new version; people finish the version they entered.
CREATE TABLE journey (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenant (id),
    name            VARCHAR(200) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    version         INT NOT NULL,
    activated_at    TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX journey_tenant ON journey (tenant_id, status);

-- The definition as it was given ({name, trigger, steps, goal, reentry, holdoutPercent}), per version.
CREATE TABLE journey_version (
    journey_id      UUID NOT NULL REFERENCES journey (id),
    version         INT NOT NULL,
    definition      VARCHAR(60000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (journey_id, version)
);

-- One person's way through one version of a journey: the step they are at (pc, the step's place in the compiled
-- version; wait_pc the wait it sits in), when it is due, and how it ended. context: the triggering event's properties, for templates and branches.
CREATE TABLE journey_entry (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    journey_id      UUID NOT NULL REFERENCES journey (id),
    version         INT NOT NULL,
    person_id       UUID NOT NULL,
    store_id        UUID,
    holdout         BOOLEAN NOT NULL,
    status          VARCHAR(16) NOT NULL,
    pc              INT NOT NULL,
    wait_pc         INT,
    steps_run       INT NOT NULL,
    attempts        INT NOT NULL,
    due_at          TIMESTAMP WITH TIME ZONE,
    entered_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    goal_until      TIMESTAMP WITH TIME ZONE,
    converted_at    TIMESTAMP WITH TIME ZONE,
    ended_at        TIMESTAMP WITH TIME ZONE,
    end_reason      VARCHAR(200),
    context         VARCHAR(4000)
);
CREATE INDEX journey_entry_due ON journey_entry (status, due_at);
CREATE INDEX journey_entry_journey ON journey_entry (journey_id, status);
CREATE INDEX journey_entry_person ON journey_entry (tenant_id, person_id, status);

-- Every step an entry ran, written before its side effect: a step found 'started' after a crash is marked 'unknown'
-- and never run again. seq counts the entry's steps (a goto may visit a step twice). No foreign key to the entry:
-- the 'started' line commits on its own while the entry's row is locked, and a key check would wait for that lock.
CREATE TABLE journey_step (
    entry_id        UUID NOT NULL,
    seq             INT NOT NULL,
    tenant_id       UUID NOT NULL,
    journey_id      UUID NOT NULL,
    version         INT NOT NULL,
    pc              INT NOT NULL,
    path            VARCHAR(200) NOT NULL,
    kind            VARCHAR(32) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    detail          VARCHAR(500),
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (entry_id, seq)
);
CREATE INDEX journey_step_journey ON journey_step (journey_id, version, path, status);

-- A person's place in a journey across entries: serialises entering (re-entry policy) and remembers the last entry.
CREATE TABLE journey_person (
    journey_id      UUID NOT NULL REFERENCES journey (id),
    person_id       UUID NOT NULL,
    tenant_id       UUID NOT NULL,
    last_entered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    entries         INT NOT NULL,
    PRIMARY KEY (journey_id, person_id)
);

-- Captured events a journey may start or end on, waiting for identity to name their person.
CREATE TABLE journey_pending (
    seq             BIGINT PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    type            VARCHAR(64) NOT NULL,
    store_id        UUID,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    properties      VARCHAR(4000)
);
CREATE INDEX journey_pending_tenant ON journey_pending (tenant_id, received_at);
