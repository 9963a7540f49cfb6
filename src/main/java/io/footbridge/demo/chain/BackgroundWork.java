package io.footbridge.demo.chain;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;

/**
 * Waits until the background work that follows what the demo wrote has caught up: identity resolution, the modules
 * that follow the capture log (consent, receipts), and the messages they queued. It only reads how far each has got,
 * from their tables, since none of them has a "caught up" of its own to ask.
 */
@Component
class BackgroundWork {

    private final JdbcClient jdbc;

    BackgroundWork(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void await(UUID tenantId, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (unresolved(tenantId) == 0 && feedsBehind(tenantId) == 0 && queuedMessages(tenantId) == 0) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the background work did not catch up with the demo in " + within);
    }

    private long unresolved(UUID tenantId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM capture_event c WHERE c.tenant_id = :tenantId
                          AND NOT EXISTS (SELECT 1 FROM identity_event i WHERE i.seq = c.seq)
                        """).param("tenantId", tenantId).query(Long.class).single();
    }

    private long feedsBehind(UUID tenantId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM capture_feed f
                         WHERE f.position < (SELECT COALESCE(MAX(c.seq), 0) FROM capture_event c
                                              WHERE c.tenant_id = :tenantId)
                        """).param("tenantId", tenantId).query(Long.class).single();
    }

    private long queuedMessages(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM message WHERE tenant_id = :tenantId AND status = 'queued'")
                .param("tenantId", tenantId).query(Long.class).single();
    }
}
