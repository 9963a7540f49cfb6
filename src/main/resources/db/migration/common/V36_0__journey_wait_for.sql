-- waitFor: the event type an entry waits for (and at which store), since when, and when it was heard. The runner
-- takes the then-branch when heard, the else-branch at the time-out (due_at); the decision is the runner's alone.
ALTER TABLE journey_entry ADD COLUMN wait_event VARCHAR(64);
ALTER TABLE journey_entry ADD COLUMN wait_store_id UUID;
ALTER TABLE journey_entry ADD COLUMN wait_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE journey_entry ADD COLUMN wait_heard_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX journey_entry_wait_event ON journey_entry (wait_event, tenant_id);
