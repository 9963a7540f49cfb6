-- Offers and listed events kept for members of some loyalty tiers: the tiers' names as a JSON array (tier names may
-- hold commas), null for everyone. The names are checked against the programme when the offer or event is saved.
ALTER TABLE offer ADD COLUMN tiers VARCHAR(4000);
ALTER TABLE listed_event ADD COLUMN tiers VARCHAR(4000);
