-- Cross-sell: "what other buyers of the same product bought next" reads the purchase days by item, not by person.
CREATE INDEX journey_purchase_day_item ON journey_purchase_day (tenant_id, kind, item, bought_on);

-- A shoppable link put into a journey's message: the token in the link names the person, the journey and the
-- product, so a click is an event of the person and the shop visit after it is theirs.
CREATE TABLE journey_link (
    token           VARCHAR(32) PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    journey_id      UUID NOT NULL,
    entry_id        UUID NOT NULL,
    person_id       UUID NOT NULL,
    sku             VARCHAR(200) NOT NULL,
    url             VARCHAR(2000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    clicks          INT NOT NULL DEFAULT 0,
    first_click_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX journey_link_person ON journey_link (tenant_id, person_id);
CREATE INDEX journey_link_journey ON journey_link (journey_id);
