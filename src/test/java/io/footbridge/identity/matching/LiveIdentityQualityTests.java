package io.footbridge.identity.matching;

import io.footbridge.ApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity benchmark for the live resolver: the household generator's records sent as capture events through
 * {@code POST /api/v1/events/batch}, in a shuffled order, and the people the resolver made compared with the true
 * ones, pairwise as for batch {@code resolve}. {@code -Didentity.live.people=3000} for a larger run; the figures
 * are printed.
 */
class LiveIdentityQualityTests extends ApiTest {

    static final int PEOPLE = Integer.getInteger("identity.live.people", 300);

    @TempDir
    Path dir;
    @Autowired
    MeterRegistry meters;

    @Test
    void theLiveResolverFedTheGeneratedRecordsAsEventsKeepsHouseholdsApart() throws Exception {
        Path file = dir.resolve("customers.csv");
        HouseholdGenerator.write(file, PEOPLE, 42);
        List<Person> people = new PersonFile().read(file, IdentityQualityTests.generatorLayout());
        Map<String, Map<String, String>> raw = raw(file);
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        var api = anonymous.bearer(tenant.createKey("bench", null, "events:write"));

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        Instant start = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long began = System.nanoTime();
        List<Map<String, Object>> batch = new ArrayList<>();
        int rejected = 0;
        for (int n = 0; n < order.size(); n++) {
            Person p = people.get(order.get(n));
            batch.add(event(p, raw.get(p.recordId()), start.plusSeconds(60L * n)));
            if (batch.size() == 500 || n == order.size() - 1) {
                var response = api.post("/api/v1/events/batch", Map.of("events", batch));
                assertThat(response.status()).as(response.toString()).isIn(200, 207);
                rejected += (int) response.json().get("results").valueStream()
                        .filter(r -> r.has("errors") && !r.get("errors").isEmpty())
                        .count();
                batch.clear();
            }
        }
        awaitAllResolved(tenant.id());
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(meters.get("footbridge.identity.backlog").gauge().value())
                .as("nothing left behind, events within the commit horizon included").isZero();
        Timer perEvent = meters.get("footbridge.identity.resolve").timer();
        for (ValueAtPercentile p : perEvent.takeSnapshot().percentileValues()) {
            System.out.printf("live resolver, time per event: p%.0f %.1f ms (%,d events, all tests of this run)%n",
                    p.percentile() * 100, p.value(java.util.concurrent.TimeUnit.MILLISECONDS), perEvent.count());
        }

        Map<String, UUID> personOf = new HashMap<>();
        jdbc.sql("""
                        SELECT c.event_id, p.root_id FROM capture_event c
                        JOIN identity_event i ON i.seq = c.seq
                        JOIN profile p ON p.id = i.profile_id
                        WHERE c.tenant_id = :t
                        """).param("t", tenant.id())
                .query((rs, row) -> personOf.put(rs.getString(1), rs.getObject(2, UUID.class))).list();
        Map<UUID, Integer> numbers = new HashMap<>();
        int[] group = new int[people.size()];
        int alone = -1;
        for (int i = 0; i < people.size(); i++) {
            UUID root = personOf.get("gen-" + people.get(i).recordId());
            // a record linked to no one (nothing to link, or rejected) is a person of its own
            group[i] = root == null ? alone-- : numbers.computeIfAbsent(root, r -> numbers.size());
        }
        PairwiseQuality quality = PairwiseQuality.of(people, group);
        if (Boolean.getBoolean("identity.live.show")) {
            Map<Integer, List<Person>> found = new HashMap<>();
            for (int i = 0; i < group.length; i++) {
                found.computeIfAbsent(group[i], g -> new ArrayList<>()).add(people.get(i));
            }
            found.values().stream().filter(g -> g.stream().map(Person::truth).distinct().count() > 1)
                    .forEach(g -> System.out.println("MIXED " + g.stream().map(p -> p.truth() + " " + p.source() + " "
                            + p.firstName() + " " + p.lastName() + " " + p.email() + " " + p.phone() + " "
                            + p.birthDate() + " " + p.postcode()).toList()));
        }
        IdentityQualityTests.report("generator, " + PEOPLE + " people, live (" + people.size() + " events, "
                + rejected + " rejected, " + String.format("%.0f s", seconds) + ")", quality);
        // 300 people, seed 42: precision 0.9935, recall 0.444 (before the live resolver held probable matches
        // apart on any evidence against, and household values to named people: 0.926 and 0.436); the three wrong
        // pairs are a number staff type at the till on two nameless sales and one named. See docs/identity.md
        assertThat(quality.precision()).isGreaterThanOrEqualTo(0.99);
        // 300 people since nicknames score as near matches and Wi-Fi logins carry an e-mail or a mobile: 0.9938, 0.470
        assertThat(quality.recall()).isGreaterThanOrEqualTo(0.46);
    }

    /** Each source sends what it sends: the till a sale, Wi-Fi a login, the CRM an imported record. */
    private static Map<String, Object> event(Person p, Map<String, String> raw, Instant at) {
        String type = switch (p.source()) {
            case "pos" -> "pos.purchase";
            case "wifi" -> "wifi.login";
            case "loyalty" -> "loyalty.signup";
            case "event" -> "event.registration";
            case "qr" -> "qr.scan";
            default -> "customer.imported";
        };
        Map<String, Object> identifiers = new LinkedHashMap<>();
        put(identifiers, "email", raw.get("email"));
        put(identifiers, "phone", raw.get("phone"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("country", "DE");
        put(properties, "firstName", raw.get("first_name"));
        put(properties, "lastName", raw.get("last_name"));
        put(properties, "birthDate", raw.get("birth_date"));
        put(properties, "street", raw.get("street"));
        put(properties, "city", raw.get("city"));
        put(properties, "postcode", raw.get("postcode"));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "gen-" + p.recordId());
        event.put("type", type);
        event.put("occurredAt", at.toString());
        event.put("identifiers", identifiers);
        if (type.equals("pos.purchase") || type.equals("wifi.login")) {
            event.put("store", "BER-1");
        }
        if (type.equals("pos.purchase")) {
            properties.put("transactionId", "T-" + p.recordId());
            properties.put("total", 1999);
            properties.put("currency", "EUR");
        }
        if (type.equals("customer.imported")) {
            properties.put("recordId", p.recordId());
        }
        if (type.equals("event.registration")) {
            properties.put("eventCode", "WORKSHOP-1");
        }
        event.put("properties", properties);
        return event;
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    private static Map<String, Map<String, String>> raw(Path file) throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        Map<String, Map<String, String>> records = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> record = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                record.put(header[i], cells[i]);
            }
            records.put(record.get("record_id"), record);
        }
        return records;
    }

    private void awaitAllResolved(UUID tenantId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            long open = jdbc.sql("""
                            SELECT COUNT(*) FROM capture_event c WHERE c.tenant_id = :t
                              AND NOT EXISTS (SELECT 1 FROM identity_event i WHERE i.seq = c.seq)
                            """).param("t", tenantId).query(Long.class).single();
            if (open == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the events were not resolved in time");
    }
}
