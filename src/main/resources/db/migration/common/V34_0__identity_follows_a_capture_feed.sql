-- Identity follows the capture log as a capture feed like every other module; the feed starts where identity's own
-- cursor stood, so an installation does not read its whole log again. identity_cursor stays as the graph's lock row.
INSERT INTO capture_feed (name, position, updated_at)
SELECT 'identity', position, updated_at FROM identity_cursor WHERE name = 'capture';
-- Its own background task is gone with it.
DELETE FROM scheduled_tasks WHERE task_name = 'identity-resolver';
