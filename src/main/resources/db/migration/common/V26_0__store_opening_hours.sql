-- A store's regular opening hours: one row per interval, several on a day with a lunch break; a day without rows is
-- closed. Times are the store's local clock as HH:mm, so they sort as text on both databases.
CREATE TABLE store_opening_hours (
    store_id  UUID NOT NULL REFERENCES store (id),
    tenant_id UUID NOT NULL REFERENCES tenant (id),
    weekday   SMALLINT NOT NULL,
    opens     VARCHAR(5) NOT NULL,
    closes    VARCHAR(5) NOT NULL,
    CONSTRAINT store_opening_hours_pk PRIMARY KEY (store_id, weekday, opens),
    CONSTRAINT store_opening_hours_weekday CHECK (weekday BETWEEN 1 AND 7)
);
