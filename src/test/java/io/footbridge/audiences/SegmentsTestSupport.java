package io.footbridge.audiences;

import io.footbridge.ApiClient;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends the events segments are built from and finds the people they made. */
public final class SegmentsTestSupport {

    private SegmentsTestSupport() {
    }

    /** A sale sent through the events API, {@code daysAgo} days back, for the person with this email. */
    public static void purchase(ApiClient writer, String email, String store, long total, double daysAgo,
                                String category, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of("transactionId", UUID.randomUUID().toString(),
                "total", total, "currency", "EUR", "categories", List.of(category)));
        properties.putAll(extra);
        Map<String, Object> event = new HashMap<>();
        event.put("eventId", UUID.randomUUID().toString());
        event.put("type", "pos.purchase");
        event.put("occurredAt", Instant.now().minusSeconds((long) (daysAgo * 86_400)).toString());
        event.put("store", store);
        event.put("identifiers", Map.of("email", email));
        event.put("properties", properties);
        var response = writer.post("/api/v1/events", event);
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
    }

    /** The person (root profile) holding this email, once identity has linked it. */
    public static UUID person(JdbcClient jdbc, UUID tenantId, String email) {
        await(() -> !jdbc.sql("""
                        SELECT p.root_id FROM profile_identifier i JOIN profile p ON p.id = i.profile_id
                        WHERE i.tenant_id = :t AND i.type = 'email' AND i.id_value = :v
                        """).param("t", tenantId).param("v", email).query(UUID.class).list().isEmpty(),
                Duration.ofSeconds(20), "identity links " + email);
        return jdbc.sql("""
                        SELECT p.root_id FROM profile_identifier i JOIN profile p ON p.id = i.profile_id
                        WHERE i.tenant_id = :t AND i.type = 'email' AND i.id_value = :v
                        """).param("t", tenantId).param("v", email).query(UUID.class).single();
    }

    public static void await(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("not in time: " + what);
    }

    /** The files in a folder whose names start so, by name (none while the folder is not there yet). */
    public static List<Path> files(Path folder, String prefix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 in hex, as the audience files hash a normalised value. */
    public static String sha(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
