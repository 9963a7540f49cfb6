-- A file written and recorded but not yet moved into place (its .part still under the hidden name): moved after
-- the transaction that records it commits, and by the next run when a node died in between.
CREATE TABLE audience_file_placing (
    destination_id UUID NOT NULL,
    file           VARCHAR(300) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (destination_id, file)
);

-- An upload on its way to the SFTP server, until when: a removal of the destination waits for it to end.
ALTER TABLE audience_file_upload ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
