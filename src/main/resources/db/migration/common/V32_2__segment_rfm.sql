-- Each buyer's RFM quintiles (1 low … 5 high) over the last year's purchases: recency of the last purchase,
-- frequency of purchases, monetary value ranked within each currency (never summed across currencies).
CREATE TABLE segment_rfm (
    tenant_id   UUID NOT NULL,
    person_id   UUID NOT NULL,
    recency     INT NOT NULL,
    frequency   INT NOT NULL,
    monetary    INT NOT NULL,
    computed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, person_id)
);
