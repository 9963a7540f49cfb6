package io.footbridge.audiences.membership;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.files;
import static io.footbridge.audiences.SegmentsTestSupport.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An audience file being written while, between one of its pages being read and its people being remembered, the
 * person is erased or the destination removed: the erasure still reaches the destination as a removals file, and
 * the removal leaves neither half a file nor anyone remembered for a destination that is no more.
 */
class AudienceFileRaceTests extends ApiTest {

    @Autowired
    AudienceFiles files;

    @Autowired
    DataSource dataSource;

    @Value("${footbridge.audiences.files-directory}")
    private Path directory;

    private TestTenant tenant;
    private ApiClient marketer;
    private String segment;
    private UUID jane;
    private boolean postgres;

    @BeforeEach
    void setUp() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
        tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        marketer = anonymous.bearer(tenant.createKey("marketing", null, "segments:read", "segments:write"));
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", "jane.race@example.com"),
                "properties", Map.of("firstName", "Jane", "consents", List.of(Map.of("channel", "ads",
                        "purpose", "marketing", "granted", true)))));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
        segment = marketer.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup", "within", "P30D")))).json().get("id").asString();
        await(() -> marketer.get("/api/v1/segments/" + segment).json().get("size").asLong() == 1,
                Duration.ofSeconds(20), "Jane is a member");
        jane = UUID.fromString(marketer.get("/api/v1/segments/" + segment + "/members").json().get("items").get(0)
                .asString());
    }

    @AfterEach
    void tearDown() {
        files.pageRead = people -> { };
    }

    @Test
    void anErasureWhileAPageHoldingThePersonIsWrittenStillEndsInARemovalsFile() throws Exception {
        AtomicReference<Thread> erasure = new AtomicReference<>();
        AtomicReference<Integer> erased = new AtomicReference<>();
        files.pageRead = people -> {
            if (people.contains(jane) && erasure.get() == null) {
                Thread thread = new Thread(() -> erased.set(tenant.admin().delete("/api/v1/profiles/" + jane)
                        .status()));
                erasure.set(thread);
                thread.start();
                // the erasure either finishes in this gap (as it did before the lock) or waits for the page
                waitUntilDoneOrBlocked(thread);
            }
        };
        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "meta",
                "every", "P1D"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Path folder = directory.resolve(created.json().get("folder").asString());

        await(() -> erasure.get() != null, Duration.ofSeconds(30), "the page holding Jane is read");
        erasure.get().join(30_000);
        assertThat(erased.get()).isEqualTo(200);
        // the page was read before the erasure: she is left out of the file (erased before her row was written),
        // or, had the erasure waited for the page, a removals file follows it
        await(() -> files(folder, "audience-meta-").size() == 1, Duration.ofSeconds(30), "the audience file");
        String hash = sha("jane.race@example.com");
        if (Files.readAllLines(files(folder, "audience-meta-").get(0)).stream()
                .anyMatch(line -> line.startsWith(hash + ","))) {
            await(() -> files(folder, "removals-meta-").size() == 1, Duration.ofSeconds(30), "a removals file");
            assertThat(Files.readAllLines(files(folder, "removals-meta-").get(0))).contains(hash + ",,,,,,");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audience_file_recipient WHERE person_id = :p")
                .param("p", jane).query(Long.class).single()).as("nobody erased is remembered").isZero();
    }

    @Test
    void removingTheDestinationWhileItsFileIsWrittenLeavesNoHalfFileAndNobodyRemembered() throws Exception {
        AtomicReference<Thread> removal = new AtomicReference<>();
        AtomicReference<Integer> removed = new AtomicReference<>();
        AtomicReference<String> destination = new AtomicReference<>();
        AtomicBoolean created = new AtomicBoolean();
        files.pageRead = people -> {
            if (people.contains(jane) && removal.get() == null) {
                await(created::get, Duration.ofSeconds(10), "the destination's id is known");
                Thread thread = new Thread(() -> removed.set(marketer.delete("/api/v1/segments/" + segment
                        + "/files/" + destination.get()).status()));
                removal.set(thread);
                thread.start();
                waitUntilDoneOrBlocked(thread);
            }
        };
        var response = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "google",
                "every", "P1D"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        destination.set(response.json().get("id").asString());
        created.set(true);
        Path folder = directory.resolve(response.json().get("folder").asString());

        await(() -> removal.get() != null, Duration.ofSeconds(30), "the page holding Jane is read");
        removal.get().join(30_000);
        assertThat(removed.get()).isEqualTo(204);
        await(() -> Files.isDirectory(folder) && parts(folder).isEmpty(), Duration.ofSeconds(30),
                "the writer is done");
        // either the file came whole before the removal or not at all
        for (Path file : files(folder, "audience-google-")) {
            assertThat(Files.readString(file)).startsWith("Email,Phone,First Name,Last Name,Country,Zip\n")
                    .endsWith("\n").contains(sha("jane.race@example.com"));
        }
        assertThat(marketer.get("/api/v1/segments/" + segment + "/files").json().get("items")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audience_file_recipient WHERE destination_id = :d")
                .param("d", UUID.fromString(destination.get())).query(Long.class).single())
                .as("nobody is remembered for a destination removed").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audience_file_destination WHERE id = :d")
                .param("d", UUID.fromString(destination.get())).query(Long.class).single()).isZero();
    }

    /** Until the thread is done or some session waits for a lock, at most a second and a half. */
    private void waitUntilDoneOrBlocked(Thread thread) {
        String blocked = postgres
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND datname = current_database()"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (thread.isAlive() && System.nanoTime() < until) {
            if (jdbc.sql(blocked).query(Long.class).single() > 0) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<Path> parts(Path folder) {
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
