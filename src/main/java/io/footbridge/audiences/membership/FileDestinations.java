package io.footbridge.audiences.membership;

import io.footbridge.audiences.SegmentFiles;
import io.footbridge.audiences.Segments;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * File destinations of a segment: what is written where and when; {@link AudienceFiles} writes them in the
 * background.
 */
@Service
class FileDestinations implements SegmentFiles {

    static final Duration SHORTEST = Duration.ofHours(1);
    static final Duration LONGEST = Duration.ofDays(31);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"
            + "|\\[[0-9A-Fa-f:.]{2,45}]");

    private final JdbcClient jdbc;
    private final Segments segments;
    private final AuditLog audit;
    private final AudienceFiles files;
    private final TransactionTemplate transaction;
    private final SftpSecrets secrets;
    private final AudienceUploads uploads;

    FileDestinations(JdbcClient jdbc, Segments segments, AuditLog audit, AudienceFiles files,
                     TransactionTemplate transaction, SftpSecrets secrets, AudienceUploads uploads) {
        this.jdbc = jdbc;
        this.uploads = uploads;
        this.secrets = secrets;
        this.transaction = transaction;
        this.segments = segments;
        this.audit = audit;
        this.files = files;
    }

    @Override
    public FileDestination create(Actor actor, UUID segmentId, String format, Duration every, SftpDraft sftp) {
        segments.get(actor, segmentId);
        tenantWide(actor);
        List<FieldError> errors = new ArrayList<>();
        if (format == null || !FORMATS.contains(format)) {
            errors.add(new FieldError("format", "must be one of " + String.join(", ", FORMATS)));
        }
        if (every == null || every.compareTo(SHORTEST) < 0 || every.compareTo(LONGEST) > 0) {
            errors.add(new FieldError("every", "must be a duration from PT1H to P31D, such as P1D"));
        }
        if (sftp != null) {
            check(sftp, errors);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        boolean key = sftp != null && sftp.privateKey() != null;
        jdbc.sql("""
                        INSERT INTO audience_file_destination (id, tenant_id, segment_id, format, every_seconds,
                            next_at, created_at, sftp_host, sftp_port, sftp_user, sftp_path, sftp_auth, sftp_secret,
                            sftp_host_key)
                        VALUES (:id, :tenantId, :segmentId, :format, :every, :now, :now, :host, :port, :user, :path,
                            :auth, :secret, :hostKey)
                        """)
                .param("id", id).param("tenantId", actor.tenantId()).param("segmentId", segmentId)
                .param("format", format).param("every", every.toSeconds()).param("now", Timestamps.of(now))
                .param("host", sftp == null ? null : sftp.host().strip())
                .param("port", sftp == null ? null : sftp.port() == null ? 22 : sftp.port())
                .param("user", sftp == null ? null : sftp.user())
                .param("path", sftp == null ? null : path(sftp.path()))
                .param("auth", sftp == null ? null : key ? "key" : "password")
                .param("secret", sftp == null ? null : secrets.seal(key ? sftp.privateKey() : sftp.password()))
                .param("hostKey", sftp == null ? null : sftp.hostKey().strip())
                .update();
        // where the files go is audited, never how the destination signs in
        Map<String, Object> details = new java.util.LinkedHashMap<>(Map.of("destination", id, "format", format,
                "every", every.toString()));
        if (sftp != null) {
            details.put("sftp", sftp.user() + "@" + sftp.host().strip() + ":" + (sftp.port() == null ? 22
                    : sftp.port()));
        }
        audit.record(actor, "segment.file.created", "segment", segmentId, details);
        files.wake();
        return one(actor, segmentId, id);
    }

    /** The SFTP server's fields, each problem named {@code sftp.<field>}. */
    private void check(SftpDraft sftp, List<FieldError> errors) {
        if (sftp.host() == null || !HOST.matcher(sftp.host().strip()).matches()) {
            errors.add(new FieldError("sftp.host", "must be a host name or address such as sftp.example.com"));
        } else {
            // the same rule as webhooks: no calls into this machine's own networks unless the installation allows it
            uploads.refusal(sftp.host().strip()).ifPresent(reason -> errors.add(new FieldError("sftp.host", reason)));
        }
        if (sftp.port() != null && (sftp.port() < 1 || sftp.port() > 65535)) {
            errors.add(new FieldError("sftp.port", "must be 1 to 65535, or left out for 22"));
        }
        if (sftp.user() == null || sftp.user().isBlank() || sftp.user().length() > 100
                || !sftp.user().equals(sftp.user().strip())) {
            errors.add(new FieldError("sftp.user", "is required, at most 100 characters"));
        }
        if (sftp.path() != null && (sftp.path().length() > 300 || sftp.path().chars().anyMatch(c -> c < 32))) {
            errors.add(new FieldError("sftp.path", "must be a folder on the server, at most 300 characters"));
        }
        if ((sftp.password() == null) == (sftp.privateKey() == null)) {
            errors.add(new FieldError("sftp.password", "give either a password or a privateKey, not both"));
        } else if (sftp.password() != null && (sftp.password().isEmpty() || sftp.password().length() > 1000)) {
            errors.add(new FieldError("sftp.password", "must be 1 to 1000 characters"));
        } else if (sftp.privateKey() != null && (sftp.privateKey().length() > 10_000
                || !SftpUpload.readable(sftp.privateKey()))) {
            errors.add(new FieldError("sftp.privateKey", "must be a private key in OpenSSH or PEM form, without a"
                    + " passphrase"));
        }
        if (sftp.hostKey() == null || !SftpUpload.FINGERPRINT.matcher(sftp.hostKey().strip()).matches()) {
            errors.add(new FieldError("sftp.hostKey", "must be the server's host key fingerprint as"
                    + " ssh-keygen -lf shows it, such as SHA256:" + "A".repeat(43)));
        }
    }

    /** A folder without its trailing slashes; null (the user's home folder) for none. */
    private static String path(String path) {
        if (path == null) {
            return null;
        }
        String stripped = path.strip().replaceAll("/+$", "");
        return stripped.isEmpty() ? (path.strip().startsWith("/") ? "/" : null) : stripped;
    }

    @Override
    public List<FileDestination> list(Actor actor, UUID segmentId) {
        segments.get(actor, segmentId);
        return jdbc.sql("""
                        SELECT d.*, (SELECT COUNT(*) FROM audience_file_removal r WHERE r.destination_id = d.id)
                               AS removals,
                               (SELECT COUNT(*) FROM audience_file_upload u WHERE u.destination_id = d.id) AS uploads
                        FROM audience_file_destination d WHERE d.tenant_id = :tenantId AND d.segment_id = :segmentId
                        ORDER BY d.created_at
                        """)
                .param("tenantId", actor.tenantId()).param("segmentId", segmentId)
                .query((rs, row) -> new FileDestination(rs.getObject("id", UUID.class),
                        rs.getObject("segment_id", UUID.class), rs.getString("format"),
                        Duration.ofSeconds(rs.getLong("every_seconds")),
                        AudienceFiles.folder(actor.tenantId(), rs.getObject("id", UUID.class)),
                        Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "next_at"),
                        Timestamps.instant(rs, "last_run_at"), rs.getString("last_file"),
                        (Long) rs.getObject("last_rows", Long.class), rs.getString("last_error"),
                        rs.getLong("removals"),
                        rs.getString("sftp_host") == null ? null : new Sftp(rs.getString("sftp_host"),
                                rs.getInt("sftp_port"), rs.getString("sftp_user"), rs.getString("sftp_path"),
                                rs.getString("sftp_auth"), rs.getString("sftp_host_key")),
                        Timestamps.instant(rs, "last_upload_at"), rs.getLong("uploads")))
                .list();
    }

    @Override
    public FileDestination runNow(Actor actor, UUID segmentId, UUID destinationId) {
        one(actor, segmentId, destinationId);
        tenantWide(actor);
        jdbc.sql("UPDATE audience_file_destination SET next_at = :now WHERE id = :id")
                .param("now", Timestamps.now()).param("id", destinationId).update();
        files.wake();
        return one(actor, segmentId, destinationId);
    }

    /** How long a removal waits for an upload to the destination under way before answering 409. */
    static final Duration UPLOAD_WAIT = Duration.ofSeconds(60);

    /** An upload to the destination is under way: the removal waits for it, holding no lock meanwhile. */
    private static final class Uploading extends RuntimeException {
        Uploading() {
            super(null, null, false, false);
        }
    }

    /** A waiting removals file could not be put on the server: the removal is rolled back, then the error kept. */
    private static final class NotUploaded extends RuntimeException {
        final transient AudienceUploads.Failed failed;

        NotUploaded(AudienceUploads.Failed failed) {
            super(null, null, false, false);
            this.failed = failed;
        }
    }

    @Override
    public void delete(Actor actor, UUID segmentId, UUID destinationId) {
        one(actor, segmentId, destinationId);
        tenantWide(actor);
        long until = System.nanoTime() + UPLOAD_WAIT.toNanos();
        while (true) {
            try {
                deleteLocked(destinationId);
                break;
            } catch (Uploading uploading) {
                if (System.nanoTime() > until) {
                    throw ProblemException.conflict("upload-running", "A file is being put on the SFTP server;"
                            + " the destination can be removed once that has ended.");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            } catch (NotUploaded e) {
                // recorded now that the removal is rolled back: the console shows it and the next run tries again
                uploads.failed(e.failed);
                throw ProblemException.conflict("removals-not-uploaded", "A removals file could not be put on the"
                        + " SFTP server; the destination stays until it can be (see lastError).");
            }
        }
        audit.record(actor, "segment.file.deleted", "segment", segmentId, Map.of("destination", destinationId));
    }

    private void deleteLocked(UUID destinationId) {
        transaction.executeWithoutResult(status -> {
            // waits for a page of its file being read; the file itself is then dropped by its writer
            try {
                files.lock(destinationId);
            } catch (AudienceFiles.Gone gone) {
                throw ProblemException.notFound("file destination", destinationId);
            }
            // an upload claims its file under this lock: with none claimed now, none starts before this commits
            if (uploads.uploading(destinationId)) {
                throw new Uploading();
            }
            // an erasure already passed to this destination must still reach it
            if (!files.removalsBeforeRemoval(destinationId)) {
                throw ProblemException.conflict("removals-unwritten", "The removals file for people erased since"
                        + " the last file could not be written; the destination stays until it can be.");
            }
            uploads.removalsUploadedBeforeRemoval(destinationId).ifPresent(failed -> {
                throw new NotUploaded(failed);
            });
            jdbc.sql("DELETE FROM audience_file_removal WHERE destination_id = :id").param("id", destinationId)
                    .update();
            jdbc.sql("DELETE FROM audience_file_upload WHERE destination_id = :id").param("id", destinationId)
                    .update();
            jdbc.sql("DELETE FROM audience_file_placing WHERE destination_id = :id").param("id", destinationId)
                    .update();
            jdbc.sql("DELETE FROM audience_file_recipient WHERE destination_id = :id").param("id", destinationId)
                    .update();
            jdbc.sql("DELETE FROM audience_file_destination WHERE id = :id").param("id", destinationId).update();
        });
    }

    /** Hashed audiences of the whole tenant leave the installation: not for store-bound credentials. */
    private static void tenantWide(Actor actor) {
        if (!actor.allStores()) {
            throw ProblemException.forbidden("Audience files are the whole tenant's: they need tenant-wide"
                    + " credentials.");
        }
    }

    private FileDestination one(Actor actor, UUID segmentId, UUID destinationId) {
        return list(actor, segmentId).stream().filter(d -> d.id().equals(destinationId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("file destination", destinationId));
    }
}
