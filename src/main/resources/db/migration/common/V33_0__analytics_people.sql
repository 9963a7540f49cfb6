-- The per-person rollup: whose each sale and touch is now, kept by analytics itself so that customer figures,
-- cohorts, lifetime values and conversion read it instead of asking identity about every sale on each request.
-- person_id: the person (identity's root profile) the row belongs to now, NULL for no one (anonymous, erased);
-- pending: identity is to be asked again (new, or the person merged or split), since pending_since.
-- online: a sale sent through the transactions API with an online touchpoint (web, app).
ALTER TABLE analytics_sale ADD COLUMN person_id UUID;
ALTER TABLE analytics_sale ADD COLUMN pending BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE analytics_sale ADD COLUMN pending_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE analytics_sale ADD COLUMN online BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE analytics_sale SET pending = known, pending_since = CURRENT_TIMESTAMP;
CREATE INDEX analytics_sale_person ON analytics_sale (tenant_id, person_id);
CREATE INDEX analytics_sale_pending ON analytics_sale (pending, seq);

ALTER TABLE analytics_touch ADD COLUMN person_id UUID;
ALTER TABLE analytics_touch ADD COLUMN pending BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE analytics_touch ADD COLUMN pending_since TIMESTAMP WITH TIME ZONE;
UPDATE analytics_touch SET pending = TRUE, pending_since = CURRENT_TIMESTAMP;
CREATE INDEX analytics_touch_person ON analytics_touch (tenant_id, person_id);
CREATE INDEX analytics_touch_pending ON analytics_touch (pending, seq);

-- One row per person, store, store-local day and currency: their sales there that day not voided (purchases, of
-- which online ones) and what they paid less refunds (net, minor units). month_no (months since 1970-01) and
-- week_no (ISO weeks since the week of 1970-01-01) let cohorts group in SQL on either database.
CREATE TABLE analytics_person_day (
    tenant_id        UUID NOT NULL,
    person_id        UUID NOT NULL,
    store_id         UUID NOT NULL,
    local_day        DATE NOT NULL,
    currency         VARCHAR(3) NOT NULL,
    month_no         INT NOT NULL,
    week_no          INT NOT NULL,
    purchases        INT NOT NULL,
    online_purchases INT NOT NULL,
    net              BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, person_id, local_day, store_id, currency)
);
CREATE INDEX analytics_person_day_day ON analytics_person_day (tenant_id, local_day);

-- One row per person with a sale not voided: first and last purchase day, purchases, the store and channel of the
-- first purchase (first_online: it was an online one).
CREATE TABLE analytics_person (
    tenant_id      UUID NOT NULL,
    person_id      UUID NOT NULL,
    first_day      DATE NOT NULL,
    last_day       DATE NOT NULL,
    purchases      INT NOT NULL,
    first_store_id UUID NOT NULL,
    first_online   BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);

-- Held (FOR UPDATE) by whatever changes whose rows are whose: the resolver, merges and splits, erasure, voids and
-- refunds, so that none of them undoes another's work.
CREATE TABLE analytics_lock (
    name VARCHAR(40) PRIMARY KEY
);
INSERT INTO analytics_lock (name) VALUES ('people');
