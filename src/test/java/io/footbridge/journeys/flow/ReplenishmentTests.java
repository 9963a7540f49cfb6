package io.footbridge.journeys.flow;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected next purchases per person and SKU or category, the week's list, and the replenishment trigger. */
class ReplenishmentTests extends ApiTest {

    @Autowired
    DateTriggers dates;

    private TestTenant tenant;
    private ApiClient marketer;
    private ApiClient till;
    private LocalDate today;
    private String domain;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        marketer = anonymous.bearer(tenant.createKey("journeys", null, "journeys:read", "journeys:write"));
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        today = LocalDate.now(ZoneOffset.UTC);
        domain = "r" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    @Test
    void aRegularIsDueAfterTheirOwnIntervalAndAOnceBuyerAfterTheItemsTypicalOne() {
        String regular = "reg@" + domain;
        String once = "one@" + domain;
        // 12 and 12 days apart: due 12 days after the last; twice the same day counts once
        buy(regular, today.minusDays(26));
        buy(regular, today.minusDays(14));
        buy(regular, today.minusDays(2));
        buy(regular, today.minusDays(2));
        buy(once, today.minusDays(8));

        String regularId = person(regular);
        String onceId = person(once);
        JsonNode due = awaitDue(2);
        JsonNode mine = find(due, regularId, "category", "beans");
        assertThat(mine.get("expected").asString()).isEqualTo(today.plusDays(10).toString());
        assertThat(mine.get("intervalDays").asInt()).isEqualTo(12);
        assertThat(mine.get("purchases").asInt()).isEqualTo(3);
        assertThat(mine.get("storeCode").asString()).isEqualTo("BER-1");
        assertThat(find(due, regularId, "sku", "BEANS-1").get("expected").asString())
                .isEqualTo(today.plusDays(10).toString());
        JsonNode theirs = find(due, onceId, "category", "beans");
        assertThat(theirs.get("expected").asString()).as("the item's typical interval")
                .isEqualTo(today.plusDays(4).toString());
        assertThat(theirs.get("intervalDays").isNull()).isTrue();

        // a week from today holds the once-buyer only; another store's manager sees neither
        JsonNode week = marketer.get("/api/v1/journeys/replenishment?days=7").json().get("items");
        assertThat(week.findValuesAsString("personId")).contains(onceId).doesNotContain(regularId);
        ApiClient hamburg = anonymous.bearer(tenant.createKey("ham", "HAM-1", "stores:read"));
        assertThat(hamburg.get("/api/v1/journeys/replenishment?days=30").json().get("items")).isEmpty();
    }

    @Test
    void theReplenishmentTriggerEntersThoseDueByItsOffsetTodayOnceWithTheItem() {
        String regular = "reg@" + domain;
        String once = "one@" + domain;
        buy(regular, today.minusDays(26));
        buy(regular, today.minusDays(14));
        buy(regular, today.minusDays(2));
        buy(once, today.minusDays(8));
        String onceId = person(once);
        awaitDue(2);

        var created = marketer.post("/api/v1/journeys", Map.of("name", "Beans again", "trigger",
                Map.of("date", Map.of("replenishment", Map.of("category", "beans"), "offset", "-P4D", "at", "00:00")),
                "steps", List.of(Map.of("wait", "P1D")), "reentry", "P20D"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(marketer.post("/api/v1/journeys/" + id + "/activate", "{}").status()).isEqualTo(200);

        dates.pass(Instant.now());
        dates.pass(Instant.now());

        JsonNode stats = marketer.get("/api/v1/journeys/" + id + "/stats").json();
        assertThat(stats.get("entered").asLong()).as("the once-buyer, due in four days, once").isEqualTo(1);
        String context = jdbc.sql("SELECT context FROM journey_entry WHERE journey_id = :j")
                .param("j", UUID.fromString(id)).query(String.class).single();
        assertThat(context).contains("\"item\":\"beans\"").contains(today.plusDays(4).toString());
        assertThat(jdbc.sql("SELECT person_id FROM journey_entry WHERE journey_id = :j")
                .param("j", UUID.fromString(id)).query(UUID.class).single()).isEqualTo(UUID.fromString(onceId));
    }

    @Test
    void aReplenishmentTriggerWithoutAnSkuOrCategoryIsRefusedNamingTheField() {
        var refused = marketer.post("/api/v1/journeys", Map.of("name", "Bad", "trigger",
                Map.of("date", Map.of("replenishment", Map.of("colour", "red"))), "steps", List.of()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.errorFields()).contains("trigger.date.replenishment");
    }

    private void buy(String email, LocalDate day) {
        var sale = till.post("/api/v1/transactions", Map.of("transactionId", "T-" + UUID.randomUUID(),
                "store", "BER-1", "occurredAt", day.atTime(12, 0).toInstant(ZoneOffset.UTC).toString(),
                "currency", "EUR", "lines", List.of(Map.of("sku", "BEANS-1", "name", "Beans", "category", "beans",
                        "quantity", 1, "unitPrice", 1290)), "total", 1290, "customer", Map.of("email", email)));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
    }

    private String person(String email) {
        awaitResolved(tenant.id());
        return tenant.admin().get("/api/v1/profiles?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .json().get("items").get(0).get("id").asString();
    }

    /** Waits until this many people are due in the next 30 days (the feed and identity have caught up). */
    private JsonNode awaitDue(int people) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode items = null;
        while (System.nanoTime() < deadline) {
            items = marketer.get("/api/v1/journeys/replenishment?days=30").json().get("items");
            if (items.findValuesAsString("personId").stream().distinct().count() >= people
                    && items.size() >= 2 * people) {
                return items;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for people due: " + items);
    }

    private static JsonNode find(JsonNode items, String personId, String kind, String item) {
        for (JsonNode d : items) {
            if (d.get("personId").asString().equals(personId) && d.get("kind").asString().equals(kind)
                    && d.get("item").asString().equals(item)) {
                return d;
            }
        }
        throw new AssertionError("no " + kind + " " + item + " for " + personId + " in " + items);
    }
}
