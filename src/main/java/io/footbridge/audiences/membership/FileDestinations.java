package io.footbridge.audiences.membership;

import io.footbridge.audiences.SegmentFiles;
import io.footbridge.audiences.Segments;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * File destinations of a segment: what is written where and when; {@link AudienceFiles} writes them in the
 * background.
 */
@Service
class FileDestinations implements SegmentFiles {

    static final Duration SHORTEST = Duration.ofHours(1);
    static final Duration LONGEST = Duration.ofDays(31);

    private final JdbcClient jdbc;
    private final Segments segments;
    private final AuditLog audit;
    private final AudienceFiles files;
    private final TransactionTemplate transaction;

    FileDestinations(JdbcClient jdbc, Segments segments, AuditLog audit, AudienceFiles files,
                     TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.segments = segments;
        this.audit = audit;
        this.files = files;
    }

    @Override
    public FileDestination create(Actor actor, UUID segmentId, String format, Duration every) {
        segments.get(actor, segmentId);
        tenantWide(actor);
        if (format == null || !FORMATS.contains(format)) {
            throw ProblemException.invalid("format", "must be one of " + String.join(", ", FORMATS));
        }
        if (every == null || every.compareTo(SHORTEST) < 0 || every.compareTo(LONGEST) > 0) {
            throw ProblemException.invalid("every", "must be a duration from PT1H to P31D, such as P1D");
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.sql("""
                        INSERT INTO audience_file_destination (id, tenant_id, segment_id, format, every_seconds,
                            next_at, created_at)
                        VALUES (:id, :tenantId, :segmentId, :format, :every, :now, :now)
                        """)
                .param("id", id).param("tenantId", actor.tenantId()).param("segmentId", segmentId)
                .param("format", format).param("every", every.toSeconds()).param("now", Timestamps.of(now)).update();
        audit.record(actor, "segment.file.created", "segment", segmentId, Map.of("destination", id, "format",
                format, "every", every.toString()));
        files.wake();
        return one(actor, segmentId, id);
    }

    @Override
    public List<FileDestination> list(Actor actor, UUID segmentId) {
        segments.get(actor, segmentId);
        return jdbc.sql("""
                        SELECT d.*, (SELECT COUNT(*) FROM audience_file_removal r WHERE r.destination_id = d.id)
                               AS removals
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
                        rs.getLong("removals")))
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

    @Override
    public void delete(Actor actor, UUID segmentId, UUID destinationId) {
        one(actor, segmentId, destinationId);
        tenantWide(actor);
        transaction.executeWithoutResult(status -> {
            // waits for a page of its file being read; the file itself is then dropped by its writer
            try {
                files.lock(destinationId);
            } catch (AudienceFiles.Gone gone) {
                throw ProblemException.notFound("file destination", destinationId);
            }
            // an erasure already passed to this destination must still reach it
            if (!files.removalsBeforeRemoval(destinationId)) {
                throw ProblemException.conflict("removals-unwritten", "The removals file for people erased since"
                        + " the last file could not be written; the destination stays until it can be.");
            }
            jdbc.sql("DELETE FROM audience_file_removal WHERE destination_id = :id").param("id", destinationId)
                    .update();
            jdbc.sql("DELETE FROM audience_file_recipient WHERE destination_id = :id").param("id", destinationId)
                    .update();
            jdbc.sql("DELETE FROM audience_file_destination WHERE id = :id").param("id", destinationId).update();
        });
        audit.record(actor, "segment.file.deleted", "segment", segmentId, Map.of("destination", destinationId));
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
