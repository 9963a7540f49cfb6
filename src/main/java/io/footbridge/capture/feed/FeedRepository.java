package io.footbridge.capture.feed;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;

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

    void lockAll() {
        jdbc.sql("SELECT name FROM capture_feed ORDER BY name FOR UPDATE").query(String.class).list();
    }

    void move(String name, long position, Instant now) {
        jdbc.sql("UPDATE capture_feed SET position = :position, updated_at = :now WHERE name = :name")
                .param("position", position).param("now", Timestamps.of(now)).param("name", name).update();
    }
}
