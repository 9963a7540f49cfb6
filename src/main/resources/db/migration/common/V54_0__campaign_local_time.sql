-- A campaign limited to stores (comma-separated codes; null: everyone in the segment) and sent at a wall-clock time
-- in each recipient's store's zone (send_at_local, e.g. 2026-12-08T10:00; send_at then holds the earliest of those
-- instants, when the audience is drawn).
-- up to 50 codes of up to 32 characters and their commas
ALTER TABLE campaign ADD COLUMN stores VARCHAR(1700);
ALTER TABLE campaign ADD COLUMN send_at_local VARCHAR(19);

-- When a drawn recipient is due: null for at once, else their store's instant of the campaign's local time.
ALTER TABLE campaign_recipient ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
