-- The journeys feed asks on every batch which events someone is waiting for. With a million people waiting on
-- timers and few on events, the plain index on wait_event was passed over for the status index (a scan of every
-- active entry, 1.6 s); this one holds only the entries that listen.
CREATE INDEX journey_entry_listening ON journey_entry (tenant_id, wait_event)
    WHERE wait_event IS NOT NULL AND status = 'active';
