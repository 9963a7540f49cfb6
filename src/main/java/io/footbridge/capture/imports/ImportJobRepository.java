package io.footbridge.capture.imports;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class ImportJobRepository {

    private static final String SELECT = """
            SELECT id, kind, status, file_name, file_path, file_sha256, size_bytes, options, created_by, created_at,
                   started_at, heartbeat_at, finished_at, rows_done, bytes_done, imported, duplicates, rejected, error
            FROM import_job
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;

    ImportJobRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
    }

    void insert(UUID tenantId, UUID id, ImportKind kind, String fileName, String filePath, String sha256,
                long size, ImportOptions options, String createdBy) {
        jdbc.sql("""
                        INSERT INTO import_job (id, tenant_id, kind, status, file_name, file_path, file_sha256,
                               size_bytes, options, created_by, created_at, rows_done, bytes_done, imported,
                               duplicates, rejected)
                        VALUES (:id, :tenantId, :kind, 'queued', :fileName, :filePath, :sha256, :size, :options,
                                :createdBy, :now, 0, 0, 0, 0, 0)
                        """)
                .param("id", id).param("tenantId", tenantId).param("kind", kind.value())
                .param("fileName", fileName).param("filePath", filePath).param("sha256", sha256)
                .param("size", size).param("options", json.writeValueAsString(options))
                .param("createdBy", createdBy).param("now", Timestamps.now())
                .update();
    }

    Optional<ImportJob> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query(this::toJob).optional();
    }

    /** The tenant's imports of the given kinds, newest first; the kinds are filtered before the page is cut. */
    List<ImportJob> list(UUID tenantId, Collection<ImportKind> kinds, int limit, int offset) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId AND kind IN (:kinds)
                        ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("kinds", kinds.stream().map(ImportKind::value).toList())
                .param("limit", limit).param("offset", offset)
                .query(this::toJob).list();
    }

    /** An unfinished import of the same file, which the command line resumes instead of starting over. */
    Optional<ImportJob> findUnfinished(UUID tenantId, ImportKind kind, String sha256) {
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId AND kind = :kind AND file_sha256 = :sha256
                          AND status IN ('queued', 'running', 'interrupted', 'failed')
                        ORDER BY created_at DESC LIMIT 1
                        """)
                .param("tenantId", tenantId).param("kind", kind.value()).param("sha256", sha256)
                .query(this::toJob).optional();
    }

    /** Jobs a worker may take: waiting, interrupted by a shutdown, or running under a runner that went silent. */
    List<Runnable> runnable(Instant staleBefore, int limit) {
        return jdbc.sql("""
                        SELECT tenant_id, id, file_path FROM import_job
                        WHERE status IN ('queued', 'interrupted') OR (status = 'running' AND heartbeat_at < :stale)
                        ORDER BY created_at LIMIT :limit
                        """)
                .param("stale", Timestamps.of(staleBefore)).param("limit", limit)
                .query((rs, n) -> new Runnable(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                        rs.getString("file_path")))
                .list();
    }

    record Runnable(UUID tenantId, UUID id, String filePath) {
    }

    /** Takes a job for this runner; only one of many racing runners gets 1. */
    int claim(UUID id, Instant staleBefore) {
        var now = Timestamps.now();
        return jdbc.sql("""
                        UPDATE import_job SET status = 'running', started_at = COALESCE(started_at, :now),
                               heartbeat_at = :now, finished_at = NULL, error = NULL
                        WHERE id = :id AND (status IN ('queued', 'interrupted', 'failed')
                                            OR (status = 'running' AND heartbeat_at < :stale))
                        """)
                .param("now", now).param("id", id).param("stale", Timestamps.of(staleBefore))
                .update();
    }

    /** Records a committed chunk; 0 means the job was cancelled or taken away and the runner must stop. */
    int progress(UUID id, long rowsDone, long bytesDone, long imported, long duplicates, long rejected) {
        return jdbc.sql("""
                        UPDATE import_job SET rows_done = :rows, bytes_done = :bytes, imported = imported + :imported,
                               duplicates = duplicates + :duplicates, rejected = rejected + :rejected,
                               heartbeat_at = :now
                        WHERE id = :id AND status = 'running'
                        """)
                .param("rows", rowsDone).param("bytes", bytesDone).param("imported", imported)
                .param("duplicates", duplicates).param("rejected", rejected).param("now", Timestamps.now())
                .param("id", id)
                .update();
    }

    int finish(UUID id, ImportJob.Status status, String error) {
        return jdbc.sql("""
                        UPDATE import_job SET status = :status, finished_at = :now, error = :error
                        WHERE id = :id AND status = 'running'
                        """)
                .param("status", status.value()).param("now", Timestamps.now())
                .param("error", error == null || error.length() <= 2000 ? error : error.substring(0, 2000))
                .param("id", id)
                .update();
    }

    /** Hands a running job back to the queue, for a clean shutdown. */
    int interrupt(UUID id) {
        return jdbc.sql("UPDATE import_job SET status = 'interrupted' WHERE id = :id AND status = 'running'")
                .param("id", id).update();
    }

    int requeue(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        UPDATE import_job SET status = 'queued', error = NULL, finished_at = NULL
                        WHERE tenant_id = :tenantId AND id = :id AND status IN ('failed', 'interrupted')
                        """)
                .param("tenantId", tenantId).param("id", id).update();
    }

    int cancel(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        UPDATE import_job SET status = 'cancelled', finished_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND status NOT IN ('succeeded', 'cancelled')
                        """)
                .param("now", Timestamps.now()).param("tenantId", tenantId).param("id", id).update();
    }

    long errorCount(UUID id) {
        return jdbc.sql("SELECT COUNT(*) FROM import_row_error WHERE job_id = :id")
                .param("id", id).query(Long.class).single();
    }

    void insertErrors(UUID id, List<RowError> errors) {
        jdbcTemplate.batchUpdate("""
                        INSERT INTO import_row_error (job_id, line_no, record_no, field, message)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                errors.stream().map(e -> new Object[]{id, e.line(), e.record(), truncate(e.column(), 200),
                        truncate(e.message(), 1000)}).toList());
    }

    /** Errors by record, from {@code afterRecord} on. */
    List<RowError> errors(UUID id, long afterRecord, int limit) {
        return jdbc.sql("""
                        SELECT line_no, record_no, field, message FROM import_row_error
                        WHERE job_id = :id AND record_no > :after
                        ORDER BY record_no, field LIMIT :limit
                        """)
                .param("id", id).param("after", afterRecord).param("limit", limit)
                .query((rs, n) -> new RowError(rs.getLong("line_no"), rs.getLong("record_no"), rs.getString("field"),
                        rs.getString("message")))
                .list();
    }

    /** A resumed import first forgets the errors of rows it is about to read again. */
    void deleteErrorsFrom(UUID id, long fromRecord) {
        jdbc.sql("DELETE FROM import_row_error WHERE job_id = :id AND record_no > :from")
                .param("id", id).param("from", fromRecord).update();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private ImportJob toJob(ResultSet rs, int row) throws SQLException {
        return new ImportJob(rs.getObject("id", UUID.class), ImportKind.of(rs.getString("kind")).orElseThrow(),
                ImportJob.Status.of(rs.getString("status")), rs.getString("file_name"), rs.getLong("size_bytes"),
                json.readValue(rs.getString("options"), ImportOptions.class), rs.getString("created_by"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "started_at"),
                Timestamps.instant(rs, "finished_at"), rs.getLong("rows_done"), rs.getLong("bytes_done"),
                rs.getLong("imported"), rs.getLong("duplicates"), rs.getLong("rejected"), rs.getString("error"),
                rs.getString("file_path"), rs.getString("file_sha256"), Timestamps.instant(rs, "heartbeat_at"));
    }
}
