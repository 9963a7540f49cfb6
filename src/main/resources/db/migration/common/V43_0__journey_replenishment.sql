-- Replenishment: the days a person bought an SKU or a category (in the store's calendar), from the capture log's
-- pos.purchase events once identity named the person; one row a day, however often they bought that day.
CREATE TABLE journey_purchase_day (
    tenant_id       UUID NOT NULL,
    person_id       UUID NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    item            VARCHAR(200) NOT NULL,
    bought_on       DATE NOT NULL,
    store_id        UUID,
    PRIMARY KEY (tenant_id, person_id, kind, item, bought_on)
);

-- Per person and SKU or category: the last purchase, their median interval in days (null when bought once) and the
-- expected next purchase (their own interval, else the item's typical one; null while nobody has bought it twice).
CREATE TABLE journey_replenishment (
    tenant_id       UUID NOT NULL,
    person_id       UUID NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    item            VARCHAR(200) NOT NULL,
    store_id        UUID,
    purchases       INT NOT NULL,
    last_day        DATE NOT NULL,
    interval_days   INT,
    next_day        DATE,
    PRIMARY KEY (tenant_id, person_id, kind, item)
);
CREATE INDEX journey_replenishment_due ON journey_replenishment (tenant_id, kind, item, next_day);
CREATE INDEX journey_replenishment_week ON journey_replenishment (tenant_id, next_day);
