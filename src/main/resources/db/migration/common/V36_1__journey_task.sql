-- Tasks a journey gives store staff ("call this VIP"): one per entry and step, open until someone marks it done.
-- store_id null: the journey named no store and the person came in through none; only tenant-wide staff see it.
CREATE TABLE journey_task (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    journey_id      UUID NOT NULL REFERENCES journey (id),
    entry_id        UUID NOT NULL,
    seq             INT NOT NULL,
    person_id       UUID NOT NULL,
    store_id        UUID,
    title           VARCHAR(200) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    done_at         TIMESTAMP WITH TIME ZONE,
    done_by         VARCHAR(200),
    UNIQUE (entry_id, seq)
);
CREATE INDEX journey_task_open ON journey_task (tenant_id, status, store_id);
CREATE INDEX journey_task_journey ON journey_task (journey_id, status);
