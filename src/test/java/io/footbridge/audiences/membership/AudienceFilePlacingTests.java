package io.footbridge.audiences.membership;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.files;
import static io.footbridge.audiences.SegmentsTestSupport.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An audience or removals file whose recording fails to commit is never in place (and its removals still wait), and
 * one recorded but not moved into place when the node stops is moved there by the next run: one file either way.
 */
class AudienceFilePlacingTests extends ApiTest {

    @Autowired
    AudienceFiles files;

    @Value("${footbridge.audiences.files-directory}")
    private Path directory;

    private TestTenant tenant;
    private ApiClient marketer;
    private String segment;
    private String run;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        run = UUID.randomUUID().toString().substring(0, 8);
        ApiClient writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        marketer = anonymous.bearer(tenant.createKey("marketing", null, "segments:read", "segments:write"));
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", email()),
                "properties", Map.of("firstName", "Jane", "consents", List.of(Map.of("channel", "ads",
                        "purpose", "marketing", "granted", true)))));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
        segment = marketer.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup", "within", "P30D")))).json().get("id").asString();
        await(() -> marketer.get("/api/v1/segments/" + segment).json().get("size").asLong() == 1,
                Duration.ofSeconds(20), "Jane is a member");
    }

    @AfterEach
    void tearDown() {
        files.recorded = file -> { };
        files.placing = file -> { };
    }

    @Test
    void anAudienceFileWhoseRecordFailsToCommitIsNeverInPlaceAndTheNextRunWritesOne() {
        AtomicBoolean failed = new AtomicBoolean();
        files.recorded = file -> {
            if (file.startsWith("audience-") && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("the commit failed");
            }
        };
        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "meta",
                "every", "P1D"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Path folder = directory.resolve(created.json().get("folder").asString());
        await(() -> item(id).path("lastError").isString(), Duration.ofSeconds(30), "the failure is recorded");
        assertThat(item(id).get("lastError").asString()).contains("the commit failed");
        assertThat(files(folder, "audience-")).as("nothing in place without its record").isEmpty();
        assertThat(files(folder, ".")).as("no part file left").isEmpty();

        assertThat(marketer.post("/api/v1/segments/" + segment + "/files/" + id + "/run", "{}").status())
                .isEqualTo(202);
        await(() -> files(folder, "audience-meta-").size() == 1 && item(id).path("lastError").isNull(),
                Duration.ofSeconds(30), "the next run's file");
        assertThat(item(id).get("lastFile").asString())
                .isEqualTo(files(folder, "audience-meta-").get(0).getFileName().toString());
    }

    @Test
    void aRemovalsFileWhoseRecordFailsToCommitLeavesTheRemovalsWaitingAndTheNextRunWritesItOnce() throws Exception {
        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "meta",
                "every", "P1D"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Path folder = directory.resolve(created.json().get("folder").asString());
        await(() -> files(folder, "audience-meta-").size() == 1, Duration.ofSeconds(30), "the audience file");

        AtomicBoolean failed = new AtomicBoolean();
        files.recorded = file -> {
            if (file.startsWith("removals-") && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("the commit failed");
            }
        };
        String jane = marketer.get("/api/v1/segments/" + segment + "/members").json().get("items").get(0)
                .asString();
        assertThat(tenant.admin().delete("/api/v1/profiles/" + jane).status()).isEqualTo(200);
        await(failed::get, Duration.ofSeconds(90), "the removals file is written");
        await(() -> item(id).path("lastError").isString(), Duration.ofSeconds(10), "the failure is recorded");
        assertThat(files(folder, "removals-")).as("nothing in place without its record").isEmpty();
        assertThat(item(id).get("pendingRemovals").asLong()).as("the removals still wait").isEqualTo(1);

        files.wake();
        await(() -> files(folder, "removals-meta-").size() == 1 && item(id).get("pendingRemovals").asLong() == 0,
                Duration.ofSeconds(90), "the next run's removals file");
        Thread.sleep(500);
        assertThat(files(folder, "removals-")).as("written once").hasSize(1);
        assertThat(java.nio.file.Files.readAllLines(files(folder, "removals-meta-").get(0)))
                .contains(sha(email()) + ",,,,,,");
        assertThat(files(folder, ".")).as("no part file left").isEmpty();
    }

    @Test
    void aFileRecordedButNotYetInPlaceWhenTheNodeStoppedIsMovedThereByTheNextRun() {
        AtomicBoolean stopped = new AtomicBoolean();
        files.placing = file -> {
            if (stopped.compareAndSet(false, true)) {
                throw new IllegalStateException("the node stopped");
            }
        };
        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "google",
                "every", "P1D"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Path folder = directory.resolve(created.json().get("folder").asString());
        await(() -> !item(id).path("lastFile").isNull(), Duration.ofSeconds(30), "the file is recorded");
        String file = item(id).get("lastFile").asString();
        assertThat(files(folder, "audience-")).as("not in place yet").isEmpty();
        assertThat(files(folder, "." + file)).as("its part file waits").hasSize(1);

        files.wake();
        await(() -> files(folder, "audience-").size() == 1, Duration.ofSeconds(30), "moved into place");
        assertThat(files(folder, "audience-google-").get(0).getFileName().toString()).isEqualTo(file);
        assertThat(files(folder, ".")).as("no part file left").isEmpty();
        await(() -> jdbc.sql("SELECT COUNT(*) FROM audience_file_placing WHERE destination_id = :d")
                .param("d", UUID.fromString(id)).query(Long.class).single() == 0, Duration.ofSeconds(10),
                "nothing left to place");
    }

    private String email() {
        return "jane-" + run + "@example.com";
    }

    private JsonNode item(String id) {
        for (JsonNode item : marketer.get("/api/v1/segments/" + segment + "/files").json().get("items")) {
            if (item.get("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no destination " + id);
    }
}
