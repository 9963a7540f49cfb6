-- Hosted loyalty sign-up forms, reached at /f/{code} (a QR placement can point there). The wording a customer
-- agrees to is on the form; a change makes a new wording version, and each sign-up records the version it showed.
CREATE TABLE signup_form (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL REFERENCES tenant (id),
    code            VARCHAR(16) NOT NULL,
    store_id        UUID REFERENCES store (id),
    touchpoint_id   UUID NOT NULL REFERENCES touchpoint (id),
    title           VARCHAR(200) NOT NULL,
    program         VARCHAR(64) NOT NULL,
    terms           VARCHAR(4000) NOT NULL,
    marketing_email VARCHAR(1000),
    marketing_sms   VARCHAR(1000),
    wording_version INTEGER NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT signup_form_code UNIQUE (code)
);

-- Events and workshops in a store with a registration page at /e/{code}: seats booked count against capacity in
-- one conditional update, so two registrations racing for the last seat cannot both get it.
CREATE TABLE listed_event (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL REFERENCES tenant (id),
    code          VARCHAR(16) NOT NULL,
    event_code    VARCHAR(64) NOT NULL,
    store_id      UUID NOT NULL REFERENCES store (id),
    touchpoint_id UUID NOT NULL REFERENCES touchpoint (id),
    title         VARCHAR(200) NOT NULL,
    description   VARCHAR(4000),
    starts_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    capacity      INTEGER NOT NULL,
    max_seats     INTEGER NOT NULL,
    booked        INTEGER NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT listed_event_code UNIQUE (code),
    CONSTRAINT listed_event_event_code UNIQUE (tenant_id, event_code),
    CONSTRAINT listed_event_booked CHECK (booked >= 0 AND booked <= capacity)
);

-- A registration: a confirmed ticket, a place on the waiting list, or cancelled. The token is the ticket's QR code.
CREATE TABLE event_ticket (
    token          VARCHAR(32) PRIMARY KEY,
    tenant_id      UUID NOT NULL REFERENCES tenant (id),
    event_id       UUID NOT NULL REFERENCES listed_event (id),
    seats          INTEGER NOT NULL,
    status         VARCHAR(12) NOT NULL,
    first_name     VARCHAR(100) NOT NULL,
    email          VARCHAR(254) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    checked_in_at  TIMESTAMP WITH TIME ZONE,
    checked_in_by  VARCHAR(200)
);
CREATE INDEX event_ticket_event ON event_ticket (event_id, status, created_at);
