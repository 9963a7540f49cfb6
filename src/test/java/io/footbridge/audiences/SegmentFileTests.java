package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.files;
import static io.footbridge.audiences.SegmentsTestSupport.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A segment's scheduled file export, written to the real file system: the audience file as the platform documents
 * it (ads consent only), written whole, again when asked, and a removals file once a person it held is erased.
 */
class SegmentFileTests extends ApiTest {

    @Value("${footbridge.audiences.files-directory}")
    private Path directory;

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
    void theAudienceFileIsWrittenOnScheduleAgainWhenAskedAndAnErasureFollowsAsARemovalsFile() throws Exception {
        signUp("Jane.Doe@Example.com", "030 1234567", "Jane", true);
        signUp("max@example.com", "030 7654321", "Max", false);
        String segment = marketer.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup", "within", "P30D")))).json().get("id").asString();
        await(() -> marketer.get("/api/v1/segments/" + segment).json().get("size").asLong() == 2,
                Duration.ofSeconds(20), "both are members");

        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "meta",
                "every", "P1D"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String destination = created.json().get("id").asString();
        Path folder = directory.resolve(created.json().get("folder").asString());
        assertThat(folder).isEqualTo(directory.resolve(tenant.id().toString()).resolve(destination));

        await(() -> files(folder, "audience-meta-").size() == 1, Duration.ofSeconds(30), "the first file");
        String jane = String.join(",", sha("jane.doe@example.com"), sha("49301234567"), sha("jane"), sha("doe"),
                sha("frankfurtammain"), sha("60311"), sha("de"));
        assertThat(Files.readAllLines(files(folder, "audience-meta-").get(0)))
                .containsExactly("email,phone,fn,ln,ct,zip,country", jane);
        try (Stream<Path> all = Files.list(folder)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
        String list = "/api/v1/segments/" + segment + "/files";
        await(() -> !marketer.get(list).json().get("items").get(0).get("lastFile").isNull(), Duration.ofSeconds(10),
                "the run is recorded");
        JsonNode listed = marketer.get(list).json().get("items").get(0);
        assertThat(listed.get("lastRows").asLong()).isEqualTo(1);
        assertThat(listed.get("lastFile").asString()).isEqualTo(files(folder, "audience-meta-").get(0)
                .getFileName().toString());
        assertThat(Instant.parse(listed.get("nextAt").asString()))
                .isAfter(Instant.now().plus(Duration.ofHours(23)));
        await(() -> audits(segment, "segment.exported") == 1, Duration.ofSeconds(10), "audited");

        var run = marketer.post("/api/v1/segments/" + segment + "/files/" + destination + "/run", "{}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        await(() -> files(folder, "audience-meta-").size() == 2, Duration.ofSeconds(30), "a file when asked");

        String janeId = marketer.get("/api/v1/segments/" + segment + "/members?limit=10").json().get("items")
                .valueStream().map(JsonNode::asString).filter(id -> isJane(id)).findFirst().orElseThrow();
        assertThat(tenant.admin().delete("/api/v1/profiles/" + janeId).status()).isEqualTo(200);
        await(() -> files(folder, "removals-meta-").size() == 1, Duration.ofSeconds(30), "a removals file");
        assertThat(Files.readAllLines(files(folder, "removals-meta-").get(0))).containsExactlyInAnyOrder(
                "email,phone,fn,ln,ct,zip,country", sha("jane.doe@example.com") + ",,,,,,",
                "," + sha("49301234567") + ",,,,,");
        // the file is in place a moment before its audit entry
        await(() -> audits(segment, "segment.removals.exported") == 1, Duration.ofSeconds(10), "audited");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audience_file_recipient WHERE person_id = :p")
                .param("p", UUID.fromString(janeId)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audience_file_removal WHERE destination_id = :d")
                .param("d", UUID.fromString(destination)).query(Long.class).single())
                .as("the hashes go once written").isZero();
    }

    @Test
    void aBadFormatOrIntervalAnUnknownFieldAnotherTenantOrAStoreKeyIsRefused() {
        String segment = marketer.post("/api/v1/segments", Map.of("name", "With email", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        String files = "/api/v1/segments/" + segment + "/files";

        var tiktok = marketer.post(files, Map.of("format", "tiktok"));
        assertThat(tiktok.status()).isEqualTo(400);
        assertThat(tiktok.errorFields()).containsExactly("format");
        for (String every : List.of("PT5M", "P-3D", "daily", "P90D")) {
            var bad = marketer.post(files, Map.of("format", "google", "every", every));
            assertThat(bad.status()).as(every).isEqualTo(400);
            assertThat(bad.errorFields()).as(every).containsExactly("every");
        }
        var extra = marketer.post(files, Map.of("format", "google", "path", "/etc"));
        assertThat(extra.errorFields()).containsExactly("path");
        assertThat(newTenant().admin().post(files, Map.of("format", "google")).status()).isEqualTo(404);
        ApiClient storeKey = anonymous.bearer(tenant.createKey("store", "BER-1", "segments:read",
                "segments:write"));
        assertThat(storeKey.post(files, Map.of("format", "google")).status()).isEqualTo(403);
        assertThat(marketer.get(files).json().get("items")).isEmpty();
    }

    private boolean isJane(String personId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM segment_trait WHERE person_id = :p AND name = 'firstName'
                          AND trait_value = 'Jane'
                        """).param("p", UUID.fromString(personId)).query(Long.class).single() > 0;
    }

    private long audits(String segment, String action) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE tenant_id = :t AND action = :action"
                        + " AND target_id = :id")
                .param("t", tenant.id()).param("action", action).param("id", segment).query(Long.class).single();
    }

    private void signUp(String email, String phone, String first, boolean ads) {
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", email, "phone", phone),
                "properties", Map.of("firstName", first, "lastName", "Doe", "city", "Frankfurt am Main",
                        "postcode", "60311", "consents", List.of(Map.of("channel", "ads", "purpose", "marketing",
                                "granted", ads)))));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
    }
}
