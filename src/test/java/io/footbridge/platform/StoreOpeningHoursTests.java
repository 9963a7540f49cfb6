package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store's opening hours through the stores API: kept in order, replaced on update (kept when an update leaves them
 * out), and bad intervals named.
 */
class StoreOpeningHoursTests extends ApiTest {

    @Test
    void hoursAreKeptByWeekdayAndTimeAndAnUpdateReplacesThem() {
        TestTenant tenant = newTenant();
        var created = tenant.admin().post("/api/v1/stores", store("BER-1", List.of(
                hours("saturday", "10:00", "18:00"), hours("Monday", "14:00", "19:00"),
                hours("monday", "09:00", "13:00"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        JsonNode kept = tenant.admin().get("/api/v1/stores/" + id).json().get("openingHours");
        assertThat(kept.toString()).isEqualTo("[{\"day\":\"monday\",\"opens\":\"09:00\",\"closes\":\"13:00\"},"
                + "{\"day\":\"monday\",\"opens\":\"14:00\",\"closes\":\"19:00\"},"
                + "{\"day\":\"saturday\",\"opens\":\"10:00\",\"closes\":\"18:00\"}]");

        var updated = tenant.admin().put("/api/v1/stores/" + id, store("BER-1",
                List.of(hours("sunday", "12:00", "16:00"))));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(tenant.admin().get("/api/v1/stores?limit=10").json().get("items").get(0).get("openingHours")
                .toString()).isEqualTo("[{\"day\":\"sunday\",\"opens\":\"12:00\",\"closes\":\"16:00\"}]");

        var unaware = tenant.admin().put("/api/v1/stores/" + id, store("BER-1", null));
        assertThat(unaware.status()).isEqualTo(200);
        assertThat(unaware.json().get("openingHours").size()).as("a client that sends no hours loses none")
                .isEqualTo(1);
        var cleared = tenant.admin().put("/api/v1/stores/" + id, store("BER-1", List.of()));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("openingHours").size()).as("an empty list clears them").isZero();
    }

    @Test
    void overlappingMalformedAndUnknownIntervalsAreRefusedNamingTheField() {
        TestTenant tenant = newTenant();
        assertRefused(tenant, List.of(hours("monday", "09:00", "13:00"), hours("monday", "12:30", "18:00")),
                "openingHours[1]", "overlaps openingHours[0]");
        assertRefused(tenant, List.of(hours("funday", "09:00", "13:00")), "openingHours[0].day", "weekday");
        assertRefused(tenant, List.of(hours("monday", "9h", "13:00")), "openingHours[0].opens", "time");
        assertRefused(tenant, List.of(hours("monday", "09:00", "24:30")), "openingHours[0].closes", "time");
        assertRefused(tenant, List.of(hours("friday", "22:00", "02:00")), "openingHours[0].closes",
                "must be after opens");
        Map<String, Object> missing = new HashMap<>(hours("monday", "09:00", "13:00"));
        missing.remove("closes");
        assertRefused(tenant, List.of(missing), "openingHours[0].closes", "null");

        var wrongType = tenant.admin().post("/api/v1/stores", "{\"code\":\"X\",\"name\":\"X\",\"country\":\"DE\","
                + "\"timeZone\":\"Europe/Berlin\",\"currency\":\"EUR\",\"openingHours\":{\"monday\":\"9-5\"}}");
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(wrongType.raw().body()).contains("openingHours");
        assertThat(tenant.admin().get("/api/v1/stores").json().get("items").size()).as("nothing stored").isZero();
    }

    private static void assertRefused(TestTenant tenant, List<Map<String, Object>> hours, String field,
                                      String reason) {
        var refused = tenant.admin().post("/api/v1/stores", store("BAD-1", hours));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).as(refused.toString()).isEqualTo(field);
        assertThat(error.get("reason").asString()).contains(reason);
    }

    private static Map<String, Object> store(String code, List<Map<String, Object>> hours) {
        Map<String, Object> store = new HashMap<>(Map.of("code", code, "name", "Store " + code, "country", "DE",
                "timeZone", "Europe/Berlin", "currency", "EUR"));
        if (hours != null) {
            store.put("openingHours", hours);
        }
        return store;
    }

    private static Map<String, Object> hours(String day, String opens, String closes) {
        return Map.of("day", day, "opens", opens, "closes", closes);
    }
}
