package io.footbridge.hosted.forms;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SignupAndEventPagesTests extends ApiTest {

    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    private TestTenant tenant;

    @BeforeEach
    void tenantWithStore() {
        tenant = newTenant();
        tenant.createStore("BER-1");
    }

    @Test
    void aCustomerJoinsTheClubOnceWithConsentsAndTraits() {
        var created = tenant.admin().post("/api/v1/signup-forms", Map.of("store", "BER-1", "title", "Join Club Lena",
                "program", "club", "terms", "Points on every coffee.", "marketingEmail", "Send me news by email."));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String code = created.json().get("code").asString();
        assertThat(created.json().get("url").asString()).endsWith("/f/" + code);

        var page = anonymous.get("/f/" + code);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("Join Club Lena").contains("Points on every coffee.")
                .contains("autocomplete=\"given-name\"");
        String state = state(page);

        assertThat(errors("/f/" + code, Map.of("state", state, "email", "lena@"))).containsExactly("firstName",
                "lastName", "email", "terms");
        assertThat(errors("/f/" + code, Map.of("state", state, "firstName", "Lena", "lastName", "Fischer",
                "email", "lena@example.com", "phone", "12", "birthDate", "2999-01-01", "terms", "true")))
                .containsExactly("phone", "birthDate");

        Map<String, String> good = Map.of("state", state, "firstName", "Lena", "lastName", "Fischer",
                "email", "lena@example.com", "phone", "0151 23456789", "birthDate", "1985-04-12", "terms", "true",
                "marketingEmail", "true");
        var joined = post("/f/" + code, good);
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.raw().body()).contains("Welcome, Lena!");
        assertThat(post("/f/" + code, good).status()).as("sent twice").isEqualTo(200);

        List<Map<String, Object>> events = events("loyalty.signup");
        assertThat(events).hasSize(1);
        assertThat((String) events.get(0).get("identifiers")).contains("\"email\":\"lena@example.com\"")
                .contains("\"phone\":\"0151 23456789\"");
        assertThat((String) events.get(0).get("properties")).contains("\"program\":\"club\"")
                .contains("\"firstName\":\"Lena\"").contains("\"birthDate\":\"1985-04-12\"")
                .contains("{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":true,\"wordingVersion\":1}");

        assertThat(post("/f/" + code, with(good, "website", "spam")).status()).as("honeypot").isEqualTo(400);
        String forged = state.substring(0, state.indexOf('.')) + "A" + state.substring(state.indexOf('.'));
        assertThat(post("/f/" + code, with(good, "state", forged)).status()).isEqualTo(400);
        assertThat(post("/f/" + code, with(good, "firstName", "x".repeat(5000))).status()).isEqualTo(400);
        assertThat(anonymous.get("/f/zzzzzzz").status()).isEqualTo(404);
        assertThat(events("loyalty.signup")).hasSize(1);

        String fresh = state(anonymous.get("/f/" + code));
        var changed = tenant.admin().send(tenant.admin().request("/api/v1/signup-forms/"
                        + created.json().get("id").asString()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"terms\": \"Double points on Mondays.\"}")));
        assertThat(changed.json().get("wordingVersion").asInt()).isEqualTo(2);
        var stale = post("/f/" + code, with(with(good, "state", fresh), "email", "other@example.com"));
        assertThat(stale.status()).as("the terms changed while the form was open").isEqualTo(409);
        assertThat(stale.raw().body()).contains("Double points on Mondays.");
        assertThat(post("/f/" + code, with(with(good, "state", state(stale)), "email", "other@example.com")).status())
                .isEqualTo(200);
        assertThat((String) events("loyalty.signup").get(1).get("properties")).contains("\"wordingVersion\":2");
    }

    @Test
    void theClubsOwnMessagesAreAskedApartFromMarketingAndRecordedAsTheirPurpose() {
        var created = tenant.admin().post("/api/v1/signup-forms", Map.of("store", "BER-1", "title", "Join Club Lena",
                "program", "club", "terms", "Points on every coffee.", "marketingEmail", "Send me news by email.",
                "club", "Send me club messages: points about to lapse, my birthday bonus."));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("club").asString()).startsWith("Send me club messages");
        String code = created.json().get("code").asString();
        var page = anonymous.get("/f/" + code);
        assertThat(page.raw().body()).contains("name=\"club\"").contains("points about to lapse");

        var joined = post("/f/" + code, Map.of("state", state(page), "firstName", "Lena", "lastName", "Fischer",
                "email", "lena@example.com", "phone", "0151 23456789", "terms", "true", "club", "true"));
        assertThat(joined.status()).isEqualTo(200);
        assertThat((String) events("loyalty.signup").get(0).get("properties"))
                .contains("{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":false,\"wordingVersion\":1}")
                .contains("{\"channel\":\"email\",\"purpose\":\"loyalty\",\"granted\":true,\"wordingVersion\":1}")
                .contains("{\"channel\":\"sms\",\"purpose\":\"loyalty\",\"granted\":true,\"wordingVersion\":1}");

        var changed = tenant.admin().send(tenant.admin().request("/api/v1/signup-forms/"
                        + created.json().get("id").asString()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"club\": \"Club news, please.\"}")));
        assertThat(changed.json().get("wordingVersion").asInt()).as("a new club wording is a new version")
                .isEqualTo(2);
    }

    @Test
    void seatsAreBookedAgainstCapacityWithAWaitingListAndCheckedInOnce() {
        JsonNode event = createEvent("latte-art-1", 3, 2);
        String code = event.get("code").asString();
        String id = event.get("id").asString();
        var page = anonymous.get("/e/" + code);
        assertThat(page.raw().body()).contains("Latte art").contains("<select id=\"seats\"");

        String anna = register(code, "Anna", "anna@example.com", 2);
        String ben = register(code, "Ben", "ben@example.com", 2);
        String cem = register(code, "Cem", "cem@example.com", 1);
        assertThat(anonymous.get("/e/t/" + anna).raw().body()).contains("You are booked, Anna: 2").contains("<svg");
        assertThat(anonymous.get("/e/t/" + ben).raw().body()).contains("number 1 on the waiting list");
        assertThat(anonymous.get("/e/t/" + cem).raw().body()).contains("You are booked, Cem: 1");
        JsonNode state = tenant.admin().get("/api/v1/listed-events/" + id).json();
        assertThat(state.get("booked").asInt()).isEqualTo(3);
        assertThat(state.get("waiting").asInt()).isEqualTo(1);

        var cancelled = anonymous.send(anonymous.request("/e/t/" + anna + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(cancelled.status()).isEqualTo(303);
        assertThat(anonymous.get("/e/t/" + anna).raw().body()).contains("cancelled");
        assertThat(anonymous.get("/e/t/" + ben).raw().body()).as("moved up").contains("You are booked, Ben: 2");

        ApiClient door = anonymous.bearer(tenant.createKey("door", "BER-1", "pos"));
        var checkIn = door.post("/api/v1/listed-events/" + id + "/check-ins",
                Map.of("ticket", "https://go.example.com/e/t/" + ben));
        assertThat(checkIn.status()).as(checkIn.toString()).isEqualTo(200);
        assertThat(checkIn.json().get("seats").asInt()).isEqualTo(2);
        assertThat(checkIn.json().get("checkedInAt").isNull()).isFalse();
        assertThat(door.post("/api/v1/listed-events/" + id + "/check-ins", Map.of("ticket", ben)).status())
                .as("a ticket is used once").isEqualTo(409);
        assertThat(door.post("/api/v1/listed-events/" + id + "/check-ins", Map.of("ticket", anna)).status())
                .as("cancelled").isEqualTo(409);
        assertThat(door.post("/api/v1/listed-events/" + id + "/check-ins", Map.of("ticket", "nope"))
                .errorFields()).containsExactly("ticket");
        assertThat(newTenant().admin().post("/api/v1/listed-events/" + id + "/check-ins", Map.of("ticket", cem))
                .status()).isEqualTo(404);

        assertThat(events("event.registration")).hasSize(3);
        assertThat((String) events("event.checkin").get(0).get("properties")).contains("\"eventCode\":\"latte-art-1\"")
                .contains("\"ticketId\":\"" + ben + "\"");
    }

    @Test
    void manyRegisteringAtOnceNeverOverbook() throws Exception {
        JsonNode event = createEvent("tasting-9", 5, 1);
        String code = event.get("code").asString();
        ConcurrentLinkedQueue<String> states = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 20; i++) {
            states.add(state(anonymous.get("/e/" + code)));
        }
        AtomicInteger n = new AtomicInteger();
        List<String> tickets = new ArrayList<>(concurrently(20, () -> {
            int i = n.incrementAndGet();
            var response = post("/e/" + code, Map.of("state", states.poll(), "firstName", "Guest" + i,
                    "email", "guest" + i + "@example.com", "seats", "1"));
            return response.status() == 303 ? 1 : 0;
        }).stream().map(String::valueOf).toList());
        assertThat(tickets).containsOnly("1");
        Map<String, Long> byStatus = jdbc.sql("SELECT status FROM event_ticket WHERE tenant_id = :t")
                .param("t", tenant.id()).query(String.class).list().stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(byStatus).containsEntry("confirmed", 5L).containsEntry("waiting", 15L);
        assertThat(tenant.admin().get("/api/v1/listed-events/" + event.get("id").asString()).json().get("booked")
                .asInt()).isEqualTo(5);
    }

    @Test
    void eventsAreCheckedWhenCreated() {
        Instant start = Instant.now().plus(7, ChronoUnit.DAYS);
        Map<String, Object> good = Map.of("store", "BER-1", "eventCode", "ws-1", "title", "Workshop",
                "startsAt", start.toString(), "endsAt", start.plus(2, ChronoUnit.HOURS).toString(), "capacity", 10);
        assertThat(tenant.admin().post("/api/v1/listed-events", with(good, "endsAt", start.minusSeconds(1).toString()))
                .errorFields()).containsExactly("endsAt");
        assertThat(tenant.admin().post("/api/v1/listed-events", with(good, "maxSeats", 11)).errorFields())
                .containsExactly("maxSeats");
        assertThat(tenant.admin().post("/api/v1/listed-events", with(good, "capacity", 0)).errorFields())
                .containsExactly("capacity");
        assertThat(tenant.admin().post("/api/v1/listed-events", with(good, "store", "NOPE")).errorFields())
                .containsExactly("store");
        assertThat(tenant.admin().post("/api/v1/listed-events", good).status()).isEqualTo(201);
        assertThat(tenant.admin().post("/api/v1/listed-events", good).status()).isEqualTo(409);
        assertThat(anonymous.get("/e/zzzzzzz").status()).isEqualTo(404);
    }

    private JsonNode createEvent(String eventCode, int capacity, int maxSeats) {
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        var created = tenant.admin().post("/api/v1/listed-events", Map.of("store", "BER-1", "eventCode", eventCode,
                "title", "Latte art for beginners", "description", "Two hours at the machine.",
                "startsAt", start.toString(), "endsAt", start.plus(2, ChronoUnit.HOURS).toString(),
                "capacity", capacity, "maxSeats", maxSeats));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** Registers through the page and answers the ticket's token. */
    private String register(String code, String name, String email, int seats) {
        var response = post("/e/" + code, Map.of("state", state(anonymous.get("/e/" + code)), "firstName", name,
                "email", email, "seats", String.valueOf(seats)));
        assertThat(response.status()).as(response.raw().body()).isEqualTo(303);
        return response.header("Location").substring("/e/t/".length());
    }

    private ApiClient.Response post(String path, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return anonymous.send(anonymous.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private List<String> errors(String path, Map<String, String> form) {
        var response = post(path, form);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        Matcher matcher = Pattern.compile("<li><a href=\"#([A-Za-z]+)\"").matcher(response.raw().body());
        List<String> fields = new ArrayList<>();
        while (matcher.find()) {
            fields.add(matcher.group(1));
        }
        return fields;
    }

    private List<Map<String, Object>> events(String type) {
        return jdbc.sql("SELECT identifiers, properties FROM capture_event WHERE tenant_id = :t AND type = :type"
                + " ORDER BY seq").param("t", tenant.id()).param("type", type).query().listOfRows();
    }

    private static String state(ApiClient.Response page) {
        Matcher matcher = STATE.matcher(page.raw().body());
        assertThat(matcher.find()).as(page.raw().body()).isTrue();
        return matcher.group(1);
    }

    private static <V> Map<String, V> with(Map<String, V> body, String field, V value) {
        Map<String, V> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }
}
