-- Whose clock a campaign's local time (send_at_local) is read on: 'store' (the recipient's preferred store's zone)
-- or 'person' (the zone the profile gives as its timeZone trait, else the store's); null without a local time.
ALTER TABLE campaign ADD COLUMN send_at_zone VARCHAR(8);

-- Delivery asks for a campaign's pending recipients that are due (due_at null or passed): with due_at in the index
-- the ones still waiting for a later zone's time are not read at every pass. It serves (campaign_id, status) too.
CREATE INDEX campaign_recipient_due ON campaign_recipient (campaign_id, status, due_at);
DROP INDEX campaign_recipient_status;
