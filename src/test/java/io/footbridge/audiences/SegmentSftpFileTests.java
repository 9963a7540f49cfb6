package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.files;
import static io.footbridge.audiences.SegmentsTestSupport.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audience files handed on to a partner's SFTP server, a real one in this process (Apache MINA SSHD): signed in by
 * password or key, the file put there whole, a removals file after an erasure, and a server showing another host
 * key than the one kept gets nothing.
 */
class SegmentSftpFileTests extends ApiTest {

    private static final String PASSWORD = "drop-box-password-1";
    private static final String SLOW_PASSWORD = "drop-box-password-slow";
    private static volatile CountDownLatch slowSignIn = new CountDownLatch(1);
    private static volatile CountDownLatch slowRelease = new CountDownLatch(1);
    private static SshServer server;
    private static Path serverRoot;
    private static String hostKey;
    private static KeyPair userKey;

    @Value("${footbridge.audiences.files-directory}")
    private Path directory;

    private TestTenant tenant;
    private ApiClient writer;
    private ApiClient marketer;
    private String run;

    @BeforeAll
    static void startServer() throws Exception {
        serverRoot = Files.createTempDirectory("footbridge-sftp");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        userKey = generator.generateKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(serverRoot.resolve(
                "host-key.ser"));
        server.setKeyPairProvider(hostKeys);
        server.setPasswordAuthenticator((user, password, session) -> {
            if (user.equals("partner") && password.equals(SLOW_PASSWORD)) {
                // an upload under way for as long as a test wants
                slowSignIn.countDown();
                try {
                    return slowRelease.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return user.equals("partner") && password.equals(PASSWORD);
        });
        server.setPublickeyAuthenticator((user, key, session) -> user.equals("partner")
                && KeyUtils.compareKeys(key, userKey.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        Path home = Files.createDirectories(serverRoot.resolve("home"));
        server.setFileSystemFactory(new VirtualFileSystemFactory(home));
        server.start();
        hostKey = KeyUtils.getFingerPrint(hostKeys.loadKeys(null).iterator().next().getPublic());
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.stop(true);
    }

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        marketer = anonymous.bearer(tenant.createKey("marketing", null, "segments:read", "segments:write"));
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void byPasswordTheFileIsPutOnTheServerWholeAndAnErasureFollowsAsARemovalsFile() throws Exception {
        signUp("jane-" + run + "@example.com", "Jane");
        String segment = segment(1);
        Path drop = Files.createDirectories(serverRoot.resolve("home").resolve("drop-" + run));

        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "meta",
                "sftp", Map.of("host", "127.0.0.1", "port", server.getPort(), "user", "partner",
                        "path", "/drop-" + run + "/", "password", PASSWORD, "hostKey", hostKey)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.toString()).doesNotContain(PASSWORD);
        JsonNode sftp = created.json().get("sftp");
        assertThat(sftp.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(sftp.get("path").asString()).isEqualTo("/drop-" + run);
        assertThat(sftp.get("auth").asString()).isEqualTo("password");
        assertThat(sftp.get("hostKey").asString()).isEqualTo(hostKey);
        String destination = created.json().get("id").asString();
        assertThat(jdbc.sql("SELECT sftp_secret FROM audience_file_destination WHERE id = :id")
                .param("id", UUID.fromString(destination)).query(String.class).single())
                .as("sealed, not in clear").doesNotContain(PASSWORD).isNotBlank();
        Path local = directory.resolve(created.json().get("folder").asString());

        await(() -> files(drop, "audience-meta-").size() == 1, Duration.ofSeconds(30), "the file on the server");
        Path remote = files(drop, "audience-meta-").get(0);
        assertThat(Files.readString(remote)).isEqualTo(Files.readString(local.resolve(remote.getFileName()
                .toString())));
        assertThat(Files.readAllLines(remote)).hasSize(2)
                .anyMatch(line -> line.startsWith(sha("jane-" + run + "@example.com") + ","));
        assertThat(files(drop, ".")).as("no part file left on the server").isEmpty();
        String list = "/api/v1/segments/" + segment + "/files";
        await(() -> !marketer.get(list).json().get("items").get(0).get("lastUploadAt").isNull(),
                Duration.ofSeconds(10), "the upload is recorded");
        assertThat(marketer.get(list).json().get("items").get(0).get("waitingUploads").asLong()).isZero();
        assertThat(marketer.get(list).toString()).doesNotContain(PASSWORD);

        String jane = marketer.get("/api/v1/segments/" + segment + "/members").json().get("items").get(0)
                .asString();
        assertThat(tenant.admin().delete("/api/v1/profiles/" + jane).status()).isEqualTo(200);
        await(() -> files(drop, "removals-meta-").size() == 1, Duration.ofSeconds(30), "the removals file there");
        assertThat(Files.readAllLines(files(drop, "removals-meta-").get(0)))
                .contains(sha("jane-" + run + "@example.com") + ",,,,,,");
    }

    @Test
    void byKeyTheFileGoesToTheServerWhoseHostKeyIsKeptAndAServerShowingAnotherGetsNothing() throws Exception {
        signUp("max-" + run + "@example.com", "Max");
        String segment = segment(1);
        Path home = serverRoot.resolve("home");

        // a private key instead of a password, into the user's home folder
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(PrivateKeyInfo.getInstance(userKey.getPrivate().getEncoded()).parsePrivateKey()
                        .toASN1Primitive().getEncoded()) + "\n-----END RSA PRIVATE KEY-----\n";
        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "google",
                "sftp", Map.of("host", "127.0.0.1", "port", server.getPort(), "user", "partner",
                        "privateKey", pem, "hostKey", hostKey)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("sftp").get("auth").asString()).isEqualTo("key");
        assertThat(created.toString()).doesNotContain("PRIVATE KEY");
        String maxHash = sha("max-" + run + "@example.com");
        await(() -> files(home, "audience-google-").stream().anyMatch(file -> contains(file, maxHash)),
                Duration.ofSeconds(30), "the file on the server, put there by key");

        // the same server, but the fingerprint kept is another key's: nothing is sent, the file waits
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere-" + run));
        String otherKey = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(run.getBytes(StandardCharsets.UTF_8)));
        var impostor = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "google",
                "sftp", Map.of("host", "127.0.0.1", "port", server.getPort(), "user", "partner",
                        "path", "elsewhere-" + run, "password", PASSWORD, "hostKey", otherKey)));
        assertThat(impostor.status()).as(impostor.toString()).isEqualTo(201);
        String impostorId = impostor.json().get("id").asString();
        String list = "/api/v1/segments/" + segment + "/files";
        await(() -> item(list, impostorId).path("lastError").isString()
                        && item(list, impostorId).get("lastError").asString().contains("host key"),
                Duration.ofSeconds(30), "the host key is refused");
        JsonNode refused = item(list, impostorId);
        assertThat(refused.get("lastError").asString()).contains(hostKey);
        assertThat(refused.get("waitingUploads").asLong()).isEqualTo(1);
        assertThat(refused.get("lastUploadAt").isNull()).isTrue();
        assertThat(files(elsewhere, "")).isEmpty();
        assertThat(files(directory.resolve(impostor.json().get("folder").asString()), "audience-google-"))
                .as("written here all the same").hasSize(1);
    }

    @Test
    void removingADestinationWaitsForItsUploadUnderWayWhichArrivesWhole() throws Exception {
        signUp("ada-" + run + "@example.com", "Ada");
        String segment = segment(1);
        Path drop = Files.createDirectories(serverRoot.resolve("home").resolve("slow-" + run));
        slowSignIn = new CountDownLatch(1);
        slowRelease = new CountDownLatch(1);
        try {
            var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "meta",
                    "sftp", Map.of("host", "127.0.0.1", "port", server.getPort(), "user", "partner",
                            "path", "slow-" + run, "password", SLOW_PASSWORD, "hostKey", hostKey)));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String destination = created.json().get("id").asString();
            assertThat(slowSignIn.await(30, TimeUnit.SECONDS)).as("the upload is under way").isTrue();

            AtomicReference<Integer> removed = new AtomicReference<>();
            Thread removal = new Thread(() -> removed.set(marketer.delete("/api/v1/segments/" + segment
                    + "/files/" + destination).status()));
            removal.start();
            removal.join(1500);
            assertThat(removal.isAlive()).as("the removal waits for the upload under way").isTrue();

            slowRelease.countDown();
            removal.join(30_000);
            assertThat(removed.get()).isEqualTo(204);
            assertThat(files(drop, "audience-meta-")).as("the upload ended before the removal").hasSize(1);
            assertThat(files(drop, ".")).as("no part file left on the server").isEmpty();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audience_file_upload WHERE destination_id = :d")
                    .param("d", UUID.fromString(destination)).query(Long.class).single()).isZero();
            assertThat(marketer.get("/api/v1/segments/" + segment + "/files").json().get("items")).isEmpty();
        } finally {
            slowRelease.countDown();
        }
    }

    @Test
    void aRemovalWhoseRemovalsFileCannotBeUploadedKeepsThatAttemptsErrorAndTheFileQueuedOnce() throws Exception {
        signUp("eve-" + run + "@example.com", "Eve");
        String segment = segment(1);
        String otherKey = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(run.getBytes(StandardCharsets.UTF_8)));
        var created = marketer.post("/api/v1/segments/" + segment + "/files", Map.of("format", "meta",
                "sftp", Map.of("host", "127.0.0.1", "port", server.getPort(), "user", "partner",
                        "password", PASSWORD, "hostKey", otherKey)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        UUID destination = UUID.fromString(id);
        Path local = directory.resolve(created.json().get("folder").asString());
        String list = "/api/v1/segments/" + segment + "/files";
        await(() -> item(list, id).path("lastError").isString(), Duration.ofSeconds(30), "the first upload fails");

        String eve = marketer.get("/api/v1/segments/" + segment + "/members").json().get("items").get(0)
                .asString();
        assertThat(tenant.admin().delete("/api/v1/profiles/" + eve).status()).isEqualTo(200);
        await(() -> removalsAttempts(destination) == 1, Duration.ofSeconds(90),
                "the removals file is written and its upload tried");

        var refused = marketer.delete(list + "/" + id);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.toString()).contains("removals-not-uploaded");
        // the removal's own try is on record: the error for the console, the file queued for the next run
        assertThat(removalsAttempts(destination)).isEqualTo(2);
        JsonNode kept = item(list, id);
        assertThat(kept.get("lastError").asString()).contains("removals-meta-").contains("host key");
        assertThat(kept.get("waitingUploads").asLong()).isEqualTo(2);
        assertThat(jdbc.sql("""
                        SELECT COUNT(*) FROM audience_file_upload WHERE destination_id = :d
                            AND file LIKE 'removals-%' AND next_try_at > :now
                        """)
                .param("d", destination).param("now", java.sql.Timestamp.from(Instant.now()))
                .query(Long.class).single()).as("tried again later").isEqualTo(1);
        assertThat(files(local, "removals-meta-")).as("written once").hasSize(1);
        assertThat(files(local, ".")).as("no part file left").isEmpty();
    }

    private long removalsAttempts(UUID destination) {
        return jdbc.sql("""
                        SELECT COALESCE(MAX(attempts), 0) FROM audience_file_upload
                        WHERE destination_id = :d AND file LIKE 'removals-%'
                        """)
                .param("d", destination).query(Long.class).single();
    }

    @Test
    void aServerWithoutHostKeyOrWithBadFieldsIsRefusedNamingTheField() {
        String segment = marketer.post("/api/v1/segments", Map.of("name", "With email", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        String files = "/api/v1/segments/" + segment + "/files";
        Map<String, Object> good = Map.of("host", "sftp.example.com", "user", "partner", "password", PASSWORD,
                "hostKey", hostKey);
        Map<String, String> broken = Map.of(
                "hostKey", "ssh-rsa AAAA",
                "host", "not a host!",
                "user", "",
                "privateKey", "-----BEGIN RSA PRIVATE KEY-----\nnonsense\n-----END RSA PRIVATE KEY-----\n");
        for (var field : broken.entrySet()) {
            Map<String, Object> sftp = new java.util.HashMap<>(good);
            sftp.put(field.getKey(), field.getValue());
            if (field.getKey().equals("privateKey")) {
                sftp.remove("password");
            }
            var bad = marketer.post(files, Map.of("format", "meta", "sftp", sftp));
            assertThat(bad.status()).as(field.getKey() + " " + bad).isEqualTo(400);
            assertThat(bad.errorFields()).as(field.getKey()).containsExactly("sftp." + field.getKey());
        }
        Map<String, Object> noKey = new java.util.HashMap<>(good);
        noKey.remove("hostKey");
        assertThat(marketer.post(files, Map.of("format", "meta", "sftp", noKey)).errorFields())
                .containsExactly("sftp.hostKey");
        Map<String, Object> none = new java.util.HashMap<>(good);
        none.remove("password");
        assertThat(marketer.post(files, Map.of("format", "meta", "sftp", none)).errorFields())
                .containsExactly("sftp.password");
        Map<String, Object> metadata = new java.util.HashMap<>(good);
        // a cloud's metadata service, never called whatever the installation allows
        metadata.put("host", "169.254.169.254");
        var inside = marketer.post(files, Map.of("format", "meta", "sftp", metadata));
        assertThat(inside.errorFields()).as(inside.toString()).containsExactly("sftp.host");
        Map<String, Object> port = new java.util.HashMap<>(good);
        port.put("port", 70000);
        assertThat(marketer.post(files, Map.of("format", "meta", "sftp", port)).errorFields())
                .containsExactly("sftp.port");
        Map<String, Object> extra = new java.util.HashMap<>(good);
        extra.put("knownHosts", "x");
        assertThat(marketer.post(files, Map.of("format", "meta", "sftp", extra)).errorFields())
                .containsExactly("sftp.knownHosts");
        assertThat(marketer.get(files).json().get("items")).isEmpty();
    }

    private JsonNode item(String list, String id) {
        for (JsonNode item : marketer.get(list).json().get("items")) {
            if (item.get("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no destination " + id);
    }

    private String segment(long size) {
        String segment = marketer.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup", "within", "P30D")))).json().get("id").asString();
        await(() -> marketer.get("/api/v1/segments/" + segment).json().get("size").asLong() == size,
                Duration.ofSeconds(20), "the members");
        return segment;
    }

    private void signUp(String email, String first) {
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", email),
                "properties", Map.of("firstName", first, "consents", List.of(Map.of("channel", "ads",
                        "purpose", "marketing", "granted", true)))));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
