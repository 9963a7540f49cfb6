package io.footbridge.console;

import io.footbridge.receipts.ReceiptsTestSupport;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wallet cards in the console: the member page and the till offer "Add to Apple Wallet" and "Save to Google Wallet"
 * (in English and German), and an admin sets the brand's issuers on the wallet page, whose keys never come back.
 */
class WalletPagesTests extends ReceiptsTestSupport {

    private ConsoleClient console;
    private String loyaltyId;

    @BeforeEach
    void aMember() {
        shop();
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
        assertThat(marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100)).status()).isEqualTo(200);
        loyaltyId = "P" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1")).status())
                .isEqualTo(201);
    }

    @Test
    void theMemberPageAndTheTillOfferBothWalletsAndGoogleLeadsToItsSavePageOnceAnIssuerIsSet() throws Exception {
        String member = console.get("/console/loyalty/member?number=" + loyaltyId).body();
        assertThat(member).contains("Add to Apple Wallet").contains("Save to Google Wallet")
                .contains("development certificate");
        assertThat(console.get("/console/loyalty/member?number=" + loyaltyId + "&lang=de").body())
                .contains("Zu Apple Wallet hinzufügen").contains("In Google Wallet speichern");
        assertThat(console.get("/console/till?store=BER-1&lang=en&q=" + loyaltyId).body())
                .contains("/console/loyalty/member/pass.pkpass?number=" + loyaltyId)
                .contains("/console/loyalty/member/google-wallet?number=" + loyaltyId);

        HttpResponse<String> pass = console.get("/console/loyalty/member/pass.pkpass?number=" + loyaltyId);
        assertThat(pass.statusCode()).isEqualTo(200);
        assertThat(pass.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.apple.pkpass");
        assertThat(console.get("/console/loyalty/member/pass.pkpass?number=NOBODY").statusCode()).isEqualTo(404);

        HttpResponse<String> noIssuer = console.get("/console/loyalty/member/google-wallet?number=" + loyaltyId);
        assertThat(noIssuer.statusCode()).isEqualTo(302);
        assertThat(noIssuer.headers().firstValue("Location").orElse("")).contains("/console/loyalty/member");

        String page = console.get("/console/loyalty/wallet").body();
        assertThat(page).contains("Not set").contains("Cards on phones update themselves");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        HttpResponse<String> refused = console.post("/console/loyalty/wallet/google", ConsoleClient.csrf(page),
                Map.of("issuerId", "3388000000012345678", "serviceAccountEmail", "w@p.iam.gserviceaccount.com",
                        "privateKeyPem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"privateKeyPem-error\"").contains("3388000000012345678");
        HttpResponse<String> saved = console.post("/console/loyalty/wallet/google", ConsoleClient.csrf(page),
                Map.of("issuerId", "3388000000012345678", "serviceAccountEmail", "w@p.iam.gserviceaccount.com",
                        "privateKeyPem", pem));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        String after = console.get("/console/loyalty/wallet").body();
        assertThat(after).contains("Issuer 3388000000012345678").doesNotContain(body.substring(0, 64));

        HttpResponse<String> google = console.get("/console/loyalty/member/google-wallet?number=" + loyaltyId);
        assertThat(google.statusCode()).isEqualTo(302);
        assertThat(google.headers().firstValue("Location").orElse("")).startsWith("https://pay.google.com/gp/v/save/");
    }

    @Test
    void anAdminUploadsThePassCertificateAndAWrongPasswordIsRefusedAtItsField() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Pass Type ID: pass.com.example.console");
        var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                name, keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("pass", keys.getPrivate(), "pw".toCharArray(), new Certificate[]{certificate});
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        store.store(p12, "pw".toCharArray());

        String page = console.get("/console/loyalty/wallet").body();
        String base64 = Base64.getEncoder().encodeToString(p12.toByteArray());
        HttpResponse<String> refused = console.post("/console/loyalty/wallet/apple", ConsoleClient.csrf(page),
                Map.of("passTypeId", "pass.com.example.console", "teamId", "ABCDE12345", "password", "wrong",
                        "certificate", base64));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"password-error\"");
        HttpResponse<String> noFile = console.post("/console/loyalty/wallet/apple", ConsoleClient.csrf(page),
                Map.of("passTypeId", "pass.com.example.console", "teamId", "ABCDE12345", "password", "pw"));
        assertThat(noFile.body()).contains("id=\"certificate-error\"");
        HttpResponse<String> saved = console.post("/console/loyalty/wallet/apple", ConsoleClient.csrf(page),
                Map.of("passTypeId", "pass.com.example.console", "teamId", "ABCDE12345", "password", "pw",
                        "certificate", base64));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(console.get("/console/loyalty/wallet").body()).contains("Pass type pass.com.example.console");
        assertThat(console.get("/console/loyalty/member?number=" + loyaltyId).body())
                .doesNotContain("development certificate");
        assertThat(console.get("/console/loyalty/wallet?lang=de").body()).contains("<h1>Wallet-Karten</h1>");
    }
}
