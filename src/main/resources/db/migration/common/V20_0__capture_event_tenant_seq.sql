-- A tenant's event log read page by page (GET /api/v1/events?after=…): with this index a page reads only its own
-- rows in order, instead of sorting all of the tenant's events for every page.
CREATE INDEX capture_event_tenant_seq ON capture_event (tenant_id, seq);
