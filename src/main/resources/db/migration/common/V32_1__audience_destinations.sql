-- Where a segment's entries and exits are sent: a webhook, signed with the destination's secret (HMAC-SHA256).
CREATE TABLE audience_destination (
    id         UUID PRIMARY KEY,
    tenant_id  UUID NOT NULL REFERENCES tenant (id),
    segment_id UUID NOT NULL,
    url        VARCHAR(2000) NOT NULL,
    secret     VARCHAR(100) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX audience_destination_segment ON audience_destination (segment_id);

-- One call to a destination: kind entered, left or erased (a person's erasure passed on); pending until the
-- receiver answers 2xx, retried with back-off, parked after the last try (visible, retried by hand).
CREATE TABLE audience_delivery (
    id             UUID PRIMARY KEY,
    destination_id UUID NOT NULL,
    tenant_id      UUID NOT NULL,
    person_id      UUID NOT NULL,
    kind           VARCHAR(8) NOT NULL,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    status         VARCHAR(10) NOT NULL,
    attempts       INT NOT NULL,
    next_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error     VARCHAR(300),
    delivered_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX audience_delivery_due ON audience_delivery (status, next_at);
CREATE INDEX audience_delivery_destination ON audience_delivery (destination_id, status, at);
CREATE INDEX audience_delivery_person ON audience_delivery (tenant_id, person_id);
