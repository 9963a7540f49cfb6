package io.footbridge.audiences.membership;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import io.footbridge.platform.OutboundAddresses;
import io.footbridge.platform.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts the files written for an SFTP destination on its server: each was queued ({@code audience_file_upload}) in
 * the transaction that recorded it; sent oldest first, one that fails stays queued with its error on the
 * destination and is tried again after 1, 2, 4 … up to 60 minutes.
 * <p>
 * An upload is claimed ({@code claimed_until}) under the destination's row lock, the lock a removal of the
 * destination takes, and the lock is not held while the file travels (an erasure, which takes it too, need not wait
 * for a slow server): a removal finding a claim waits until the upload has ended. What an upload ends in is recorded
 * in one transaction, under that lock again: sent (the queue row gone, {@code last_upload_at}) or failed (tried once
 * more, the error on the destination, the claim dropped) — never half of either.
 */
@Component
class AudienceUploads {

    private static final Logger log = LoggerFactory.getLogger(AudienceUploads.class);

    /** How long a claim holds should its node die mid-upload (a transfer stalls out after 20 s without data). */
    static final Duration CLAIM = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final SftpSecrets secrets;
    private final Path root;
    private final OutboundAddresses addresses;
    private final TransactionTemplate transaction;

    AudienceUploads(JdbcClient jdbc, SftpSecrets secrets, AudienceFileProperties properties,
                    OutboundAddresses addresses, TransactionTemplate transaction) {
        this.addresses = addresses;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.transaction = transaction;
        this.root = properties.filesDirectory().toAbsolutePath().normalize();
    }

    /** An upload that failed: to be recorded (by {@link #failed}) once the transaction under way, if any, has ended. */
    record Failed(UUID destinationId, String file, String error) {
    }

    /**
     * Puts the destination's removals files still waiting on its SFTP server before it goes (its other files are
     * dropped); the first that could not be put there, if one could not.
     */
    Optional<Failed> removalsUploadedBeforeRemoval(UUID destinationId) {
        return uploads(destinationId, true, true);
    }

    /** Whether an upload to the destination is under way now (claimed, and the claim not run out). */
    boolean uploading(UUID destinationId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM audience_file_upload
                        WHERE destination_id = :id AND claimed_until > :now
                        """)
                .param("id", destinationId).param("now", Timestamps.now()).query(Long.class).single() > 0;
    }

    /**
     * Puts the destination's waiting files on its SFTP server, oldest first, each once it is due (or all, when
     * {@code all}); stops at the first that fails, which is answered to be recorded. Within a transaction already
     * under way (a removal of the destination, which holds its lock) the claims and records join it.
     */
    Optional<Failed> uploads(UUID destinationId, boolean all, boolean removalsOnly) {
        record Waiting(String file) {
        }
        List<Waiting> waiting = jdbc.sql("""
                        SELECT file FROM audience_file_upload
                        WHERE destination_id = :id AND (CAST(:all AS BOOLEAN) OR next_try_at <= :now)
                        ORDER BY created_at, file
                        """)
                .param("id", destinationId).param("all", all).param("now", Timestamps.now())
                .query((rs, row) -> new Waiting(rs.getString("file"))).list();
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        Optional<SftpUpload.Target> target = target(destinationId);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Path folder = null;
        for (Waiting file : waiting) {
            if (removalsOnly && !file.file().startsWith("removals-")) {
                continue;
            }
            if (folder == null) {
                folder = jdbc.sql("SELECT tenant_id FROM audience_file_destination WHERE id = :id")
                        .param("id", destinationId).query(UUID.class).optional()
                        .map(tenant -> root.resolve(tenant.toString()).resolve(destinationId.toString()))
                        .orElse(null);
                if (folder == null) {
                    return Optional.empty();
                }
            }
            if (!Boolean.TRUE.equals(transaction.execute(status -> claim(destinationId, file.file())))) {
                // the destination is gone, or the file sent or claimed meanwhile: the files after it wait for the
                // next run, so that a newer file (a removal) never reaches the server before an older one
                break;
            }
            // in place, or recorded and about to be moved there (a removal's removals file): the same content
            Path local = folder.resolve(file.file());
            if (!Files.exists(local)) {
                local = folder.resolve(AudienceFiles.part(file.file()));
            }
            try {
                // checked again at each upload: the name may point elsewhere by now
                Optional<String> refused = refusal(target.get().host());
                if (refused.isPresent()) {
                    throw new IllegalStateException("the host " + refused.get());
                }
                if (Files.exists(local)) {
                    SftpUpload.put(target.get(), local, file.file());
                }
            } catch (JSchException | SftpException | RuntimeException e) {
                // the server's answer names no person; the host and the file's name are the destination's own
                String error = "upload of " + file.file() + " to " + target.get().host() + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                log.warn("Audience file of destination {} not uploaded: {}", destinationId,
                        e.getClass().getSimpleName());
                return Optional.of(new Failed(destinationId, file.file(), error));
            }
            // a file removed from the folder by hand is no longer there to send: it leaves the queue all the same
            transaction.executeWithoutResult(status -> {
                if (lock(destinationId)) {
                    jdbc.sql("DELETE FROM audience_file_upload WHERE destination_id = :id AND file = :file")
                            .param("id", destinationId).param("file", file.file()).update();
                    jdbc.sql("UPDATE audience_file_destination SET last_upload_at = :now WHERE id = :id")
                            .param("now", Timestamps.now()).param("id", destinationId).update();
                }
            });
        }
        return Optional.empty();
    }

    /** Records a failed upload: one try more, the next after a back-off, its error on the destination. */
    void failed(Failed failed) {
        transaction.executeWithoutResult(status -> {
            if (!lock(failed.destinationId())) {
                return;
            }
            Integer attempts = jdbc.sql("""
                            SELECT attempts FROM audience_file_upload WHERE destination_id = :id AND file = :file
                            """)
                    .param("id", failed.destinationId()).param("file", failed.file()).query(Integer.class)
                    .optional().orElse(null);
            if (attempts != null) {
                long backOff = Math.min(3600, 60L << Math.min(attempts, 6));
                jdbc.sql("""
                                UPDATE audience_file_upload SET attempts = attempts + 1, next_try_at = :next,
                                    claimed_until = NULL
                                WHERE destination_id = :id AND file = :file
                                """)
                        .param("next", Timestamps.of(Instant.now().plusSeconds(backOff)))
                        .param("id", failed.destinationId()).param("file", failed.file()).update();
            }
            String error = failed.error();
            jdbc.sql("UPDATE audience_file_destination SET last_error = :error WHERE id = :id")
                    .param("error", error.length() > 300 ? error.substring(0, 300) : error)
                    .param("id", failed.destinationId()).update();
        });
    }

    /** Claims a waiting upload under the destination's lock; false when it is gone or claimed by another. */
    private boolean claim(UUID destinationId, String file) {
        if (!lock(destinationId)) {
            return false;
        }
        return jdbc.sql("""
                        UPDATE audience_file_upload SET claimed_until = :until
                        WHERE destination_id = :id AND file = :file
                            AND (claimed_until IS NULL OR claimed_until <= :now)
                        """)
                .param("until", Timestamps.of(Instant.now().plus(CLAIM))).param("now", Timestamps.now())
                .param("id", destinationId).param("file", file).update() == 1;
    }

    /** The destination's row lock, as {@link AudienceFiles#lock} takes it; false when it is gone. */
    private boolean lock(UUID destinationId) {
        return jdbc.sql("SELECT id FROM audience_file_destination WHERE id = :id FOR UPDATE")
                .param("id", destinationId).query(UUID.class).optional().isPresent();
    }

    /** Why Footbridge will not connect to this host, if it will not. */
    Optional<String> refusal(String host) {
        return addresses.refusal(URI.create("sftp://" + (host.contains(":") ? "[" + host + "]" : host)));
    }

    /** The destination's SFTP server with its secret opened; empty when it has none (or is gone). */
    private Optional<SftpUpload.Target> target(UUID destinationId) {
        return jdbc.sql("""
                        SELECT sftp_host, sftp_port, sftp_user, sftp_path, sftp_auth, sftp_secret, sftp_host_key
                        FROM audience_file_destination WHERE id = :id AND sftp_host IS NOT NULL
                        """)
                .param("id", destinationId)
                .query((rs, row) -> new SftpUpload.Target(rs.getString("sftp_host"), rs.getInt("sftp_port"),
                        rs.getString("sftp_user"), rs.getString("sftp_path"), "key".equals(rs.getString("sftp_auth")),
                        secrets.open(rs.getString("sftp_secret")), rs.getString("sftp_host_key")))
                .optional();
    }

}
