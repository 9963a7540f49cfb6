package io.footbridge.audiences.destination;

import io.footbridge.audiences.SegmentDestinations;
import io.footbridge.audiences.Segments;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.OutboundAddresses;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Webhook destinations of a segment: each entry and exit is posted to them (ids only, never personal data), signed
 * with the destination's secret, retried with back-off and parked when the receiver keeps failing.
 */
@Service
class Destinations implements SegmentDestinations {

    static final List<String> STATUSES = List.of("pending", "delivered", "parked");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Segments segments;
    private final AuditLog audit;
    private final WebhookSender sender;
    private final OutboundAddresses addresses;

    Destinations(JdbcClient jdbc, Segments segments, AuditLog audit, WebhookSender sender,
                 OutboundAddresses addresses) {
        this.addresses = addresses;
        this.jdbc = jdbc;
        this.segments = segments;
        this.audit = audit;
        this.sender = sender;
    }

    @Override
    public Destination create(Actor actor, UUID segmentId, String url) {
        segments.get(actor, segmentId);
        URI uri;
        try {
            uri = url == null ? null : new URI(url.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !List.of("https", "http").contains(uri.getScheme())
                || url.length() > 2000) {
            throw ProblemException.invalid("url", "must be an http(s) address such as https://crm.example.com/hooks");
        }
        addresses.refusal(uri).ifPresent(reason -> {
            throw ProblemException.invalid("url", reason);
        });
        UUID id = UUID.randomUUID();
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = HexFormat.of().formatHex(key);
        Instant now = Instant.now();
        jdbc.sql("""
                        INSERT INTO audience_destination (id, tenant_id, segment_id, url, secret, created_at)
                        VALUES (:id, :tenantId, :segmentId, :url, :secret, :now)
                        """)
                .param("id", id).param("tenantId", actor.tenantId()).param("segmentId", segmentId)
                .param("url", uri.toString()).param("secret", secret).param("now", Timestamps.of(now)).update();
        audit.record(actor, "segment.destination.created", "segment", segmentId, Map.of("destination", id));
        return new Destination(id, segmentId, uri.toString(), secret, now, 0, 0);
    }

    @Override
    public List<Destination> list(Actor actor, UUID segmentId) {
        segments.get(actor, segmentId);
        return jdbc.sql("""
                        SELECT d.id, d.segment_id, d.url, d.created_at,
                               (SELECT COUNT(*) FROM audience_delivery x WHERE x.destination_id = d.id
                                  AND x.status = 'pending') AS pending,
                               (SELECT COUNT(*) FROM audience_delivery x WHERE x.destination_id = d.id
                                  AND x.status = 'parked') AS parked
                        FROM audience_destination d WHERE d.tenant_id = :tenantId AND d.segment_id = :segmentId
                        ORDER BY d.created_at
                        """)
                .param("tenantId", actor.tenantId()).param("segmentId", segmentId)
                .query((rs, row) -> new Destination(rs.getObject("id", UUID.class),
                        rs.getObject("segment_id", UUID.class), rs.getString("url"), null,
                        Timestamps.instant(rs, "created_at"), rs.getLong("pending"), rs.getLong("parked")))
                .list();
    }

    @Override
    public List<Delivery> deliveries(Actor actor, UUID segmentId, UUID destinationId, String status, int limit) {
        visible(actor, segmentId, destinationId);
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of " + String.join(", ", STATUSES));
        }
        return jdbc.sql("""
                        SELECT * FROM audience_delivery WHERE destination_id = :id
                          AND (CAST(:status AS VARCHAR(10)) IS NULL OR status = :status)
                        ORDER BY at DESC LIMIT :limit
                        """)
                .param("id", destinationId).param("status", status).param("limit", limit)
                .query((rs, row) -> new Delivery(rs.getObject("id", UUID.class),
                        rs.getObject("person_id", UUID.class), rs.getString("kind"), Timestamps.instant(rs, "at"),
                        rs.getString("status"), rs.getInt("attempts"), Timestamps.instant(rs, "next_at"),
                        rs.getString("last_error"), Timestamps.instant(rs, "delivered_at")))
                .list();
    }

    /** Sends the parked deliveries of a destination again, from their first try. */
    @Override
    public long retryParked(Actor actor, UUID segmentId, UUID destinationId) {
        visible(actor, segmentId, destinationId);
        int n = jdbc.sql("""
                        UPDATE audience_delivery SET status = 'pending', attempts = 0, next_at = :now
                        WHERE destination_id = :id AND status = 'parked'
                        """)
                .param("now", Timestamps.now()).param("id", destinationId).update();
        audit.record(actor, "segment.destination.retried", "segment", segmentId, Map.of("destination",
                destinationId, "deliveries", n));
        sender.wake();
        return n;
    }

    @Override
    public void delete(Actor actor, UUID segmentId, UUID destinationId) {
        visible(actor, segmentId, destinationId);
        jdbc.sql("DELETE FROM audience_delivery WHERE destination_id = :id").param("id", destinationId).update();
        jdbc.sql("DELETE FROM audience_destination WHERE id = :id").param("id", destinationId).update();
        audit.record(actor, "segment.destination.deleted", "segment", segmentId, Map.of("destination",
                destinationId));
    }

    private void visible(Actor actor, UUID segmentId, UUID destinationId) {
        segments.get(actor, segmentId);
        boolean found = jdbc.sql("""
                        SELECT COUNT(*) FROM audience_destination
                        WHERE id = :id AND tenant_id = :tenantId AND segment_id = :segmentId
                        """)
                .param("id", destinationId).param("tenantId", actor.tenantId()).param("segmentId", segmentId)
                .query(Long.class).single() > 0;
        if (!found) {
            throw ProblemException.notFound("destination", destinationId);
        }
    }
}
