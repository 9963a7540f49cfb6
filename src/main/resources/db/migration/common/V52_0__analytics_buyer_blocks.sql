-- The buyers of a period F … L sum analytics_buyer_span over from_day <= F and F <= to_day <= L. Read as it is, that
-- goes through every row of every day of the period (a few hundred per day, one per earlier day someone last
-- bought on), and a year at a million customers read some 130,000 of them. So the rows are also kept summed over
-- blocks of 32 from-days: block = (from_day - 1900-01-01) / 32, block 0 holding "no earlier purchase". A period
-- then reads, per day of it, the blocks wholly before F's block (a couple of dozen for two years of history) from
-- here, and the rows of F's own block up to F (at most 32 from-days) from analytics_buyer_span through the index
-- below. Both change together, by the same differences, whenever a person's rows are rebuilt.
CREATE TABLE analytics_buyer_block (
    tenant_id  UUID NOT NULL,
    scope_id   UUID NOT NULL,
    to_day     DATE NOT NULL,
    from_block INT NOT NULL,
    buyers     BIGINT NOT NULL,
    new_ones   BIGINT NOT NULL,
    repeaters  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, scope_id, to_day, from_block)
);

-- F's own block: the few from-days just before F, across the period's days
CREATE INDEX analytics_buyer_span_from ON analytics_buyer_span (tenant_id, scope_id, from_day, to_day);

-- filled from the spans already kept in V52_1 (PostgreSQL and H2 subtract dates differently)
