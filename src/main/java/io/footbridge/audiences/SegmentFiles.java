package io.footbridge.audiences;

import io.footbridge.platform.Actor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Scheduled file exports of a segment: its audience file (Meta or Google, hashed) written at a steady interval into
 * the installation's audience-files directory, and a removals file for every person erased after a file held them;
 * optionally each file handed on to a partner's SFTP server.
 */
public interface SegmentFiles {

    /** The formats a file destination writes, as the audience export names them. */
    List<String> FORMATS = List.of("meta", "google");

    /**
     * A file destination; {@code folder} is where its files appear, relative to the audience-files directory.
     *
     * @param sftp            where its files are uploaded too (null: the directory only)
     * @param lastUploadAt    when a file last reached the SFTP server
     * @param waitingUploads  files written and not yet on the SFTP server (retried with back-off)
     */
    record FileDestination(UUID id, UUID segmentId, String format, Duration every, String folder, Instant createdAt,
                           Instant nextAt, Instant lastRunAt, String lastFile, Long lastRows, String lastError,
                           long pendingRemovals, Sftp sftp, Instant lastUploadAt, long waitingUploads) {
    }

    /**
     * An SFTP server as answered: never its password or key.
     *
     * @param auth    {@code password} or {@code key}
     * @param hostKey the fingerprint of the server's host key, {@code SHA256:…} as OpenSSH shows it
     */
    record Sftp(String host, int port, String user, String path, String auth, String hostKey) {
    }

    /**
     * An SFTP server as given: exactly one of {@code password} and {@code privateKey} (OpenSSH or PEM, without a
     * passphrase); {@code port} null for 22, {@code path} null for the user's home folder.
     */
    record SftpDraft(String host, Integer port, String user, String path, String password, String privateKey,
                     String hostKey) {
    }

    /** Adds a destination; its first file is written at once. {@code every} at least an hour, at most 31 days. */
    default FileDestination create(Actor actor, UUID segmentId, String format, Duration every) {
        return create(actor, segmentId, format, every, null);
    }

    /** As {@link #create(Actor, UUID, String, Duration)}, each file also uploaded to {@code sftp} (null: not). */
    FileDestination create(Actor actor, UUID segmentId, String format, Duration every, SftpDraft sftp);

    List<FileDestination> list(Actor actor, UUID segmentId);

    /** Writes the next file soon rather than at its time. */
    FileDestination runNow(Actor actor, UUID segmentId, UUID destinationId);

    void delete(Actor actor, UUID segmentId, UUID destinationId);
}
