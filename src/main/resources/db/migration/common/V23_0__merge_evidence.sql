-- Why two profiles were joined, in words for staff: the identifier they shared and what was checked against it,
-- or the fields that agreed and the match probability. Older merges have none.
ALTER TABLE profile_merge ADD COLUMN evidence VARCHAR(500);
