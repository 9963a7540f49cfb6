package io.footbridge.audiences.membership;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * When the computed attributes segments read (RFM quintiles, lifetime values, loyalty tiers) were computed for a tenant, and the
 * asking for newer ones ({@code segment_attribute}). A preview or save never computes them itself: that takes
 * seconds on a large tenant and is a background task's work. It asks, answers with the values there are, and says
 * that newer ones are on their way.
 */
@Component
class ComputedAttributes {

    static final String RFM = "rfm";
    static final String LIFETIME = "lifetime";
    static final String TIER = "tier";

    /** Values older than this are asked for again; the hourly passes keep them younger, so this is their slack. */
    static final Duration FRESH = Duration.ofHours(2);
    /** A request not answered in this long (its task gave up) counts as not made. */
    static final Duration PATIENCE = Duration.ofMinutes(10);

    /** When the values in use were computed (null: never) and whether newer ones are being computed. */
    record State(Instant computedAt, boolean pending) {
    }

    private record Row(Instant computedAt, Instant requestedAt) {
    }

    private final JdbcClient jdbc;

    ComputedAttributes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    State state(UUID tenantId, String kind, Instant now) {
        Row row = row(tenantId, kind);
        return new State(row.computedAt(), pending(row, now));
    }

    /**
     * Records that values are wanted when those there are are missing or old and none have been asked for yet;
     * true when the caller should start computing them.
     */
    boolean ask(UUID tenantId, String kind, Instant now) {
        Row row = row(tenantId, kind);
        boolean stale = row.computedAt() == null || row.computedAt().isBefore(now.minus(FRESH));
        if (!stale || pending(row, now)) {
            return false;
        }
        ensureRow(tenantId, kind);
        jdbc.sql("UPDATE segment_attribute SET requested_at = :now WHERE tenant_id = :tenantId AND kind = :kind")
                .param("now", Timestamps.of(now)).param("tenantId", tenantId).param("kind", kind).update();
        return true;
    }

    /** Records values computed as of {@code at}, unless those recorded are newer. */
    void computed(UUID tenantId, String kind, Instant at) {
        ensureRow(tenantId, kind);
        jdbc.sql("""
                        UPDATE segment_attribute SET computed_at = :at
                        WHERE tenant_id = :tenantId AND kind = :kind AND (computed_at IS NULL OR computed_at < :at)
                        """)
                .param("at", Timestamps.of(at)).param("tenantId", tenantId).param("kind", kind).update();
    }

    private static boolean pending(Row row, Instant now) {
        return row.requestedAt() != null && row.requestedAt().isAfter(now.minus(PATIENCE))
                && (row.computedAt() == null || row.requestedAt().isAfter(row.computedAt()));
    }

    private Row row(UUID tenantId, String kind) {
        return jdbc.sql("""
                        SELECT computed_at, requested_at FROM segment_attribute
                        WHERE tenant_id = :tenantId AND kind = :kind
                        """)
                .param("tenantId", tenantId).param("kind", kind)
                .query((rs, n) -> new Row(Timestamps.instant(rs, "computed_at"), Timestamps.instant(rs, "requested_at")))
                .optional().orElse(new Row(null, null));
    }

    private void ensureRow(UUID tenantId, String kind) {
        jdbc.sql("INSERT INTO segment_attribute (tenant_id, kind) VALUES (:tenantId, :kind) ON CONFLICT DO NOTHING")
                .param("tenantId", tenantId).param("kind", kind).update();
    }
}
