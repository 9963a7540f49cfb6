-- The daily rollup summed over registers, staff and touchpoints: per store, store-local day and currency. The key
-- figures and the console home need only these totals, and a year of analytics_sales_day holds a row per register,
-- staff member and touchpoint that worked each day (hundreds a day in a busy store); this holds one per store and
-- currency. Changed together with analytics_sales_day, by the same amounts.
CREATE TABLE analytics_sales_store_day (
    tenant_id     UUID NOT NULL,
    store_id      UUID NOT NULL,
    local_day     DATE NOT NULL,
    currency      VARCHAR(3) NOT NULL,
    sales         BIGINT NOT NULL,
    known_sales   BIGINT NOT NULL,
    revenue       BIGINT NOT NULL,
    known_revenue BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, local_day, store_id, currency)
);

INSERT INTO analytics_sales_store_day (tenant_id, store_id, local_day, currency, sales, known_sales, revenue,
    known_revenue)
SELECT tenant_id, store_id, local_day, currency, SUM(sales), SUM(known_sales), SUM(revenue), SUM(known_revenue)
FROM analytics_sales_day
GROUP BY tenant_id, store_id, local_day, currency;
