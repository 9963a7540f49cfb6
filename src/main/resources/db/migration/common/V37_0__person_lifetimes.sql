-- Each person's predicted customer lifetime value over the next 52 weeks (BG/NBD and Gamma-Gamma fitted on the
-- tenant's purchases in that currency, minor units) and probability of being active, one row per person and
-- currency they bought in; refreshed by a background task, never computed per request.
CREATE TABLE analytics_person_lifetime (
    tenant_id          UUID NOT NULL,
    person_id          UUID NOT NULL,
    currency           VARCHAR(3) NOT NULL,
    clv                BIGINT NOT NULL,
    active_probability DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (tenant_id, person_id, currency)
);

-- When each tenant's values were last refreshed, and through which day's purchases (also when no currency had
-- enough repeat buyers to fit, so that a tenant without values is not fitted again on every request).
CREATE TABLE analytics_lifetime_refresh (
    tenant_id    UUID PRIMARY KEY,
    through_day  DATE NOT NULL,
    refreshed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Audiences' copy of the same values, which segment rules read like their other projection tables.
CREATE TABLE segment_lifetime (
    tenant_id          UUID NOT NULL,
    person_id          UUID NOT NULL,
    currency           VARCHAR(3) NOT NULL,
    clv                BIGINT NOT NULL,
    active_probability DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (tenant_id, person_id, currency)
);
