package io.footbridge.loyalty.ledger;

import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.platform.Brand;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Apple Wallet store cards ({@code .pkpass}): pass.json with the member's number as a QR code, points and tier in
 * the brand's colours, a manifest of the files' SHA-1 digests, and a detached PKCS#7 signature of the manifest.
 * A tenant that configured its Pass Type ID certificate ({@link WalletIssuers}) gets passes signed with it; the
 * others get a development certificate made at start, which tools that check signatures accept but a phone won't.
 */
@Component
class WalletPasses {

    static final String PASS_TYPE = "pass.dev.footbridge.loyalty";
    static final String TEAM = "FOOTBRIDGE";

    private final JsonMapper json;
    private final MemberLinks links;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final WalletPassRegistry registry;
    private final io.footbridge.platform.HostedPages hosted;

    WalletPasses(JsonMapper json, MemberLinks links, WalletPassRegistry registry,
                 io.footbridge.platform.HostedPages hosted) {
        this.json = json;
        this.links = links;
        this.registry = registry;
        this.hosted = hosted;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=Footbridge development pass signer, O=Footbridge");
            Instant now = Instant.now();
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    keys.getPublic()).build(signer);
            this.certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make the development pass certificate", e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The signed pass of a member, as the bytes of a .pkpass archive; the tenant's signer when it has one. */
    byte[] pass(Brand brand, LoyaltyMembers.Member member, UUID serial, Optional<WalletIssuers.Apple> issuer) {
        WalletIssuers.Apple signer = issuer.orElseGet(() -> new WalletIssuers.Apple(PASS_TYPE, TEAM,
                keys.getPrivate(), certificate, List.of(), null));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("pass.json", passJson(brand, member, serial, signer));
        byte[] icon = icon(brand);
        files.put("icon.png", icon);
        files.put("logo.png", icon);
        ObjectNode manifest = json.createObjectNode();
        files.forEach((file, bytes) -> manifest.put(file, sha1(bytes)));
        byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        files.put("manifest.json", manifestBytes);
        files.put("signature", sign(manifestBytes, signer));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] passJson(Brand brand, LoyaltyMembers.Member member, UUID serial, WalletIssuers.Apple signer) {
        ObjectNode pass = json.createObjectNode()
                .put("formatVersion", 1)
                .put("passTypeIdentifier", signer.passTypeId())
                .put("teamIdentifier", signer.teamId())
                .put("serialNumber", serial.toString())
                .put("organizationName", brand.name())
                .put("description", brand.name() + " loyalty card")
                .put("logoText", brand.name())
                .put("backgroundColor", rgb(brand.primaryColor()))
                .put("foregroundColor", rgb(brand.onPrimary()))
                .put("labelColor", rgb(brand.onPrimary()))
                // where the phone registers for updates and fetches the pass again when its balance changes
                .put("webServiceURL", hosted.baseUrl() + AppleWalletService.PATH)
                .put("authenticationToken", registry.token(brand.tenantId(), serial));
        ArrayNode barcodes = pass.putArray("barcodes");
        barcodes.addObject().put("format", "PKBarcodeFormatQR").put("message", member.loyaltyId())
                .put("messageEncoding", "iso-8859-1").put("altText", member.loyaltyId());
        ObjectNode card = pass.putObject("storeCard");
        card.putArray("primaryFields").addObject().put("key", "points").put("label", "Points")
                .put("value", member.available());
        ArrayNode secondary = card.putArray("secondaryFields");
        secondary.addObject().put("key", "tier").put("label", "Tier")
                .put("value", member.tier() == null ? "–" : member.tier());
        secondary.addObject().put("key", "pending").put("label", "Pending").put("value", member.pending());
        ArrayNode back = card.putArray("backFields");
        back.addObject().put("key", "number").put("label", "Member number").put("value", member.loyaltyId());
        // the card is where members look for their page: the link on its back opens it without a sign-in
        back.addObject().put("key", "page").put("label", "Your member page")
                .put("value", links.url(brand.tenantId(), serial, java.time.Instant.now()));
        return pass.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A detached CMS signature (PKCS#7) of the manifest with the signing certificate and its chain. */
    private static byte[] sign(byte[] manifest, WalletIssuers.Apple signer) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.key()),
                            signer.certificate()));
            List<X509Certificate> certificates = new java.util.ArrayList<>(List.of(signer.certificate()));
            certificates.addAll(signer.chain());
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSProcessableByteArray(manifest), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the pass", e);
        }
    }

    /** A plain square in the brand's colour: Wallet needs an icon; the brand's own logo is a later step. */
    private static byte[] icon(Brand brand) {
        BufferedImage image = new BufferedImage(58, 58, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(Color.decode(brand.primaryColor()));
        graphics.fillRect(0, 0, 58, 58);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rgb(String hex) {
        Color colour = Color.decode(hex);
        return "rgb(" + colour.getRed() + "," + colour.getGreen() + "," + colour.getBlue() + ")";
    }
}
