package io.footbridge.audiences.membership;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.Scope;
import io.footbridge.platform.Timestamps;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Writes the due audience files on the background scheduler (one node at a time): the segment's audience as the
 * platform's CSV, and a removals file for the people erased since the last one. A file is written under a
 * {@code .part} name and moved into place whole, so a sync job never picks up half of it; it is moved only once the
 * transaction that records it has committed ({@code audience_file_placing} names it until then), so a failed commit
 * leaves no file in place and a node dying after it leaves the move to the next run: one file either way. Everyone a
 * file held is remembered (by id) so that their erasure reaches this destination.
 * <p>
 * A page of an audience file is read without a lock; then, under the destination's row lock, those of it who are
 * still members are remembered, and only they are written. An erasure takes the locks of its tenant's destinations
 * first: it either ended before (the person is no member any more and not written) or waits and then finds them
 * among the recipients (their removal is queued). Removing a destination takes the lock too: a file still being
 * written for it is dropped, never moved into place, and nobody is remembered for it.
 */
@Component
class AudienceFiles {

    private static final Logger log = LoggerFactory.getLogger(AudienceFiles.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final TransactionTemplate apart;
    private final NamedParameterJdbcTemplate batch;
    private final AudienceExport export;
    private final AuditLog audit;
    private final AudienceUploads uploads;
    private final Path root;
    private final BackgroundWork.Recurring task;

    /** Between a page being read and its people being remembered: where a test steps in to race an erasure. */
    volatile Consumer<List<UUID>> pageRead = people -> { };

    /** At the end of the transaction recording a file (by name): where a test makes its commit fail. */
    volatile Consumer<String> recorded = file -> { };

    /** After that commit, before the file is moved into place: where a test stops as a dying node would. */
    volatile Consumer<String> placing = file -> { };

    AudienceFiles(JdbcClient jdbc, TransactionTemplate transaction, NamedParameterJdbcTemplate batch,
                  AudienceExport export, AuditLog audit, AudienceFileProperties properties,
                  BackgroundWork background, AudienceUploads uploads) {
        this.jdbc = jdbc;
        this.uploads = uploads;
        this.transaction = transaction;
        // after a commit the finished transaction's connection may still be bound: a new one records the move
        this.apart = new TransactionTemplate(transaction.getTransactionManager());
        this.apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.batch = batch;
        this.export = export;
        this.audit = audit;
        this.root = properties.filesDirectory().toAbsolutePath().normalize();
        this.task = background.recurring("audience-files", Duration.ofMinutes(1), this::writeDue);
    }

    /** Where a destination's files go, relative to the audience-files directory. */
    static String folder(UUID tenantId, UUID destinationId) {
        return tenantId + "/" + destinationId;
    }

    void wake() {
        task.wake();
    }

    /** A destination removed while one of its files was being written: that file is dropped. */
    static final class Gone extends RuntimeException {
        Gone(UUID id) {
            super("file destination " + id + " was removed", null, false, false);
        }
    }

    /** Takes the destination's row lock for the transaction under way; {@link Gone} when it was removed. */
    void lock(UUID destinationId) {
        if (jdbc.sql("SELECT id FROM audience_file_destination WHERE id = :id FOR UPDATE")
                .param("id", destinationId).query(UUID.class).optional().isEmpty()) {
            throw new Gone(destinationId);
        }
    }

    /** Takes the row locks of all the tenant's destinations (in id order) for the erasure under way. */
    void lockAll(UUID tenantId) {
        jdbc.sql("SELECT id FROM audience_file_destination WHERE tenant_id = :tenantId ORDER BY id FOR UPDATE")
                .param("tenantId", tenantId).query(UUID.class).list();
    }

    /** A destination to write for; {@code sftp}: its files go on to an SFTP server as well. */
    record Due(UUID id, UUID tenantId, UUID segmentId, AudienceExport.Format format, long everySeconds,
               boolean scheduled, boolean sftp) {
    }

    void writeDue() {
        List<Due> due = jdbc.sql("""
                        SELECT d.id, d.tenant_id, d.segment_id, d.format, d.every_seconds, d.sftp_host,
                               CASE WHEN d.next_at <= :now THEN 1 ELSE 0 END AS scheduled
                        FROM audience_file_destination d
                        WHERE d.next_at <= :now
                           OR EXISTS (SELECT 1 FROM audience_file_removal r WHERE r.destination_id = d.id)
                           OR EXISTS (SELECT 1 FROM audience_file_placing p WHERE p.destination_id = d.id)
                           OR EXISTS (SELECT 1 FROM audience_file_upload u WHERE u.destination_id = d.id
                                      AND u.next_try_at <= :now)
                        ORDER BY d.next_at
                        """)
                .param("now", Timestamps.now())
                .query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getObject("segment_id", UUID.class),
                        AudienceExport.Format.of(rs.getString("format")).orElseThrow(),
                        rs.getLong("every_seconds"), rs.getInt("scheduled") == 1, rs.getString("sftp_host") != null))
                .list();
        for (Due destination : due) {
            try {
                placeWaiting(destination);
                removals(destination);
                if (destination.scheduled()) {
                    audience(destination);
                }
                if (destination.sftp()) {
                    uploads.uploads(destination.id(), false, false).ifPresent(uploads::failed);
                }
            } catch (Gone e) {
                log.info("Audience file destination {} was removed while its file was written; file dropped",
                        destination.id());
            } catch (RuntimeException | IOException e) {
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                // ids only: a path holds none of the person's data, but the message may name a file
                log.warn("Audience file of destination {} not written: {}", destination.id(),
                        e.getClass().getSimpleName());
                jdbc.sql("""
                                UPDATE audience_file_destination SET last_error = :error, next_at = :next
                                WHERE id = :id
                                """)
                        .param("error", error.length() > 300 ? error.substring(0, 300) : error)
                        .param("next", Timestamps.of(Instant.now().plus(Duration.ofMinutes(5))))
                        .param("id", destination.id()).update();
            }
        }
    }

    /** Writes a destination's waiting removals now, before it goes; false when they could not be written. */
    boolean removalsBeforeRemoval(UUID destinationId) {
        List<Due> one = jdbc.sql("""
                        SELECT id, tenant_id, segment_id, format, every_seconds, sftp_host
                        FROM audience_file_destination WHERE id = :id
                        """)
                .param("id", destinationId)
                .query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getObject("segment_id", UUID.class),
                        AudienceExport.Format.of(rs.getString("format")).orElseThrow(),
                        rs.getLong("every_seconds"), false, rs.getString("sftp_host") != null))
                .list();
        try {
            for (Due destination : one) {
                placeWaiting(destination);
                removals(destination);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Removals of audience file destination {} not written: {}", destinationId,
                    e.getClass().getSimpleName());
            return false;
        }
    }

    private void audience(Due destination) throws IOException {
        Actor actor = actor(destination);
        Instant started = Instant.now();
        String name = "audience-" + destination.format().name().toLowerCase(java.util.Locale.ROOT) + "-"
                + STAMP.format(started) + ".csv";
        write(destination, name, out -> export.export(actor, destination.segmentId(),
                destination.format(), out, people -> {
                    pageRead.accept(people);
                    return transaction.execute(status -> {
                        lock(destination.id());
                        List<UUID> still = stillMembers(destination.segmentId(), people);
                        remember(destination, still);
                        return still;
                    });
                }), rows -> jdbc.sql("""
                        UPDATE audience_file_destination SET last_run_at = :started, last_file = :file,
                            last_rows = :rows, last_error = NULL, next_at = :next
                        WHERE id = :id
                        """)
                .param("started", Timestamps.of(started)).param("file", name).param("rows", rows)
                .param("next", Timestamps.of(started.plusSeconds(destination.everySeconds())))
                .param("id", destination.id()).update());
    }

    /**
     * Writes the removals file of the people erased since the last one, then forgets their hashes, under the
     * destination's lock (the background task and a removal of the destination never write the same ones twice).
     */
    void removals(Due destination) throws IOException {
        try {
            transaction.executeWithoutResult(status -> {
                lock(destination.id());
                try {
                    removalsLocked(destination);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void removalsLocked(Due destination) throws IOException {
        record Removal(UUID id, String email, String phone) {
        }
        List<Removal> removals = jdbc.sql("""
                        SELECT id, email_hash, phone_hash FROM audience_file_removal
                        WHERE destination_id = :id ORDER BY at, id
                        """)
                .param("id", destination.id())
                .query((rs, row) -> new Removal(rs.getObject("id", UUID.class), rs.getString("email_hash"),
                        rs.getString("phone_hash")))
                .list();
        if (removals.isEmpty()) {
            return;
        }
        String name = "removals-" + destination.format().name().toLowerCase(java.util.Locale.ROOT) + "-"
                + STAMP.format(Instant.now()) + ".csv";
        write(destination, name, out -> {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                    .setHeader(AudienceExport.header(destination.format())).setRecordSeparator("\n").get());
            for (Removal removal : removals) {
                csv.printRecord(AudienceExport.removalRow(destination.format(), removal.email(), removal.phone()));
            }
            csv.flush();
            return removals.size();
        }, rows -> {
            for (Removal removal : removals) {
                jdbc.sql("DELETE FROM audience_file_removal WHERE id = :id").param("id", removal.id()).update();
            }
            audit.record(actor(destination), "segment.removals.exported", "segment",
                    destination.segmentId(), Map.of("destination", destination.id(), "file", name, "rows",
                            removals.size()));
        });
    }

    interface Content {
        long writeTo(Writer out) throws IOException;
    }

    /**
     * Writes a file under its {@code .part} name, then records it ({@code record}: what the file changes, with its
     * rows) in one transaction holding the destination's lock, and moves it into place once that commits: a commit
     * that fails leaves nothing in place (the {@code .part} is deleted, what it would have changed is not), and a node
     * dying before the move leaves the {@code .part} named in {@code audience_file_placing} for the next run. Within a
     * transaction already under way (removals) the move waits for that one's commit.
     */
    private long write(Due destination, String name, Content content, LongConsumer record) throws IOException {
        Path folder = folder(destination);
        Files.createDirectories(folder);
        Path part = folder.resolve(part(name));
        long rows;
        try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            rows = content.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        try {
            // recorded only while the destination stands: one removed meanwhile gets no file
            transaction.executeWithoutResult(status -> {
                lock(destination.id());
                jdbc.sql("""
                                INSERT INTO audience_file_placing (destination_id, file, created_at)
                                VALUES (:id, :file, :now)
                                """)
                        .param("id", destination.id()).param("file", name).param("now", Timestamps.now()).update();
                if (destination.sftp()) {
                    // queued with its record: a node dying before the upload leaves it waiting, not lost
                    jdbc.sql("""
                                    INSERT INTO audience_file_upload (destination_id, file, created_at, attempts,
                                        next_try_at)
                                    VALUES (:id, :file, :now, 0, :now)
                                    """)
                            .param("id", destination.id()).param("file", name).param("now", Timestamps.now())
                            .update();
                }
                record.accept(rows);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int outcome) {
                        if (outcome == STATUS_COMMITTED) {
                            place(destination, name);
                        } else if (outcome == STATUS_ROLLED_BACK) {
                            deleteQuietly(part);
                        }
                        // an unknown outcome leaves the .part: the next run places it if the record is there
                    }
                });
                recorded.accept(name);
            });
        } catch (RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        return rows;
    }

    /** Moves the files of a destination recorded but not yet in place there (a node stopped in between). */
    void placeWaiting(Due destination) {
        for (String file : jdbc.sql("""
                        SELECT file FROM audience_file_placing WHERE destination_id = :id ORDER BY created_at, file
                        """)
                .param("id", destination.id()).query(String.class).list()) {
            place(destination, file);
        }
    }

    /** Moves a recorded file into place (unless it is there already) and forgets that it was waiting. */
    private void place(Due destination, String name) {
        Path folder = folder(destination);
        try {
            placing.accept(name);
            Path part = folder.resolve(part(name));
            if (Files.exists(part)) {
                Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            apart.executeWithoutResult(status -> jdbc.sql("""
                            DELETE FROM audience_file_placing WHERE destination_id = :id AND file = :file
                            """)
                    .param("id", destination.id()).param("file", name).update());
        } catch (IOException | RuntimeException e) {
            // ids only; the next run tries again
            log.warn("Audience file of destination {} not moved into place yet: {}", destination.id(),
                    e.getClass().getSimpleName());
        }
    }

    /** Where a destination's files are written. */
    Path folder(Due destination) {
        return root.resolve(destination.tenantId().toString()).resolve(destination.id().toString());
    }

    /** The hidden name a file is written under until it is in place. */
    static String part(String name) {
        return "." + name + ".part";
    }

    private static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            log.warn("A part file could not be deleted: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Those of a page read a moment ago who are members still: whoever was erased (or left) since is not written.
     * Asked under the destination's lock, which an erasure takes first: one that began before it has ended.
     */
    private List<UUID> stillMembers(UUID segmentId, List<UUID> people) {
        if (people.isEmpty()) {
            return people;
        }
        Set<UUID> members = new java.util.HashSet<>(jdbc.sql("""
                        SELECT person_id FROM segment_member WHERE segment_id = :segmentId AND person_id IN (:people)
                        """)
                .param("segmentId", segmentId).param("people", people).query(UUID.class).list());
        return people.stream().filter(members::contains).toList();
    }

    /** Records a page of the people a file held, in one batch (a page is up to a thousand). */
    private void remember(Due destination, List<UUID> people) {
        if (people.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                        INSERT INTO audience_file_recipient (destination_id, tenant_id, person_id)
                        SELECT :destination, :tenantId, :person
                        WHERE NOT EXISTS (SELECT 1 FROM audience_file_recipient
                                          WHERE destination_id = :destination AND person_id = :person)
                        """,
                people.stream().map(person -> new MapSqlParameterSource().addValue("destination", destination.id())
                        .addValue("tenantId", destination.tenantId()).addValue("person", person))
                        .toArray(SqlParameterSource[]::new));
    }

    private static Actor actor(Due destination) {
        return Actor.system(destination.tenantId(), "audience file " + destination.id(),
                Set.of(Scope.SEGMENTS_READ));
    }
}
