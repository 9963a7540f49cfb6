package io.footbridge.audiences.destination;

import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.OutboundAddresses;
import io.footbridge.platform.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Posts due deliveries to their webhooks on the background scheduler (one node at a time): the body names the
 * event, segment, person and time, never personal data; {@code X-Footbridge-Signature: sha256=<hex>} is the
 * HMAC-SHA256 of the body with the destination's secret. A receiver that does not answer 2xx is tried again after
 * 2, 4, 8 … seconds (at most an hour apart); after {@link #ATTEMPTS} tries the delivery is parked.
 */
@Component
class WebhookSender {

    static final int ATTEMPTS = 8;
    private static final int BATCH = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final OutboundAddresses addresses;
    private final BackgroundWork.Recurring task;

    WebhookSender(JdbcClient jdbc, JsonMapper json, BackgroundWork background, OutboundAddresses addresses) {
        this.jdbc = jdbc;
        this.addresses = addresses;
        this.json = json;
        this.task = background.recurring("audience-webhooks", Duration.ofSeconds(2), this::sendDue);
    }

    void wake() {
        task.wake();
    }

    /** Queues a call to every destination of the segment. */
    void enqueueForSegment(UUID tenantId, UUID segmentId, UUID personId, String kind, Instant at) {
        List<UUID> destinations = jdbc.sql("""
                        SELECT id FROM audience_destination WHERE tenant_id = :tenantId AND segment_id = :segmentId
                        """)
                .param("tenantId", tenantId).param("segmentId", segmentId).query(UUID.class).list();
        destinations.forEach(destination -> enqueue(destination, tenantId, personId, kind, at));
        if (!destinations.isEmpty()) {
            wake();
        }
    }

    /** Queues a call to one destination. */
    void enqueue(UUID destinationId, UUID tenantId, UUID personId, String kind, Instant at) {
        jdbc.sql("""
                        INSERT INTO audience_delivery (id, destination_id, tenant_id, person_id, kind, at, status,
                            attempts, next_at)
                        VALUES (:id, :destination, :tenantId, :person, :kind, :at, 'pending', 0, :at)
                        """)
                .param("id", UUID.randomUUID()).param("destination", destinationId).param("tenantId", tenantId)
                .param("person", personId).param("kind", kind).param("at", Timestamps.of(at)).update();
    }

    record Due(UUID id, UUID destinationId, UUID segmentId, String url, String secret, UUID personId, String kind,
               Instant at, int attempts) {
    }

    void sendDue() {
        List<Due> due = jdbc.sql("""
                        SELECT x.id, x.destination_id, d.segment_id, d.url, d.secret, x.person_id, x.kind, x.at,
                               x.attempts
                        FROM audience_delivery x JOIN audience_destination d ON d.id = x.destination_id
                        WHERE x.status = 'pending' AND x.next_at <= :now
                        ORDER BY x.next_at LIMIT :limit
                        """)
                .param("now", Timestamps.now()).param("limit", BATCH)
                .query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getObject("destination_id", UUID.class),
                        rs.getObject("segment_id", UUID.class), rs.getString("url"), rs.getString("secret"),
                        rs.getObject("person_id", UUID.class), rs.getString("kind"), Timestamps.instant(rs, "at"),
                        rs.getInt("attempts")))
                .list();
        due.forEach(this::send);
    }

    private void send(Due delivery) {
        // checked again at each call: a name may resolve elsewhere than when the destination was saved
        java.util.Optional<String> refused = addresses.refusal(URI.create(delivery.url()));
        if (refused.isPresent()) {
            failed(delivery, "not called: the address " + refused.get());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", delivery.id().toString());
        body.put("type", "segment." + delivery.kind());
        body.put("segmentId", delivery.segmentId().toString());
        body.put("personId", delivery.personId().toString());
        body.put("at", delivery.at().toString());
        String payload = json.writeValueAsString(body);
        String error;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .header("X-Footbridge-Delivery", delivery.id().toString())
                    .header("X-Footbridge-Signature", "sha256=" + sign(delivery.secret(), payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                delivered(delivery);
                return;
            }
            error = "answered " + response.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        failed(delivery, error.length() > 300 ? error.substring(0, 300) : error);
    }

    static String sign(String secret, String payload) {
        return io.footbridge.platform.Signatures.webhook(secret, payload);
    }

    private void delivered(Due delivery) {
        if (delivery.kind().equals("erased")) {
            // the erasure has been passed on: nothing of the person stays here
            jdbc.sql("DELETE FROM audience_delivery WHERE id = :id").param("id", delivery.id()).update();
            return;
        }
        jdbc.sql("""
                        UPDATE audience_delivery SET status = 'delivered', attempts = attempts + 1,
                            delivered_at = :now, last_error = NULL
                        WHERE id = :id
                        """)
                .param("now", Timestamps.now()).param("id", delivery.id()).update();
    }

    private void failed(Due delivery, String error) {
        int attempts = delivery.attempts() + 1;
        long wait = Math.min(3600, 1L << Math.min(attempts, 12));
        jdbc.sql("""
                        UPDATE audience_delivery SET attempts = :attempts, last_error = :error, next_at = :next,
                            status = :status
                        WHERE id = :id
                        """)
                .param("attempts", attempts).param("error", error)
                .param("next", Timestamps.of(Instant.now().plusSeconds(wait)))
                .param("status", attempts >= ATTEMPTS ? "parked" : "pending").param("id", delivery.id()).update();
        if (attempts >= ATTEMPTS) {
            // ids only: the destination, the delivery; the address may carry a token, so it is not logged
            log.warn("Audience webhook delivery {} to destination {} parked after {} tries: {}", delivery.id(),
                    delivery.destinationId(), attempts, error);
        }
    }
}
