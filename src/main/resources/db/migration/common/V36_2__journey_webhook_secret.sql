-- The key a journey's webhook calls are signed with (HMAC-SHA256, hex), shown once when it is made. Journeys saved
-- before it existed have none until one is made for them; their calls go unsigned.
ALTER TABLE journey ADD COLUMN webhook_secret VARCHAR(100);
