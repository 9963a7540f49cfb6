package io.footbridge.audiences.membership;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import io.footbridge.platform.OutboundAddresses;
import io.footbridge.platform.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts the files written for an SFTP destination on its server: each was queued ({@code audience_file_upload}) in
 * the transaction that moved it into place; sent oldest first, one that fails stays queued with its error on the
 * destination and is tried again after 1, 2, 4 … up to 60 minutes.
 */
@Component
class AudienceUploads {

    private static final Logger log = LoggerFactory.getLogger(AudienceUploads.class);

    private final JdbcClient jdbc;
    private final SftpSecrets secrets;
    private final Path root;
    private final OutboundAddresses addresses;

    AudienceUploads(JdbcClient jdbc, SftpSecrets secrets, AudienceFileProperties properties,
                    OutboundAddresses addresses) {
        this.addresses = addresses;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.root = properties.filesDirectory().toAbsolutePath().normalize();
    }

    /**
     * Puts the destination's removals files still waiting on its SFTP server before it goes (its other files are
     * dropped); false when one could not be put there.
     */
    boolean removalsUploadedBeforeRemoval(UUID destinationId) {
        return uploads(destinationId, true, true);
    }

    /**
     * Puts the destination's waiting files on its SFTP server, oldest first, each once it is due (or all, when
     * {@code all}); stops at the first that fails, which is tried again with back-off. True when none is left.
     */
    boolean uploads(UUID destinationId, boolean all, boolean removalsOnly) {
        record Waiting(String file, int attempts) {
        }
        List<Waiting> waiting = jdbc.sql("""
                        SELECT file, attempts FROM audience_file_upload
                        WHERE destination_id = :id AND (CAST(:all AS BOOLEAN) OR next_try_at <= :now)
                        ORDER BY created_at, file
                        """)
                .param("id", destinationId).param("all", all).param("now", Timestamps.now())
                .query((rs, row) -> new Waiting(rs.getString("file"), rs.getInt("attempts"))).list();
        if (waiting.isEmpty()) {
            return true;
        }
        Optional<SftpUpload.Target> target = target(destinationId);
        if (target.isEmpty()) {
            return true;
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
                    return true;
                }
            }
            Path local = folder.resolve(file.file());
            try {
                // checked again at each upload: the name may point elsewhere by now
                Optional<String> refused = refusal(target.get().host());
                if (refused.isPresent()) {
                    throw new IllegalStateException("the host " + refused.get());
                }
                if (Files.exists(local)) {
                    SftpUpload.put(target.get(), local, file.file());
                }
                // a file removed from the folder by hand is no longer there to send
                jdbc.sql("DELETE FROM audience_file_upload WHERE destination_id = :id AND file = :file")
                        .param("id", destinationId).param("file", file.file()).update();
                jdbc.sql("UPDATE audience_file_destination SET last_upload_at = :now WHERE id = :id")
                        .param("now", Timestamps.now()).param("id", destinationId).update();
            } catch (JSchException | SftpException | RuntimeException e) {
                // the server's answer names no person; the host and the file's name are the destination's own
                String error = "upload of " + file.file() + " to " + target.get().host() + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                log.warn("Audience file of destination {} not uploaded: {}", destinationId,
                        e.getClass().getSimpleName());
                long backOff = Math.min(3600, 60L << Math.min(file.attempts(), 6));
                jdbc.sql("""
                                UPDATE audience_file_upload SET attempts = attempts + 1, next_try_at = :next
                                WHERE destination_id = :id AND file = :file
                                """)
                        .param("next", Timestamps.of(Instant.now().plusSeconds(backOff)))
                        .param("id", destinationId).param("file", file.file()).update();
                jdbc.sql("UPDATE audience_file_destination SET last_error = :error WHERE id = :id")
                        .param("error", error.length() > 300 ? error.substring(0, 300) : error)
                        .param("id", destinationId).update();
                return false;
            }
        }
        return true;
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
