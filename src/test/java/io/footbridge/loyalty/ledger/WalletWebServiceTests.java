package io.footbridge.loyalty.ledger;

import io.footbridge.FakeProviders;
import io.footbridge.receipts.ReceiptsTestSupport;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apple's Wallet web service as a phone uses it: register the pass with its token, ask what changed since the last
 * tag, fetch the current pass (304 when unchanged), and the push through APNs that a change of points sets off.
 */
class WalletWebServiceTests extends ReceiptsTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ApplePushes pushes;

    @Test
    void aPhoneRegistersThePassLearnsOfAChangeAndFetchesTheNewPassOnlyWhenItChanged() throws Exception {
        String loyaltyId = memberWith(42);
        JsonNode pass = passJson(loyaltyId);
        assertThat(pass.path("webServiceURL").asString()).isEqualTo("http://localhost:" + port + "/wallet/apple");
        String token = pass.path("authenticationToken").asString();
        assertThat(token).hasSizeGreaterThanOrEqualTo(16);
        assertThat(passJson(loyaltyId).path("authenticationToken").asString()).as("the same on every copy")
                .isEqualTo(token);
        String type = pass.path("passTypeIdentifier").asString();
        String serial = pass.path("serialNumber").asString();
        String registration = "/wallet/apple/v1/devices/device1/registrations/" + type + "/" + serial;
        String body = "{\"pushToken\":\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\"}";

        assertThat(call("POST", registration, null, body).statusCode()).as("no token").isEqualTo(401);
        assertThat(call("POST", registration, "ApplePass " + token + "x", body).statusCode()).as("another token")
                .isEqualTo(401);
        assertThat(call("POST", "/wallet/apple/v1/devices/device1/registrations/" + type + "/not-a-serial",
                "ApplePass " + token, body).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/wallet/apple/v1/devices/device1/registrations/pass.other/" + serial,
                "ApplePass " + token, body).statusCode()).as("another pass type").isEqualTo(401);
        assertThat(call("POST", registration, "ApplePass " + token, body).statusCode()).isEqualTo(201);
        assertThat(call("POST", registration, "ApplePass " + token, body).statusCode()).as("known").isEqualTo(200);

        String list = "/wallet/apple/v1/devices/device1/registrations/" + type;
        HttpResponse<byte[]> all = call("GET", list, null, null);
        assertThat(all.statusCode()).isEqualTo(200);
        JsonNode first = JSON.readTree(all.body());
        assertThat(first.path("serialNumbers").get(0).asString()).isEqualTo(serial);
        String tag = first.path("lastUpdated").asString();
        assertThat(call("GET", list + "?passesUpdatedSince=" + tag, null, null).statusCode()).as("nothing since")
                .isEqualTo(204);
        assertThat(call("GET", "/wallet/apple/v1/devices/device2/registrations/" + type, null, null).statusCode())
                .as("a device that registered nothing").isEqualTo(204);

        String passPath = "/wallet/apple/v1/passes/" + type + "/" + serial;
        assertThat(call("GET", passPath, null, null).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> current = call("GET", passPath, "ApplePass " + token, null);
        assertThat(current.statusCode()).isEqualTo(200);
        String lastModified = current.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(HTTP.send(request("GET", passPath, "ApplePass " + token, null)
                .header("If-Modified-Since", lastModified).build(), HttpResponse.BodyHandlers.ofByteArray())
                .statusCode()).isEqualTo(304);

        // points change: the tag moves on, the device's list names the pass, and the pass it fetches has them
        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", 8,
                "reason", "goodwill")).status()).isEqualTo(200);
        HttpResponse<byte[]> since = call("GET", list + "?passesUpdatedSince=" + tag, null, null);
        assertThat(since.statusCode()).isEqualTo(200);
        JsonNode changed = JSON.readTree(since.body());
        assertThat(changed.path("serialNumbers").get(0).asString()).isEqualTo(serial);
        assertThat(Long.parseLong(changed.path("lastUpdated").asString())).isGreaterThan(Long.parseLong(tag));
        HttpResponse<byte[]> updated = HTTP.send(request("GET", passPath, "ApplePass " + token, null)
                .header("If-Modified-Since", lastModified).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode fetched = JSON.readTree(files(updated.body()).get("pass.json"));
        assertThat(fetched.path("storeCard").path("primaryFields").get(0).path("value").asLong()).isEqualTo(50);
        assertThat(fetched.path("authenticationToken").asString()).isEqualTo(token);

        assertThat(call("POST", "/wallet/apple/v1/log", null, "{\"logs\":[\"something\"]}").statusCode())
                .isEqualTo(200);
        assertThat(call("DELETE", registration, "ApplePass wrong-token-000000", null).statusCode()).isEqualTo(401);
        assertThat(call("DELETE", registration, "ApplePass " + token, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", list, null, null).statusCode()).as("unregistered").isEqualTo(204);
        assertThat(PROVIDERS.requests(r -> r.apns() && r.path().endsWith("0a1b2c3d4e5f60718293a4b5c6d7e8f9")))
                .as("development passes are never pushed").isEmpty();
    }

    @Test
    void aChangeOfPointsPushesToTheRegisteredPhonesWithThePassCertificateAndRetriesAFailure() throws Exception {
        String loyaltyId = memberWith(7);
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Pass Type ID: pass.com.example.push");
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                name, keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("pass", keys.getPrivate(), "pw".toCharArray(), new Certificate[]{certificate});
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        store.store(p12, "pw".toCharArray());
        assertThat(tenant.admin().put("/api/v1/loyalty/wallet/apple", Map.of("passTypeId", "pass.com.example.push",
                "teamId", "A1B2C3D4E5", "certificate", Base64.getEncoder().encodeToString(p12.toByteArray()),
                "password", "pw")).status()).isEqualTo(200);

        JsonNode pass = passJson(loyaltyId);
        String serial = pass.path("serialNumber").asString();
        String pushToken = UUID.randomUUID().toString().replace("-", "");
        assertThat(call("POST", "/wallet/apple/v1/devices/phone1/registrations/pass.com.example.push/" + serial,
                "ApplePass " + pass.path("authenticationToken").asString(),
                "{\"pushToken\":\"" + pushToken + "\"}").statusCode()).isEqualTo(201);

        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", 5,
                "reason", "goodwill")).status()).isEqualTo(200);
        FakeProviders.Request push = PROVIDERS.await(r -> r.apns() && r.path().endsWith(pushToken), 1).get(0);
        assertThat(push.method()).isEqualTo("POST");
        assertThat(push.header("apns-topic")).isEqualTo("pass.com.example.push");
        assertThat(push.body()).isEqualTo("{}");
        awaitNothingDue(serial);

        // APNs fails once: the push stays due and goes out on a later run
        PROVIDERS.answer(pushToken, new FakeProviders.Answer(503, "{\"reason\":\"ServiceUnavailable\"}", Map.of()));
        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", 5,
                "reason", "goodwill")).status()).isEqualTo(200);
        PROVIDERS.await(r -> r.apns() && r.path().endsWith(pushToken), 2);
        for (int tries = 0; tries < 50 && due(serial) > 0; tries++) {
            try {
                pushes.run();
            } catch (IllegalStateException stillFailing) {
                Thread.sleep(100);
            }
        }
        assertThat(PROVIDERS.requests(r -> r.apns() && r.path().endsWith(pushToken))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(due(serial)).isZero();

        // the phone dropped the pass: APNs answers 410 and the registration goes
        PROVIDERS.answer(pushToken, new FakeProviders.Answer(410, "{\"reason\":\"Unregistered\"}", Map.of()));
        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", 5,
                "reason", "goodwill")).status()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 15_000;
        while (registrations(serial) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(registrations(serial)).isZero();
    }

    @Test
    void aChangeOfPointsUpdatesTheGoogleObjectWithATokenFromTheServiceAccount() throws Exception {
        String loyaltyId = memberWith(10);
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String email = "wallet@shop-77.iam.gserviceaccount.com";
        assertThat(tenant.admin().put("/api/v1/loyalty/wallet/google", Map.of("issuerId", "3388000000077777777",
                "serviceAccountEmail", email, "privateKeyPem", pem)).status()).isEqualTo(200);
        String unsaved = "U" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", unsaved, "store", "BER-1")).status())
                .isEqualTo(201);
        assertThat(till.get("/api/v1/loyalty/members/" + loyaltyId + "/google-wallet").status()).isEqualTo(200);
        UUID memberId = jdbc.sql("SELECT id FROM loyalty_member WHERE tenant_id = :t AND loyalty_id = :l")
                .param("t", tenant.id()).param("l", loyaltyId).query(UUID.class).single();
        String objectId = "3388000000077777777." + memberId;

        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", 5,
                "reason", "goodwill")).status()).isEqualTo(200);
        assertThat(marketer.post("/api/v1/loyalty/members/" + unsaved + "/adjustments", Map.of("points", 5,
                "reason", "goodwill")).status()).isEqualTo(200);
        FakeProviders.Request patch = PROVIDERS.await(r -> r.googleWallet() && r.path().endsWith(objectId), 1).get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo(FakeProviders.GOOGLE + "/walletobjects/v1/loyaltyObject/" + objectId);
        assertThat(patch.header("authorization")).isEqualTo("Bearer " + FakeProviders.GOOGLE_ACCESS_TOKEN);
        assertThat(patch.json().path("loyaltyPoints").path("balance").path("int").asLong()).isEqualTo(15);

        // the token was asked for with a JWT the service account's key signed, for Wallet's scope
        var grants = PROVIDERS.requests(FakeProviders.Request::googleToken);
        FakeProviders.Request grant = grants.get(grants.size() - 1);
        assertThat(grant.form().get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        com.nimbusds.jwt.SignedJWT assertion = com.nimbusds.jwt.SignedJWT.parse(grant.form().get("assertion"));
        assertThat(assertion.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                (java.security.interfaces.RSAPublicKey) keys.getPublic()))).isTrue();
        KeyPair other = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThat(assertion.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                (java.security.interfaces.RSAPublicKey) other.getPublic()))).as("another key").isFalse();
        var claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(email);
        assertThat(claims.getAudience()).containsExactly(PROVIDERS.url() + FakeProviders.GOOGLE + "/token");
        assertThat(claims.getStringClaim("scope")).isEqualTo(GoogleWalletUpdates.SCOPE);
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());

        long deadline = System.currentTimeMillis() + 15_000;
        while (googleDue(memberId) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(googleDue(memberId)).isFalse();
        assertThat(PROVIDERS.requests(r -> r.googleWallet() && r.path().contains("3388000000077777777.")))
                .as("only the member a link was made for").hasSize(1);
    }

    @Test
    void theGoogleObjectIsUpdatedWithTheMembersTier() throws Exception {
        shop();
        assertThat(marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1, "unit", 100,
                "bonuses", Map.of("join", 5), "tiers", List.of(Map.of("name", "Silver", "threshold", 5)))).status())
                .isEqualTo(200);
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        assertThat(tenant.admin().put("/api/v1/loyalty/wallet/google", Map.of("issuerId", "3388000000077777778",
                "serviceAccountEmail", "wallet@shop-78.iam.gserviceaccount.com", "privateKeyPem", pem)).status())
                .isEqualTo(200);
        String loyaltyId = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1")).status())
                .isEqualTo(201);
        assertThat(till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().path("tier").asString())
                .isEqualTo("Silver");
        assertThat(till.get("/api/v1/loyalty/members/" + loyaltyId + "/google-wallet").status()).isEqualTo(200);
        UUID memberId = jdbc.sql("SELECT id FROM loyalty_member WHERE tenant_id = :t AND loyalty_id = :l")
                .param("t", tenant.id()).param("l", loyaltyId).query(UUID.class).single();

        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", 5,
                "reason", "goodwill")).status()).isEqualTo(200);
        FakeProviders.Request patch = PROVIDERS.await(r -> r.googleWallet()
                && r.path().endsWith("3388000000077777778." + memberId), 1).get(0);
        JsonNode tier = patch.json().path("textModulesData").path(0);
        assertThat(tier.path("header").asString()).isEqualTo("Tier");
        assertThat(tier.path("body").asString()).as("the card says the tier, as the save link did").isEqualTo("Silver");
    }

    private boolean googleDue(UUID memberId) {
        return jdbc.sql("SELECT update_due FROM loyalty_wallet_google_object WHERE member_id = :m")
                .param("m", memberId).query(Boolean.class).single();
    }

    private void awaitNothingDue(String serial) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (due(serial) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(due(serial)).isZero();
    }

    private int due(String serial) {
        return jdbc.sql("SELECT COUNT(*) FROM loyalty_wallet_device WHERE member_id = :m AND push_due = TRUE")
                .param("m", UUID.fromString(serial)).query(Integer.class).single();
    }

    private int registrations(String serial) {
        return jdbc.sql("SELECT COUNT(*) FROM loyalty_wallet_device WHERE member_id = :m")
                .param("m", UUID.fromString(serial)).query(Integer.class).single();
    }

    private String memberWith(long points) {
        shop();
        assertThat(marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100)).status()).isEqualTo(200);
        String loyaltyId = "A" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1")).status())
                .isEqualTo(201);
        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", points,
                "reason", "welcome")).status()).isEqualTo(200);
        return loyaltyId;
    }

    private JsonNode passJson(String loyaltyId) throws Exception {
        HttpResponse<byte[]> response = till.sendBytes(till.request(
                "/api/v1/loyalty/members/" + loyaltyId + "/pass.pkpass").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(files(response.body()).get("pass.json"));
    }

    private static Map<String, byte[]> files(byte[] pkpass) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(pkpass))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        return files;
    }

    private HttpRequest.Builder request(String method, String path, String authorization, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpResponse<byte[]> call(String method, String path, String authorization, String body)
            throws Exception {
        return HTTP.send(request(method, path, authorization, body).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
