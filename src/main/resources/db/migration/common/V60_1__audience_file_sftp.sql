-- A file destination may hand its files on to a partner's SFTP server: host, port, user, the remote folder, how it
-- signs in (password or key) with that secret sealed (AES-GCM, base64; never answered), and the fingerprint of the
-- server's host key (SHA256:… as OpenSSH shows it): a server showing any other key is refused.
ALTER TABLE audience_file_destination ADD COLUMN sftp_host VARCHAR(253);
ALTER TABLE audience_file_destination ADD COLUMN sftp_port INT;
ALTER TABLE audience_file_destination ADD COLUMN sftp_user VARCHAR(100);
ALTER TABLE audience_file_destination ADD COLUMN sftp_path VARCHAR(300);
ALTER TABLE audience_file_destination ADD COLUMN sftp_auth VARCHAR(8);
ALTER TABLE audience_file_destination ADD COLUMN sftp_secret VARCHAR(16000);
ALTER TABLE audience_file_destination ADD COLUMN sftp_host_key VARCHAR(100);
ALTER TABLE audience_file_destination ADD COLUMN last_upload_at TIMESTAMP WITH TIME ZONE;

-- Files written for an SFTP destination and not yet on its server, oldest first; retried with back-off.
CREATE TABLE audience_file_upload (
    destination_id UUID NOT NULL,
    file           VARCHAR(300) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts       INT NOT NULL,
    next_try_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (destination_id, file)
);
CREATE INDEX audience_file_upload_due ON audience_file_upload (next_try_at);
