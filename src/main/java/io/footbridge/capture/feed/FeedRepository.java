package io.footbridge.capture.feed;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Repository
class FeedRepository {

    private final JdbcClient jdbc;

    FeedRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void create(String name) {
        jdbc.sql("""
                        INSERT INTO capture_feed (name, position, updated_at) VALUES (:name, 0, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .param("name", name).param("now", Timestamps.now()).update();
    }

    /** Holds the feed for this transaction: another node reading the same feed waits here. */
    long lock(String name) {
        return jdbc.sql("SELECT position FROM capture_feed WHERE name = :name FOR UPDATE")
                .param("name", name).query(Long.class).single();
    }

    long position(String name) {
        return jdbc.sql("SELECT position FROM capture_feed WHERE name = :name").param("name", name)
                .query(Long.class).single();
    }

    List<CaptureFeeds.Backlog> backlog(UUID tenantId) {
        return jdbc.sql("""
                        SELECT f.name, f.position,
                               (SELECT COUNT(*) FROM capture_event c
                                 WHERE c.tenant_id = :tenantId AND c.seq > f.position) AS unread,
                               (SELECT COUNT(*) FROM capture_feed_parked p
                                 WHERE p.feed = f.name AND p.tenant_id = :tenantId
                                   AND p.next_attempt_at IS NOT NULL) AS retrying
                        FROM capture_feed f ORDER BY f.name
                        """).param("tenantId", tenantId)
                .query((rs, n) -> new CaptureFeeds.Backlog(rs.getString("name"), rs.getLong("position"),
                        rs.getLong("unread"), rs.getLong("retrying")))
                .list();
    }

    void lockAll() {
        jdbc.sql("SELECT name FROM capture_feed ORDER BY name FOR UPDATE").query(String.class).list();
    }

    void move(String name, long position, Instant now) {
        jdbc.sql("UPDATE capture_feed SET position = :position, updated_at = :now WHERE name = :name")
                .param("position", position).param("now", Timestamps.of(now)).param("name", name).update();
    }

    /** An event the handler failed on; parked once, however often a re-read fails on it again. */
    void park(String name, long sequence, UUID tenantId, String error, Instant now, Instant retryAt) {
        jdbc.sql("""
                        INSERT INTO capture_feed_parked (feed, sequence, tenant_id, attempts, error, parked_at,
                            next_attempt_at)
                        VALUES (:name, :sequence, :tenantId, 1, :error, :now, :retryAt) ON CONFLICT DO NOTHING
                        """).param("name", name).param("sequence", sequence).param("tenantId", tenantId)
                .param("error", error).param("now", Timestamps.of(now)).param("retryAt", Timestamps.of(retryAt))
                .update();
    }

    record Parked(long sequence, int attempts) {
    }

    List<Parked> due(String name, Instant now, int limit) {
        return jdbc.sql("""
                        SELECT sequence, attempts FROM capture_feed_parked
                        WHERE feed = :name AND next_attempt_at <= :now
                        ORDER BY sequence FETCH FIRST :limit ROWS ONLY
                        """).param("name", name).param("now", Timestamps.of(now)).param("limit", limit)
                .query((rs, n) -> new Parked(rs.getLong("sequence"), rs.getInt("attempts"))).list();
    }

    /** After another failure: the next attempt, or null to give up. */
    void reschedule(String name, long sequence, String error, Instant retryAt) {
        jdbc.sql("""
                        UPDATE capture_feed_parked SET attempts = attempts + 1, error = :error,
                            next_attempt_at = :retryAt
                        WHERE feed = :name AND sequence = :sequence
                        """).param("error", error).param("retryAt", Timestamps.of(retryAt)).param("name", name)
                .param("sequence", sequence).update();
    }

    void unpark(String name, long sequence) {
        jdbc.sql("DELETE FROM capture_feed_parked WHERE feed = :name AND sequence = :sequence")
                .param("name", name).param("sequence", sequence).update();
    }

    /** Parked events still to be tried again, or those given up on. */
    long parked(String name, boolean retrying) {
        return jdbc.sql("SELECT COUNT(*) FROM capture_feed_parked WHERE feed = :name AND "
                        + (retrying ? "next_attempt_at IS NOT NULL" : "next_attempt_at IS NULL"))
                .param("name", name).query(Long.class).single();
    }
}
