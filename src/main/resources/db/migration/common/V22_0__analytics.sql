-- Analytics keeps its own record of each sale as the capture log reports it: the store-local day it belongs to,
-- whether the till named the customer, and what refunds and a void did to it. seq is the sale's place in the
-- capture log, by which identity tells whose sale it is now.
CREATE TABLE analytics_sale (
    tenant_id      UUID NOT NULL,
    transaction_id VARCHAR(100) NOT NULL,
    seq            BIGINT NOT NULL,
    store_id       UUID NOT NULL,
    local_day      DATE NOT NULL,
    register_id    VARCHAR(64) NOT NULL,
    staff_id       VARCHAR(64) NOT NULL,
    touchpoint_id  UUID,
    currency       VARCHAR(3) NOT NULL,
    total          BIGINT NOT NULL,
    refunded       BIGINT NOT NULL,
    known          BOOLEAN NOT NULL,
    voided         BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id)
);
CREATE INDEX analytics_sale_day ON analytics_sale (tenant_id, local_day);

-- Refunds and voids already applied, so that an event handed over twice is applied once.
CREATE TABLE analytics_reversal (
    tenant_id      UUID NOT NULL,
    transaction_id VARCHAR(100) NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id)
);

-- The daily rollup of sales per store-local day, register, staff member, touchpoint and currency, kept up to date as
-- sales, refunds and voids arrive. sales: sales not voided; known: those where the till named the customer;
-- revenue: their totals less refunds (booked on the refund's day), in minor units of currency.
CREATE TABLE analytics_sales_day (
    tenant_id     UUID NOT NULL,
    store_id      UUID NOT NULL,
    local_day     DATE NOT NULL,
    register_id   VARCHAR(64) NOT NULL,
    staff_id      VARCHAR(64) NOT NULL,
    touchpoint    VARCHAR(36) NOT NULL,
    currency      VARCHAR(3) NOT NULL,
    sales         BIGINT NOT NULL,
    known_sales   BIGINT NOT NULL,
    revenue       BIGINT NOT NULL,
    known_revenue BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, local_day, store_id, register_id, staff_id, touchpoint, currency)
);
