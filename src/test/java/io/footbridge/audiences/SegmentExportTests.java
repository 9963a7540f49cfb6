package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Audience files as Meta and Google document them, for members with ads consent only. */
class SegmentExportTests extends ApiTest {

    private TestTenant tenant;
    private ApiClient writer;
    private ApiClient marketer;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        marketer = anonymous.bearer(tenant.createKey("marketing", null, "segments:read", "segments:write"));
    }

    @Test
    void metaGetsEveryValueNormalisedAndHashedAndOnlyPeopleWhoAllowedAds() throws Exception {
        String id = twoSignUps();

        var meta = marketer.get("/api/v1/segments/" + id + "/export?format=meta");

        assertThat(meta.status()).as(meta.toString()).isEqualTo(200);
        assertThat(meta.contentType()).startsWith("text/csv");
        List<String> lines = meta.raw().body().lines().toList();
        assertThat(lines).containsExactly("email,phone,fn,ln,ct,zip,country",
                String.join(",", sha("jane.doe@example.com"), sha("49301234567"), sha("jane"), sha("doe"),
                        sha("frankfurtammain"), sha("60311"), sha("de")));
        assertThat(jdbc.sql("""
                        SELECT COUNT(*) FROM audit_log WHERE tenant_id = :t AND action = 'segment.exported'
                          AND target_id = :id
                        """).param("t", tenant.id()).param("id", id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void googleGetsEmailPhoneAndNamesHashedWithThePhoneInE164AndCountryAndZipInClear() throws Exception {
        String id = twoSignUps();

        var google = marketer.get("/api/v1/segments/" + id + "/export?format=google");

        assertThat(google.raw().body().lines().toList()).containsExactly(
                "Email,Phone,First Name,Last Name,Country,Zip",
                String.join(",", sha("jane.doe@example.com"), sha("+49301234567"), sha("jane"), sha("doe"), "DE",
                        "60311"));
    }

    @Test
    void anUnknownFormatIsRefusedAndStoreManagersCannotExport() {
        String id = marketer.post("/api/v1/segments", Map.of("name", "Everyone with email", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();

        var tiktok = marketer.get("/api/v1/segments/" + id + "/export?format=tiktok");
        assertThat(tiktok.status()).isEqualTo(400);
        assertThat(tiktok.errorFields()).containsExactly("format");
        ApiClient storeKey = anonymous.bearer(tenant.createKey("store", "BER-1", "segments:read",
                "segments:write"));
        assertThat(storeKey.get("/api/v1/segments/" + id + "/export?format=meta").status()).isEqualTo(403);
    }

    @Test
    void membersExportWithTheFieldsChosenAndPersonalOnesOnlyForThoseWhoMayReadProfiles() {
        String id = twoSignUps();
        ApiClient analyst = anonymous.bearer(tenant.createKey("analyst", null, "segments:read"));

        var plain = analyst.get("/api/v1/segments/" + id + "/members.csv?fields=personId,enteredAt,city");
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.toString()).contains("city").contains("profiles:read");
        var ids = analyst.get("/api/v1/segments/" + id + "/members.csv?fields=personId,enteredAt,language");
        assertThat(ids.status()).as(ids.toString()).isEqualTo(200);
        assertThat(ids.contentType()).startsWith("text/csv");
        // written as it is read: no length known up front
        assertThat(ids.header("Content-Length")).isNull();
        List<String> lines = ids.raw().body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("personId,enteredAt,language");
        assertThat(ids.raw().body()).doesNotContain("example.com");

        ApiClient crm = anonymous.bearer(tenant.createKey("crm", null, "segments:read", "profiles:read"));
        var full = crm.get("/api/v1/segments/" + id + "/members.csv?fields=email,firstName,postcode");
        assertThat(full.status()).as(full.toString()).isEqualTo(200);
        assertThat(full.raw().body().lines().toList()).containsExactlyInAnyOrder("email,firstName,postcode",
                "jane.doe@example.com,Jane,60311", "max@example.com,Max,60311");
        assertThat(jdbc.sql("""
                        SELECT COUNT(*) FROM audit_log WHERE tenant_id = :t AND action = 'segment.members.exported'
                          AND target_id = :id
                        """).param("t", tenant.id()).param("id", id).query(Long.class).single()).isEqualTo(2);

        var unknown = crm.get("/api/v1/segments/" + id + "/members.csv?fields=email,shoeSize");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorFields()).containsExactly("fields");
        assertThat(unknown.toString()).contains("shoeSize");
        var theirs = newTenant().admin().get("/api/v1/segments/" + id + "/members.csv?fields=email");
        assertThat(theirs.status()).isEqualTo(404);
    }

    /** Jane allowed ads and Max did not; both are in the segment the answer names. */
    private String twoSignUps() {
        signUp("Jane.Doe@Example.com", "030 1234567", "Jane", "Doe", true);
        signUp("max@example.com", "030 7654321", "Max", "Muster", false);
        String id = marketer.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup", "within", "P30D")))).json().get("id").asString();
        await(() -> marketer.get("/api/v1/segments/" + id).json().get("size").asLong() == 2,
                Duration.ofSeconds(20), "both are members");
        return id;
    }

    private void signUp(String email, String phone, String first, String last, boolean ads) {
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", email, "phone", phone),
                "properties", Map.of("firstName", first, "lastName", last, "city", "Frankfurt am Main",
                        "postcode", "60311", "consents", List.of(Map.of("channel", "ads", "purpose", "marketing",
                                "granted", ads)))));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
    }

    private static String sha(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
