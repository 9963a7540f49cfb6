-- Campaign delivery: the channels to fall back to in order (comma-separated, after channel), a throttle in messages
-- per minute (null: as fast as the queue takes them). Status now also: scheduled, paused, cancelled.
ALTER TABLE campaign ADD COLUMN fallback VARCHAR(40);
ALTER TABLE campaign ADD COLUMN throttle_per_minute INT;
-- when the audience was drawn in full: until then a sending campaign with nobody pending is not yet sent
ALTER TABLE campaign ADD COLUMN drawn_at TIMESTAMP WITH TIME ZONE;

-- A drawn recipient waits as pending until delivered (then queued, blocked …) or the campaign is cancelled; the
-- channel their message went by, and when it was handed to messaging (the throttle counts the last minute's).
ALTER TABLE campaign_recipient ADD COLUMN channel VARCHAR(12);
ALTER TABLE campaign_recipient ADD COLUMN handled_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX campaign_recipient_status ON campaign_recipient (campaign_id, status);
CREATE INDEX campaign_status ON campaign (status);
