-- A survey: the NPS question, a comment and a few questions of the marketer's (JSON in definition), what happens
-- after an answer (a coupon, a review invitation for promoters, a complaint case for detractors). code is the public
-- part of its link /s/{code}; store_review_urls maps store ids to their public review pages.
CREATE TABLE survey (
    id                UUID PRIMARY KEY,
    tenant_id         UUID NOT NULL REFERENCES tenant (id),
    code              VARCHAR(16) NOT NULL,
    name              VARCHAR(200) NOT NULL,
    definition        VARCHAR(40000) NOT NULL,
    reward_offer_id   UUID,
    reward_open       BOOLEAN NOT NULL,
    review_url        VARCHAR(2000),
    store_review_urls VARCHAR(60000),
    open_cases        BOOLEAN NOT NULL,
    version           INTEGER NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    archived_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT survey_code UNIQUE (code)
);
CREATE INDEX survey_tenant ON survey (tenant_id, created_at);

-- A survey sent to one person in a message; its link can be answered once.
CREATE TABLE survey_invitation (
    id         UUID PRIMARY KEY,
    tenant_id  UUID NOT NULL,
    survey_id  UUID NOT NULL REFERENCES survey (id),
    store_id   UUID,
    profile_id UUID,
    channel    VARCHAR(16) NOT NULL,
    address    VARCHAR(320),
    message_id UUID,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX survey_invitation_profile ON survey_invitation (tenant_id, profile_id);

-- One answer. once_key (receipt:<id>, invitation:<id>) makes a receipt's or an invitation's survey answerable once,
-- also when two submissions race; nonce is the form's own id, so a double-click stores one answer. The person is
-- named by profile and normalised identifiers (to find and erase their answers); erasure keeps the score, its group
-- and the choices, and removes the words.
CREATE TABLE survey_response (
    id                UUID PRIMARY KEY,
    tenant_id         UUID NOT NULL,
    survey_id         UUID NOT NULL REFERENCES survey (id),
    survey_version    INTEGER NOT NULL,
    store_id          UUID,
    source            VARCHAR(12) NOT NULL,
    once_key          VARCHAR(60),
    nonce             VARCHAR(64) NOT NULL,
    receipt_id        UUID,
    invitation_id     UUID,
    profile_id        UUID,
    email             VARCHAR(320),
    phone             VARCHAR(32),
    loyalty_id        VARCHAR(64),
    identifiers       VARCHAR(2000),
    contact_channel   VARCHAR(16),
    contact_address   VARCHAR(320),
    score             INTEGER NOT NULL,
    nps_group         VARCHAR(10) NOT NULL,
    comment           VARCHAR(2000),
    answers           VARCHAR(20000),
    coupon_code       VARCHAR(48),
    coupon_url        VARCHAR(500),
    case_id           UUID,
    review_clicked_at TIMESTAMP WITH TIME ZONE,
    answered_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    erased_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT survey_response_once UNIQUE (tenant_id, once_key),
    CONSTRAINT survey_response_nonce UNIQUE (tenant_id, nonce),
    CONSTRAINT survey_response_score CHECK (score BETWEEN 0 AND 10)
);
CREATE INDEX survey_response_time ON survey_response (tenant_id, answered_at);
CREATE INDEX survey_response_survey ON survey_response (survey_id, answered_at);
CREATE INDEX survey_response_email ON survey_response (tenant_id, email);
CREATE INDEX survey_response_phone ON survey_response (tenant_id, phone);
CREATE INDEX survey_response_profile ON survey_response (tenant_id, profile_id);

-- A complaint case for a store, opened by a detractor's answer or by staff. reference is what staff and the
-- customer call it; token is the unguessable key of the customer's status page /case/{token}. Internal notes and
-- the history are in their own tables; customer_message is what the customer is told.
CREATE TABLE feedback_case (
    id               UUID PRIMARY KEY,
    tenant_id        UUID NOT NULL,
    reference        VARCHAR(12) NOT NULL,
    token            VARCHAR(32),
    store_id         UUID,
    survey_id        UUID,
    response_id      UUID,
    receipt_id       UUID,
    profile_id       UUID,
    email            VARCHAR(320),
    phone            VARCHAR(32),
    loyalty_id       VARCHAR(64),
    identifiers      VARCHAR(2000),
    contact_channel  VARCHAR(16),
    contact_address  VARCHAR(320),
    subject          VARCHAR(200) NOT NULL,
    description      VARCHAR(2000),
    score            INTEGER,
    source           VARCHAR(12) NOT NULL,
    status           VARCHAR(24) NOT NULL,
    owner_id         UUID,
    customer_message VARCHAR(2000),
    resolutions      INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    opened_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at      TIMESTAMP WITH TIME ZONE,
    closed_at        TIMESTAMP WITH TIME ZONE,
    erased_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT feedback_case_reference UNIQUE (tenant_id, reference),
    CONSTRAINT feedback_case_token UNIQUE (token)
);
CREATE INDEX feedback_case_tenant_status ON feedback_case (tenant_id, status, opened_at);
CREATE INDEX feedback_case_tenant_store ON feedback_case (tenant_id, store_id, opened_at);
CREATE INDEX feedback_case_email ON feedback_case (tenant_id, email);
CREATE INDEX feedback_case_phone ON feedback_case (tenant_id, phone);

CREATE TABLE feedback_case_note (
    id         UUID PRIMARY KEY,
    case_id    UUID NOT NULL REFERENCES feedback_case (id),
    tenant_id  UUID NOT NULL,
    author_id  UUID,
    author     VARCHAR(254) NOT NULL,
    body       VARCHAR(4000),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX feedback_case_note_case ON feedback_case_note (case_id, created_at);

-- What happened to a case, in order: opened, each status and owner change, the customer told.
CREATE TABLE feedback_case_history (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id     UUID NOT NULL REFERENCES feedback_case (id),
    tenant_id   UUID NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(254) NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    from_value  VARCHAR(64),
    to_value    VARCHAR(64)
);
CREATE INDEX feedback_case_history_case ON feedback_case_history (case_id, occurred_at);
