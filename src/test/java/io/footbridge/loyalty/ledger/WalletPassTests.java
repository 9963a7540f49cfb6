package io.footbridge.loyalty.ledger;

import io.footbridge.receipts.ReceiptsTestSupport;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.util.Store;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Apple Wallet card: its files, their SHA-1 digests in the manifest, and the manifest's detached signature. */
class WalletPassTests extends ReceiptsTestSupport {

    @Test
    void aMembersPassHasTheirNumberAndPointsAndASignatureThatVerifiesOverItsManifest() throws Exception {
        shop();
        var programme = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100));
        assertThat(programme.status()).isEqualTo(200);
        String loyaltyId = "W" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1")).status())
                .isEqualTo(201);
        marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", 42,
                "reason", "welcome"));

        String key = tenant.createKey("wallet", "BER-1", "pos");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/v1/loyalty/members/" + loyaltyId + "/pass.pkpass"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.apple.pkpass");

        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(files).containsKeys("pass.json", "manifest.json", "signature", "icon.png");
        JsonMapper json = JsonMapper.builder().build();
        JsonNode pass = json.readTree(files.get("pass.json"));
        assertThat(pass.path("barcodes").get(0).path("message").asString()).isEqualTo(loyaltyId);
        assertThat(pass.path("storeCard").path("primaryFields").get(0).path("value").asLong()).isEqualTo(42);
        JsonNode manifest = json.readTree(files.get("manifest.json"));
        for (String file : new String[]{"pass.json", "icon.png", "logo.png"}) {
            assertThat(manifest.path(file).asString()).as(file).isEqualTo(WalletPasses.sha1(files.get(file)));
        }
        assertThat(manifest.has("signature")).isFalse();

        assertThat(verifies(files.get("manifest.json"), files.get("signature"))).isTrue();
        byte[] forged = new String(files.get("manifest.json"), StandardCharsets.UTF_8).replace("\"pass.json\":\"",
                "\"pass.json\":\"0").getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(forged, files.get("signature"))).as("a changed manifest").isFalse();

        TestTenant other = newTenant();
        other.createStore("BER-1");
        var otherTill = anonymous.bearer(other.createKey("till", "BER-1", "pos"));
        assertThat(otherTill.get("/api/v1/loyalty/members/" + loyaltyId + "/pass.pkpass").status()).isEqualTo(404);
    }

    /** Verifies the detached signature with BouncyCastle's CMS, using the certificate the signature carries. */
    @SuppressWarnings("unchecked")
    private static boolean verifies(byte[] manifest, byte[] signature) throws Exception {
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(manifest), signature);
        Store<X509CertificateHolder> certificates = signed.getCertificates();
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder certificate = (X509CertificateHolder) certificates.getMatches(signer.getSID())
                .iterator().next();
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
        } catch (org.bouncycastle.cms.CMSSignerDigestMismatchException mismatch) {
            return false;
        }
    }
}
