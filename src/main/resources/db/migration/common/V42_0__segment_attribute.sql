-- Computed attributes segments read (kind 'rfm': RFM quintiles, 'lifetime': the copy of analytics' lifetime values),
-- per tenant: when the values in use were computed and when a rule last asked for fresh ones. They are computed by
-- background tasks only; a preview or save answers with what there is and says when newer values are on their way.
CREATE TABLE segment_attribute (
    tenant_id    UUID NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    computed_at  TIMESTAMP WITH TIME ZONE,
    requested_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant_id, kind)
);
