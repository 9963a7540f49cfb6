package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The brand kit and the consent wordings and policy pages over HTTP: what they save, what they refuse, and who may. */
class DataSettingsPagesTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient admin;
    private ConsoleClient manager;

    @BeforeEach
    void tenantWithAnAdminAndAStoreManager() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        admin = new ConsoleClient(port);
        assertThat(admin.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
        String email = "manager-" + UUID.randomUUID() + "@brand.test";
        assertThat(tenant.admin().post("/api/v1/users", Map.of("email", email, "name", "Manager",
                "role", "store_manager", "password", PASSWORD, "storeCodes", List.of("BER-1"))).status())
                .isEqualTo(201);
        manager = new ConsoleClient(port);
        assertThat(manager.login(email, PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void theBrandKitPreviewsADraftWithItsContrastsAndSavesWhatTheApiWould() {
        String page = admin.get("/console/data/brand").body();
        assertThat(page).contains("id=\"brand-preview\"").contains("data-contrast=\"buttons\"");

        HttpResponse<String> coral = admin.post("/console/data/brand/sample", ConsoleClient.csrf(page),
                brand("Kaffeehaus Lena", "#ff7f50"), Map.of("HX-Request", "true"));
        assertThat(coral.statusCode()).isEqualTo(200);
        assertThat(coral.body()).as("coral on white is 2.5:1: buttons fail, links are hard to read")
                .containsPattern("class=\"fail\"[^>]*>|data-contrast=\"buttons\"[^>]*class=\"fail\"")
                .contains("2.5:1").contains("cannot be saved")
                .contains("primaryColor=%23ff7f50");

        HttpResponse<String> refused = admin.post("/console/data/brand", ConsoleClient.csrf(page),
                brand("Kaffeehaus Lena", "#ff7f50"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"primaryColor-error\"").contains("at least 3:1");
        HttpResponse<String> badLogo = admin.post("/console/data/brand", ConsoleClient.csrf(page),
                with(brand("Kaffeehaus Lena", "#0b6e4f"), "logoUrl", "http://insecure.example/logo.png"));
        assertThat(badLogo.body()).contains("id=\"logoUrl-error\"").contains("https");
        assertThat(tenant.admin().get("/api/v1/brand").json().get("primaryColor").asString())
                .as("nothing refused was saved").isEqualTo("#1a56db");

        HttpResponse<String> saved = admin.post("/console/data/brand", ConsoleClient.csrf(page),
                with(brand("Kaffeehaus Lena", "#0B6E4F"), "language", "de"));
        assertThat(saved.statusCode()).isEqualTo(302);
        var brand = tenant.admin().get("/api/v1/brand").json();
        assertThat(brand.get("primaryColor").asString()).isEqualTo("#0b6e4f");
        assertThat(brand.get("name").asString()).isEqualTo("Kaffeehaus Lena");
        assertThat(brand.get("language").asString()).isEqualTo("de");

        HttpResponse<String> preview = admin.get("/console/data/brand/preview?name=X&primaryColor=%23aa0000");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("--primary: #aa0000;").contains("id=\"sample-join\"");
        assertThat(preview.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("frame-ancestors 'self'").doesNotContain("script-src");
    }

    @Test
    void aStoreManagerSeesTheBrandAndPolicyButChangesNeither() {
        String page = manager.get("/console/data/brand").body();
        assertThat(page).contains("id=\"brand-preview\"").contains("disabled");
        HttpResponse<String> brand = manager.post("/console/data/brand", ConsoleClient.csrf(page),
                brand("Mine now", "#0b6e4f"));
        assertThat(brand.statusCode()).isEqualTo(403);
        String consent = manager.get("/console/data/consent").body();
        assertThat(manager.post("/console/data/consent/policy", ConsoleClient.csrf(consent),
                Map.of("quietStart", "20:00", "quietEnd", "09:00", "timeZone", "UTC")).statusCode())
                .isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/brand").json().get("name").asString()).isNotEqualTo("Mine now");
        assertThat(tenant.admin().get("/api/v1/consent/policy").json().get("quietHours").isNull()).isTrue();
    }

    @Test
    void thePolicySavesQuietHoursAndACapAndNamesTheFieldOfAMistake() {
        String page = admin.get("/console/data/consent").body();
        HttpResponse<String> notANumber = admin.post("/console/data/consent/policy", ConsoleClient.csrf(page),
                Map.of("quietStart", "21:00", "quietEnd", "08:00", "timeZone", "Europe/Berlin",
                        "capMessages", "three", "capDays", "7"));
        assertThat(notANumber.statusCode()).isEqualTo(200);
        assertThat(notANumber.body()).contains("id=\"capMessages-error\"").contains("value=\"three\"".replace(
                "three", "")).contains("whole number");
        HttpResponse<String> sameTimes = admin.post("/console/data/consent/policy", ConsoleClient.csrf(page),
                Map.of("quietStart", "21:00", "quietEnd", "21:00", "timeZone", "Europe/Berlin"));
        assertThat(sameTimes.body()).contains("id=\"quietEnd-error\"").contains("must differ");
        HttpResponse<String> halfACap = admin.post("/console/data/consent/policy", ConsoleClient.csrf(page),
                Map.of("timeZone", "Europe/Berlin", "capMessages", "3"));
        assertThat(halfACap.body()).contains("id=\"capDays-error\"");
        assertThat(tenant.admin().get("/api/v1/consent/policy").json().get("quietHours").isNull())
                .as("nothing refused was saved").isTrue();

        HttpResponse<String> saved = admin.post("/console/data/consent/policy", ConsoleClient.csrf(page),
                Map.of("doubleOptInEmail", "true", "quietStart", "21:00", "quietEnd", "08:00",
                        "timeZone", "Europe/Berlin", "capMessages", "3", "capDays", "7"));
        assertThat(saved.statusCode()).isEqualTo(302);
        var policy = tenant.admin().get("/api/v1/consent/policy").json();
        assertThat(policy.get("doubleOptInEmail").asBoolean()).isTrue();
        assertThat(policy.get("quietHours").get("start").asString()).isEqualTo("21:00");
        assertThat(policy.get("quietHours").get("end").asString()).isEqualTo("08:00");
        assertThat(policy.get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(policy.get("frequencyCap").get("messages").asInt()).isEqualTo(3);
        assertThat(policy.get("frequencyCap").get("days").asInt()).isEqualTo(7);
        assertThat(admin.get("/console/data/consent").body()).contains("value=\"21:00\"").contains("value=\"7\"");
    }

    @Test
    void aWordingVersionIsRegisteredForACountryAndNeverRewritten() {
        String page = admin.get("/console/data/consent").body();
        Map<String, String> german = Map.of("wordingVersion", "de-email-2026", "wordingCountry", "de",
                "wordingLanguage", "de", "wordingChannel", "email", "wordingPurpose", "marketing",
                "wordingText", "Ja, ich möchte Angebote per E-Mail erhalten.");
        assertThat(admin.post("/console/data/consent/wordings", ConsoleClient.csrf(page), german).statusCode())
                .isEqualTo(302);
        var wording = tenant.admin().get("/api/v1/consent/wordings").json().get(0);
        assertThat(wording.get("version").asString()).isEqualTo("de-email-2026");
        assertThat(wording.get("country").asString()).isEqualTo("DE");
        assertThat(wording.get("channel").asString()).isEqualTo("email");
        assertThat(admin.get("/console/data/consent").body()).contains("data-version=\"de-email-2026\"")
                .contains("Ja, ich möchte Angebote per E-Mail erhalten.");

        HttpResponse<String> rewritten = admin.post("/console/data/consent/wordings", ConsoleClient.csrf(page),
                with(german, "wordingText", "Ja, gern auch per Post."));
        assertThat(rewritten.statusCode()).isEqualTo(200);
        assertThat(rewritten.body()).contains("id=\"wordingVersion-error\"").contains("new version");
        HttpResponse<String> nowhere = admin.post("/console/data/consent/wordings", ConsoleClient.csrf(page),
                with(with(german, "wordingVersion", "xx-1"), "wordingCountry", "XX"));
        assertThat(nowhere.body()).contains("id=\"wordingCountry-error\"");
        HttpResponse<String> empty = admin.post("/console/data/consent/wordings", ConsoleClient.csrf(page),
                with(with(german, "wordingVersion", "empty-1"), "wordingText", " "));
        assertThat(empty.body()).contains("id=\"wordingText-error\"");
        assertThat(tenant.admin().get("/api/v1/consent/wordings").json().size()).isEqualTo(1);

        String managers = manager.get("/console/data/consent").body();
        assertThat(managers).contains("data-version=\"de-email-2026\"").doesNotContain("id=\"wordingText\"");
        assertThat(manager.post("/console/data/consent/wordings", ConsoleClient.csrf(managers),
                with(german, "wordingVersion", "sneaky")).statusCode()).isEqualTo(403);
    }

    private static Map<String, String> brand(String name, String primary) {
        return Map.of("name", name, "primaryColor", primary, "backgroundColor", "#ffffff", "textColor", "#1a1a1a",
                "language", "en", "logoUrl", "", "privacyUrl", "");
    }

    private static Map<String, String> with(Map<String, String> form, String field, String value) {
        Map<String, String> changed = new HashMap<>(form);
        changed.put(field, value);
        return changed;
    }
}
