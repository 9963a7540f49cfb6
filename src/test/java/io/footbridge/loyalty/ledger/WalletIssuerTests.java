package io.footbridge.loyalty.ledger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.footbridge.receipts.ReceiptsTestSupport;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
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

/** A tenant's own wallet issuers: Google save links signed with its service account, Apple passes with its cert. */
class WalletIssuerTests extends ReceiptsTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aGoogleSaveLinkIsAJwtSignedWithTheTenantsServiceAccountKeyCarryingTheMembersBalance() throws Exception {
        String loyaltyId = memberWith(42);
        var notYet = till.get("/api/v1/loyalty/members/" + loyaltyId + "/google-wallet");
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.json().path("type").asString()).endsWith("loyalty-google-wallet-not-configured");

        KeyPair keys = rsa();
        String pem = pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        Map<String, Object> body = Map.of("issuerId", "3388000000022222222",
                "serviceAccountEmail", "wallet@shop-123.iam.gserviceaccount.com", "privateKeyPem", pem);
        assertThat(marketer.put("/api/v1/loyalty/wallet/google", body).status()).as("not an admin").isEqualTo(403);
        var saved = tenant.admin().put("/api/v1/loyalty/wallet/google", body);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().path("issuerId").asString()).isEqualTo("3388000000022222222");
        String secretPart = pem.split("\n")[1];
        assertThat(saved.raw().body()).doesNotContain(secretPart).doesNotContain("privateKey");
        var read = tenant.admin().get("/api/v1/loyalty/wallet");
        assertThat(read.json().path("google").path("serviceAccountEmail").asString())
                .isEqualTo("wallet@shop-123.iam.gserviceaccount.com");
        assertThat(read.raw().body()).doesNotContain(secretPart);

        var link = till.get("/api/v1/loyalty/members/" + loyaltyId + "/google-wallet");
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        String url = link.json().path("saveUrl").asString();
        assertThat(url).startsWith("https://pay.google.com/gp/v/save/");
        SignedJWT jwt = SignedJWT.parse(url.substring("https://pay.google.com/gp/v/save/".length()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) rsa().getPublic()))).as("another key").isFalse();

        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("wallet@shop-123.iam.gserviceaccount.com");
        assertThat(claims.getAudience()).containsExactly("google");
        assertThat(claims.getStringClaim("typ")).isEqualTo("savetowallet");
        JsonNode payload = JSON.valueToTree(claims.getJSONObjectClaim("payload"));
        JsonNode object = payload.path("loyaltyObjects").get(0);
        assertThat(object.path("loyaltyPoints").path("balance").path("int").asLong()).isEqualTo(42);
        assertThat(object.path("accountId").asString()).isEqualTo(loyaltyId);
        assertThat(object.path("barcode").path("value").asString()).isEqualTo(loyaltyId);
        assertThat(object.path("id").asString()).startsWith("3388000000022222222.").doesNotContain(loyaltyId);
        assertThat(object.path("classId").asString())
                .isEqualTo(payload.path("loyaltyClasses").get(0).path("id").asString())
                .startsWith("3388000000022222222.");

        // another tenant neither sees the member nor signs with this tenant's key
        TestTenant other = newTenant();
        other.createStore("BER-1");
        var otherTill = anonymous.bearer(other.createKey("till", "BER-1", "pos"));
        assertThat(otherTill.get("/api/v1/loyalty/members/" + loyaltyId + "/google-wallet").status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/loyalty/wallet").json().path("google").isNull()).isTrue();
    }

    @Test
    void aGoogleIssuerThatIsWrongIsRefusedNamingTheFieldAndKeepsTheOneBefore() throws Exception {
        shop();
        var admin = tenant.admin();
        String pem = pem("PRIVATE KEY", rsa().getPrivate().getEncoded());
        Map<String, Object> good = Map.of("issuerId", "3388000000011111111",
                "serviceAccountEmail", "a@b.iam.gserviceaccount.com", "privateKeyPem", pem);
        assertThat(admin.put("/api/v1/loyalty/wallet/google", good).status()).isEqualTo(200);

        var notAKey = admin.put("/api/v1/loyalty/wallet/google", Map.of("issuerId", "3388000000022222222",
                "serviceAccountEmail", "a@b.iam.gserviceaccount.com", "privateKeyPem",
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"));
        assertThat(notAKey.status()).isEqualTo(400);
        assertThat(notAKey.errorFields()).containsExactly("privateKeyPem");
        assertThat(notAKey.raw().body()).doesNotContain("bm90IGEga2V5");
        var letters = admin.put("/api/v1/loyalty/wallet/google", Map.of("issuerId", "abc",
                "serviceAccountEmail", "a@b.iam.gserviceaccount.com", "privateKeyPem", pem));
        assertThat(letters.errorFields()).containsExactly("issuerId");
        var missing = admin.put("/api/v1/loyalty/wallet/google", Map.of("issuerId", "1"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).contains("serviceAccountEmail", "privateKeyPem");
        assertThat(admin.put("/api/v1/loyalty/wallet/google", "{\"issuerId\": ").status()).isEqualTo(400);
        assertThat(admin.put("/api/v1/loyalty/wallet/google", "{\"issuerId\": [1]}").status()).isEqualTo(400);
        assertThat(admin.put("/api/v1/loyalty/wallet/google", Map.of("issuerId", "1",
                "serviceAccountEmail", "a@b.iam.gserviceaccount.com", "privateKeyPem", "x".repeat(30000)))
                .errorFields()).containsExactly("privateKeyPem");
        var ecKey = admin.put("/api/v1/loyalty/wallet/google", Map.of("issuerId", "1",
                "serviceAccountEmail", "a@b.iam.gserviceaccount.com", "privateKeyPem",
                pem("PRIVATE KEY", KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded())));
        assertThat(ecKey.errorFields()).as("RS256 needs an RSA key").containsExactly("privateKeyPem");
        assertThat(admin.get("/api/v1/loyalty/wallet").json().path("google").path("issuerId").asString())
                .isEqualTo("3388000000011111111");
        assertThat(admin.delete("/api/v1/loyalty/wallet/google").status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/loyalty/wallet").json().path("google").isNull()).isTrue();
    }

    @Test
    void adminsSettingTheGoogleIssuerAtOnceAllSucceedAndOneOfThemStays() throws Exception {
        shop();
        String pem = pem("PRIVATE KEY", rsa().getPrivate().getEncoded());
        var admin = tenant.admin();
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                String issuerId = "33880000000000000" + i;
                answers.add(pool.submit(() -> admin.put("/api/v1/loyalty/wallet/google", Map.of("issuerId", issuerId,
                        "serviceAccountEmail", "a@b.iam.gserviceaccount.com", "privateKeyPem", pem)).status()));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(admin.get("/api/v1/loyalty/wallet").json().path("google").path("issuerId").asString())
                .startsWith("33880000000000000");
    }

    @Test
    void aTenantsOwnPassCertificateSignsItsPassesWithItsPassTypeAndTeamAndOthersKeepTheDevelopmentOne()
            throws Exception {
        String loyaltyId = memberWith(7);
        KeyPair caKeys = rsa();
        X509Certificate ca = certificate("CN=Test WWDR CA", caKeys, "CN=Test WWDR CA", caKeys, true);
        KeyPair passKeys = rsa();
        X509Certificate leaf = certificate("CN=Pass Type ID: pass.com.example.points", passKeys, "CN=Test WWDR CA",
                caKeys, false);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("pass", passKeys.getPrivate(), "s3cret".toCharArray(), new Certificate[]{leaf, ca});
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        store.store(p12, "s3cret".toCharArray());
        String certificate = Base64.getEncoder().encodeToString(p12.toByteArray());
        var admin = tenant.admin();

        var wrongPassword = admin.put("/api/v1/loyalty/wallet/apple", Map.of("passTypeId", "pass.com.example.points",
                "teamId", "A1B2C3D4E5", "certificate", certificate, "password", "guess"));
        assertThat(wrongPassword.status()).isEqualTo(400);
        assertThat(wrongPassword.errorFields()).containsExactly("password");
        var notBase64 = admin.put("/api/v1/loyalty/wallet/apple", Map.of("passTypeId", "pass.com.example.points",
                "teamId", "A1B2C3D4E5", "certificate", "%%%", "password", "s3cret"));
        assertThat(notBase64.errorFields()).containsExactly("certificate");
        var notPkcs12 = admin.put("/api/v1/loyalty/wallet/apple", Map.of("passTypeId", "pass.com.example.points",
                "teamId", "A1B2C3D4E5", "certificate", "aGVsbG8=", "password", "s3cret"));
        assertThat(notPkcs12.errorFields()).containsExactly("certificate");
        var badTeam = admin.put("/api/v1/loyalty/wallet/apple", Map.of("passTypeId", "pass.com.example.points",
                "teamId", "team", "certificate", certificate, "password", "s3cret"));
        assertThat(badTeam.errorFields()).containsExactly("teamId");
        assertThat(marketer.put("/api/v1/loyalty/wallet/apple", Map.of("passTypeId", "pass.com.example.points",
                "teamId", "A1B2C3D4E5", "certificate", certificate, "password", "s3cret")).status()).isEqualTo(403);
        assertThat(passJson(till, loyaltyId).path("passTypeIdentifier").asString())
                .as("refused changes leave the development certificate").isEqualTo(WalletPasses.PASS_TYPE);

        var saved = admin.put("/api/v1/loyalty/wallet/apple", Map.of("passTypeId", "pass.com.example.points",
                "teamId", "A1B2C3D4E5", "certificate", certificate, "password", "s3cret"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().path("certificateSubject").asString()).contains("pass.com.example.points");
        assertThat(saved.raw().body()).doesNotContain("s3cret").doesNotContain(certificate.substring(0, 40));

        Map<String, byte[]> files = pkpass(till, loyaltyId);
        JsonNode pass = JSON.readTree(files.get("pass.json"));
        assertThat(pass.path("passTypeIdentifier").asString()).isEqualTo("pass.com.example.points");
        assertThat(pass.path("teamIdentifier").asString()).isEqualTo("A1B2C3D4E5");
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(files.get("manifest.json")),
                files.get("signature"));
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(leaf))).isTrue();
        assertThat(signed.getCertificates().getMatches(null)).as("the chain goes with the signature")
                .contains(new X509CertificateHolder(leaf.getEncoded()), new X509CertificateHolder(ca.getEncoded()));

        TestTenant other = newTenant();
        other.createStore("BER-1");
        other.admin().put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1, "unit", 100));
        var otherTill = anonymous.bearer(other.createKey("till", "BER-1", "pos"));
        String theirs = "O" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(otherTill.post("/api/v1/loyalty/members", Map.of("loyaltyId", theirs, "store", "BER-1"))
                .status()).isEqualTo(201);
        assertThat(passJson(otherTill, theirs).path("passTypeIdentifier").asString())
                .isEqualTo(WalletPasses.PASS_TYPE);
    }

    private String memberWith(long points) {
        shop();
        assertThat(marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100)).status()).isEqualTo(200);
        String loyaltyId = "G" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1")).status())
                .isEqualTo(201);
        assertThat(marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", points,
                "reason", "welcome")).status()).isEqualTo(200);
        return loyaltyId;
    }

    private static JsonNode passJson(io.footbridge.ApiClient client, String loyaltyId) throws Exception {
        return JSON.readTree(pkpass(client, loyaltyId).get("pass.json"));
    }

    private static Map<String, byte[]> pkpass(io.footbridge.ApiClient client, String loyaltyId) throws Exception {
        HttpResponse<byte[]> response = client.sendBytes(client.request(
                "/api/v1/loyalty/members/" + loyaltyId + "/pass.pkpass").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        return files;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               boolean ca) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }
}
