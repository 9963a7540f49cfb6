package io.footbridge.loyalty.ledger;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.footbridge.ApiClient;
import io.footbridge.receipts.ReceiptsTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web push from the member page to a push service on this machine, as a browser would take it: the test is the
 * browser (it makes the subscription's keys and decrypts what arrives, RFC 8291) and the push service (it checks the
 * VAPID token with the installation's public key, RFC 8292). Forged and expired links, malformed subscriptions, a
 * subscription the push service says is gone, and turning notifications off.
 */
class MemberPushTests extends ReceiptsTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PushService PUSH = new PushService();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Autowired
    MemberLinks links;

    @Autowired
    LoyaltyRepository repository;

    @Autowired
    io.footbridge.consent.PreferenceLinks preferences;

    private String token;
    private String profileId;
    private String email;
    private Browser browser;

    @BeforeEach
    void member() {
        shop();
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        email = "member-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        var programme = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100));
        assertThat(programme.status()).as(programme.toString()).isEqualTo(200);
        var joined = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "email", email));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode member;
        while ((member = till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json()).path("profileId")
                .isNull()) {
            assertThat(System.currentTimeMillis()).as("identity links the number to a person").isLessThan(deadline);
            sleep(50);
        }
        profileId = member.path("profileId").asString();
        UUID memberId = repository.member(tenant.id(), loyaltyId).orElseThrow().id();
        token = links.token(tenant.id(), memberId, Instant.now());
        browser = new Browser(PUSH.url() + "/push/" + UUID.randomUUID());
    }

    @Test
    void aMemberTurnsOnNotificationsAndAMessageArrivesEncryptedForTheirBrowserAndSignedWithTheInstallationsKey()
            throws Exception {
        var key = anonymous.get("/club/" + token + "/push");
        assertThat(key.status()).as(key.toString()).isEqualTo(200);
        assertThat(key.json().path("subscriptions").asInt()).isZero();
        String serverKey = key.json().path("applicationServerKey").asString();
        assertThat(Base64.getUrlDecoder().decode(serverKey)).hasSize(65);

        var subscribed = subscribe(browser.subscription());
        assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
        assertThat(subscribe(browser.subscription()).status()).as("the same browser again").isEqualTo(200);
        assertThat(anonymous.get("/club/" + token + "/push").json().path("subscriptions").asInt()).isEqualTo(1);
        var consents = tenant.admin().get("/api/v1/profiles/" + profileId + "/consents").json();
        assertThat(current(consents, "push", "marketing")).as("turning them on is the grant").isEqualTo("granted");

        var sent = tenant.admin().post("/api/v1/messages", Map.of("profileId", profileId, "channel", "push",
                "purpose", "marketing", "template", "journey.welcome",
                "variables", Map.of("firstName", "Ada")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String messageId = sent.json().path("messageId").asString();

        PushService.Received received = PUSH.await(browser.path(), Duration.ofSeconds(15));
        assertThat(received.header("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(Integer.parseInt(received.header("TTL"))).isPositive();
        String authorization = received.header("Authorization");
        assertThat(authorization).startsWith("vapid t=");
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        String k = authorization.substring(authorization.indexOf("k=") + 2).strip();
        assertThat(k).as("the key the page subscribed with").isEqualTo(serverKey);
        SignedJWT signed = SignedJWT.parse(jwt);
        assertThat(signed.verify(new ECDSAVerifier(publicKey(Base64.getUrlDecoder().decode(serverKey)))))
                .as("signed with the installation's VAPID key").isTrue();
        assertThat(signed.getJWTClaimsSet().getAudience()).containsExactly(PUSH.url());
        assertThat(signed.getJWTClaimsSet().getExpirationTime()).isAfter(java.util.Date.from(Instant.now()));
        assertThat(signed.getJWTClaimsSet().getSubject()).startsWith("mailto:");

        JsonNode notification = JSON.readTree(browser.decrypt(received.body()));
        assertThat(notification.path("title").asString()).isEqualTo("Brand " + tenant.adminEmail());
        assertThat(notification.path("body").asString()).contains("welcome, Ada!");

        JsonNode message = awaitMessage(messageId, m -> m.path("message").path("status").asString().equals("sent"));
        assertThat(message.path("message").path("provider").asString()).isEqualTo("webpush");
        assertThat(message.path("message").path("channel").asString()).isEqualTo("push");
    }

    @Test
    void aSubscriptionThePushServiceSaysIsGoneIsRemovedAndTheMessageFails() {
        assertThat(subscribe(browser.subscription()).status()).isEqualTo(201);
        PUSH.answer(browser.path(), 410);
        var sent = tenant.admin().post("/api/v1/messages", Map.of("profileId", profileId, "channel", "push",
                "purpose", "service", "template", "journey.welcome", "variables", Map.of()));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode message = awaitMessage(sent.json().path("messageId").asString(),
                m -> m.path("message").path("status").asString().equals("failed"));
        assertThat(message.path("message").path("reason").asString()).contains("410");
        assertThat(PUSH.received(browser.path())).hasSize(1);
        assertThat(anonymous.get("/club/" + token + "/push").json().path("subscriptions").asInt()).isZero();
        var again = tenant.admin().post("/api/v1/messages", Map.of("profileId", profileId, "channel", "push",
                "purpose", "service", "template", "journey.welcome", "variables", Map.of()));
        assertThat(again.status()).as(again.toString()).isEqualTo(400);
        assertThat(again.errorFields()).containsExactly("to");
    }

    @Test
    void aBusyPushServiceGetsTheNotificationAgainLaterAsOtherChannelsDo() {
        assertThat(subscribe(browser.subscription()).status()).isEqualTo(201);
        PUSH.answer(browser.path(), 429, 503);
        var sent = tenant.admin().post("/api/v1/messages", Map.of("profileId", profileId, "channel", "push",
                "purpose", "service", "template", "journey.welcome", "variables", Map.of()));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode message = awaitMessage(sent.json().path("messageId").asString(),
                m -> m.path("message").path("status").asString().equals("sent"));
        assertThat(message.path("message").path("attempts").asInt()).isEqualTo(3);
        assertThat(PUSH.received(browser.path())).hasSize(3);
        assertThat(anonymous.get("/club/" + token + "/push").json().path("subscriptions").asInt()).isEqualTo(1);
    }

    @Test
    void forgedAndExpiredLinksAndMalformedSubscriptionsAreRefusedNamingTheFieldAndNothingIsKept() {
        String altered = token.substring(0, token.indexOf('.') - 2) + "AA" + token.substring(token.indexOf('.'));
        for (String forged : List.of(altered, "not-a-token")) {
            var refused = anonymous.post("/club/" + forged + "/push", browser.subscription());
            assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
            assertThat(refused.errorFields()).containsExactly("token");
        }
        UUID memberId = links.open(token, Instant.now()).orElseThrow().memberId();
        String expired = links.token(tenant.id(), memberId, Instant.now().minus(Duration.ofDays(3650)));
        var late = anonymous.post("/club/" + expired + "/push", browser.subscription());
        assertThat(late.status()).as(late.toString()).isEqualTo(410);
        assertThat(late.errorFields()).containsExactly("token");
        assertThat(anonymous.get("/club/" + expired + "/push").status()).isEqualTo(410);

        Map<String, Object> good = browser.subscription();
        @SuppressWarnings("unchecked")
        Map<String, Object> keys = (Map<String, Object>) good.get("keys");
        assertThat(subscribe(Map.of("endpoint", "ftp://push.example.com/x", "keys", keys)).errorFields())
                .containsExactly("endpoint");
        assertThat(subscribe(Map.of("endpoint", "https://169.254.169.254/latest", "keys", keys)).errorFields())
                .as("never the cloud's metadata service").containsExactly("endpoint");
        assertThat(subscribe(Map.of("keys", keys)).errorFields()).containsExactly("endpoint");
        byte[] notOnTheCurve = new byte[65];
        notOnTheCurve[0] = 4;
        notOnTheCurve[64] = 7;
        var badKey = subscribe(Map.of("endpoint", good.get("endpoint"), "keys", Map.of("p256dh",
                B64.encodeToString(notOnTheCurve), "auth", keys.get("auth"))));
        assertThat(badKey.status()).as(badKey.toString()).isEqualTo(400);
        assertThat(badKey.errorFields()).containsExactly("keys.p256dh");
        assertThat(subscribe(Map.of("endpoint", good.get("endpoint"), "keys", Map.of("p256dh", keys.get("p256dh"),
                "auth", "c2hvcnQ"))).errorFields()).containsExactly("keys.auth");
        assertThat(subscribe(Map.of("endpoint", good.get("endpoint"))).errorFields())
                .containsExactly("keys.p256dh", "keys.auth");
        var notJson = anonymous.send(anonymous.request("/club/" + token + "/push")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{")));
        assertThat(notJson.status()).isEqualTo(400);

        assertThat(anonymous.get("/club/" + token + "/push").json().path("subscriptions").asInt()).isZero();
        var consents = tenant.admin().get("/api/v1/profiles/" + profileId + "/consents").json();
        assertThat(current(consents, "push", "marketing")).isEqualTo("none");
    }

    @Test
    void turningNotificationsOffForgetsTheBrowserAndWithdrawsThePushConsent() {
        assertThat(subscribe(browser.subscription()).status()).isEqualTo(201);
        var off = anonymous.send(anonymous.request("/club/" + token + "/push")
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("endpoint", browser.endpoint())))));
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().path("unsubscribed").asBoolean()).isTrue();
        assertThat(anonymous.get("/club/" + token + "/push").json().path("subscriptions").asInt()).isZero();
        var consents = tenant.admin().get("/api/v1/profiles/" + profileId + "/consents").json();
        assertThat(current(consents, "push", "marketing")).isEqualTo("withdrawn");

        var journey = marketer.post("/api/v1/journeys", Map.of("name", "Push first", "trigger",
                Map.of("api", Map.of()), "steps", List.of(Map.of("send", Map.of("channels",
                        List.of("push", "email"), "template", "journey.welcome")))));
        assertThat(journey.status()).as("a journey may name push in its channel order: " + journey)
                .isIn(200, 201);
        var wrong = marketer.post("/api/v1/journeys", Map.of("name", "Pager", "trigger",
                Map.of("api", Map.of()), "steps", List.of(Map.of("send", Map.of("channels",
                        List.of("pager"), "template", "journey.welcome")))));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorFields()).contains("steps[0].send.channels[0]");
    }

    @Test
    void thePreferenceCentreShowsPushOnceItIsOnAndTurnsItOff() {
        String url = preferences.preferenceCentre(tenant.id(), UUID.fromString(profileId),
                io.footbridge.consent.Channel.EMAIL, email);
        String path = URI.create(url).getPath();
        assertThat(anonymous.get(path).raw().body()).as("nothing to show before it was turned on")
                .doesNotContain("name=\"push\"");
        assertThat(subscribe(browser.subscription()).status()).isEqualTo(201);
        String page = anonymous.get(path).raw().body();
        assertThat(page).contains("name=\"push\"").contains("As notifications on my devices");

        var saved = anonymous.send(anonymous.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        var consents = tenant.admin().get("/api/v1/profiles/" + profileId + "/consents").json();
        assertThat(current(consents, "push", "marketing")).isEqualTo("withdrawn");
        var blocked = tenant.admin().post("/api/v1/messages", Map.of("profileId", profileId, "channel", "push",
                "purpose", "marketing", "template", "journey.welcome", "variables", Map.of()));
        assertThat(blocked.status()).as("the gate knows push: " + blocked).isEqualTo(422);
        assertThat(blocked.json().path("reason").asString()).isEqualTo("withdrawn");
    }

    private ApiClient.Response subscribe(Map<String, ?> subscription) {
        return anonymous.post("/club/" + token + "/push", subscription);
    }

    private JsonNode awaitMessage(String id, Predicate<JsonNode> until) {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode message = null;
        while (System.currentTimeMillis() < deadline) {
            message = tenant.admin().get("/api/v1/messages/" + id).json();
            if (until.test(message)) {
                return message;
            }
            sleep(50);
        }
        throw new AssertionError("the message did not get there: " + message);
    }

    private static String current(JsonNode consents, String channel, String purpose) {
        for (JsonNode current : consents.path("current")) {
            if (current.path("channel").asString().equals(channel)
                    && current.path("purpose").asString().equals(purpose)) {
                return current.path("status").asString();
            }
        }
        throw new AssertionError(consents.toString());
    }

    private static ECParameterSpec p256() throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static ECPublicKey publicKey(byte[] uncompressed) throws Exception {
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, p256()));
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + Math.max(0, 32 - x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + Math.max(0, 32 - y.length), Math.min(32, y.length));
        return out;
    }

    /** The browser's side of a subscription: its key pair and authentication secret, and how it decrypts. */
    private static final class Browser {

        private final String endpoint;
        private final KeyPair keys;
        private final byte[] publicKey;
        private final byte[] auth = new byte[16];

        Browser(String endpoint) {
            this.endpoint = endpoint;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                this.keys = generator.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            this.publicKey = uncompressed((ECPublicKey) keys.getPublic());
            new SecureRandom().nextBytes(auth);
        }

        String endpoint() {
            return endpoint;
        }

        String path() {
            return URI.create(endpoint).getPath();
        }

        /** As a browser's {@code PushSubscription.toJSON()} gives it, {@code expirationTime} included. */
        Map<String, Object> subscription() {
            Map<String, Object> json = new java.util.HashMap<>();
            json.put("endpoint", endpoint);
            json.put("expirationTime", null);
            json.put("keys", Map.of("p256dh", B64.encodeToString(publicKey), "auth", B64.encodeToString(auth)));
            return json;
        }

        /** RFC 8291 with RFC 8188's aes128gcm: salt, record size, the sender's key, then one record. */
        String decrypt(byte[] body) throws Exception {
            byte[] salt = Arrays.copyOfRange(body, 0, 16);
            int idLength = body[20] & 0xff;
            byte[] senderKey = Arrays.copyOfRange(body, 21, 21 + idLength);
            byte[] ciphertext = Arrays.copyOfRange(body, 21 + idLength, body.length);
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(keys.getPrivate());
            agreement.doPhase(publicKey(senderKey), true);
            byte[] shared = agreement.generateSecret();
            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), publicKey, senderKey);
            byte[] ikm = hkdf(auth, shared, keyInfo, 32);
            byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = cipher.doFinal(ciphertext);
            int end = padded.length - 1;
            while (end >= 0 && padded[end] == 0) {
                end--;
            }
            assertThat(padded[end]).as("the last record's delimiter").isEqualTo((byte) 2);
            return new String(padded, 0, end, StandardCharsets.UTF_8);
        }

        private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(concat(info, new byte[]{1})), length);
        }

        private static byte[] concat(byte[]... parts) {
            int size = 0;
            for (byte[] part : parts) {
                size += part.length;
            }
            byte[] out = new byte[size];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }
    }

    /** A push service on this machine: it keeps what arrives per subscription and answers 201, or as told. */
    private static final class PushService {

        record Received(Map<String, String> headers, byte[] body) {

            String header(String name) {
                return headers.get(name.toLowerCase(java.util.Locale.ROOT));
            }
        }

        private final HttpServer server;
        private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
        private final Map<String, java.util.Deque<Integer>> answers = new ConcurrentHashMap<>();

        PushService() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/push/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** The next requests to this subscription get these statuses, in turn; then 201 again. */
        void answer(String path, Integer... statuses) {
            answers.computeIfAbsent(path, p -> new java.util.concurrent.ConcurrentLinkedDeque<>())
                    .addAll(List.of(statuses));
        }

        List<Received> received(String path) {
            return received.getOrDefault(path, List.of());
        }

        Received await(String path, Duration within) {
            long deadline = System.currentTimeMillis() + within.toMillis();
            while (System.currentTimeMillis() < deadline) {
                Optional<Received> first = received(path).stream().findFirst();
                if (first.isPresent()) {
                    return first.get();
                }
                sleep(50);
            }
            throw new AssertionError("nothing was pushed to " + path);
        }

        private void handle(HttpExchange exchange) throws IOException {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Received(headers, body));
            Integer scripted = answers.getOrDefault(path, new java.util.ArrayDeque<>()).poll();
            exchange.sendResponseHeaders(scripted == null ? 201 : scripted, -1);
            exchange.close();
        }
    }
}
