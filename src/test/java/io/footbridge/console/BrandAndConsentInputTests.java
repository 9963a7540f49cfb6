package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the brand kit and consent pages answer to input no form of theirs sends: a page naming the field, never a 500. */
class BrandAndConsentInputTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient admin;

    @BeforeEach
    void signedInAdmin() {
        tenant = newTenant();
        admin = new ConsoleClient(port);
        assertThat(admin.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aPreviewOfColoursOrALanguageTheBrandCannotHaveIsRefusedAtTheField() {
        HttpResponse<String> colour = admin.get("/console/data/brand/preview?primaryColor=red");
        assertThat(colour.statusCode()).isEqualTo(400);
        assertThat(colour.body()).contains("primaryColor");
        HttpResponse<String> language = admin.get("/console/data/brand/preview?language=fr");
        assertThat(language.statusCode()).isEqualTo(400);
        assertThat(language.body()).contains("language");
        assertThat(admin.get("/console/data/brand/preview").body())
                .as("a preview without a draft shows the saved brand").contains("--primary: #1a56db;");

        String page = admin.get("/console/data/brand").body();
        HttpResponse<String> noName = admin.post("/console/data/brand/sample", ConsoleClient.csrf(page),
                Map.of("primaryColor", "#0b6e4f"), Map.of("HX-Request", "true"));
        assertThat(noName.statusCode()).isEqualTo(200);
        assertThat(noName.body()).contains("name").doesNotContain("id=\"brand-preview\"");
        HttpResponse<String> withoutScripts = admin.post("/console/data/brand/sample", ConsoleClient.csrf(page),
                Map.of("name", "Lena", "primaryColor", "#aa0000"));
        assertThat(withoutScripts.body()).as("the whole page, with the draft in it").contains("<h1")
                .contains("value=\"#aa0000\"").contains("primaryColor=%23aa0000");
    }

    @Test
    void aPolicyOrWordingOutOfRangeIsRefusedAtTheFieldAndAnOffsetMustBeANumber() {
        String page = admin.get("/console/data/consent").body();
        HttpResponse<String> policy = admin.post("/console/data/consent/policy", ConsoleClient.csrf(page),
                Map.of("quietStart", "25:00", "quietEnd", "08:00", "timeZone", "Mars/Olympus", "capMessages", "0",
                        "capDays", "7"));
        assertThat(policy.statusCode()).isEqualTo(200);
        assertThat(policy.body()).contains("id=\"quietStart-error\"").contains("id=\"timeZone-error\"")
                .contains("id=\"capMessages-error\"");
        HttpResponse<String> wording = admin.post("/console/data/consent/wordings", ConsoleClient.csrf(page),
                Map.of("wordingVersion", "v".repeat(65), "wordingText", "Yes."));
        assertThat(wording.statusCode()).isEqualTo(200);
        assertThat(wording.body()).contains("id=\"wordingVersion-error\"");
        HttpResponse<String> channel = admin.post("/console/data/consent/wordings", ConsoleClient.csrf(page),
                Map.of("wordingVersion", "v1", "wordingText", "Yes.", "wordingChannel", "pigeon"));
        assertThat(channel.body()).contains("id=\"wordingChannel-error\"");
        assertThat(tenant.admin().get("/api/v1/consent/wordings").json().size()).isZero();

        assertThat(admin.get("/console/data/consent?offset=many").statusCode()).isEqualTo(400);
        assertThat(admin.get("/console/data/consent?offset=-1").statusCode()).isEqualTo(400);
    }
}
