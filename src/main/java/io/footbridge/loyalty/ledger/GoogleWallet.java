package io.footbridge.loyalty.ledger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.platform.Brand;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Save to Google Wallet" links: a JWT signed RS256 with the tenant's service-account key whose payload carries the
 * brand's loyalty class and the member's loyalty object, so Google creates both when the member saves the card;
 * nothing is called at Google beforehand. The object id is the member's internal id, never the loyalty number.
 */
@Component
class GoogleWallet {

    static final String SAVE = "https://pay.google.com/gp/v/save/";
    static final String CLASS_SUFFIX = "footbridge-loyalty";

    private final JsonMapper json;
    private final MemberLinks links;
    private final WalletPassRegistry registry;

    GoogleWallet(JsonMapper json, MemberLinks links, WalletPassRegistry registry) {
        this.json = json;
        this.links = links;
        this.registry = registry;
    }

    /** The save link for a member; its JWT is all Google needs. */
    String saveUrl(WalletIssuers.Google issuer, Brand brand, LoyaltyMembers.Member member, UUID serial) {
        registry.googleLinked(brand.tenantId(), serial);
        return SAVE + jwt(issuer, brand, member, serial, Instant.now());
    }

    String jwt(WalletIssuers.Google issuer, Brand brand, LoyaltyMembers.Member member, UUID serial, Instant now) {
        String classId = issuer.issuerId() + "." + CLASS_SUFFIX;
        ObjectNode loyaltyClass = json.createObjectNode()
                .put("id", classId)
                .put("issuerName", brand.name())
                .put("programName", brand.name())
                .put("hexBackgroundColor", brand.primaryColor())
                .put("reviewStatus", "UNDER_REVIEW");
        if (brand.logoUrl() != null && brand.logoUrl().startsWith("https://")) {
            loyaltyClass.putObject("programLogo").putObject("sourceUri").put("uri", brand.logoUrl());
        }
        ObjectNode object = json.createObjectNode()
                .put("id", issuer.issuerId() + "." + serial)
                .put("classId", classId)
                .put("state", "ACTIVE")
                .put("accountId", member.loyaltyId());
        object.putObject("barcode").put("type", "QR_CODE").put("value", member.loyaltyId())
                .put("alternateText", member.loyaltyId());
        object.putObject("loyaltyPoints").put("label", "Points").putObject("balance").put("int", member.available());
        object.putObject("secondaryLoyaltyPoints").put("label", "Pending").putObject("balance")
                .put("int", member.pending());
        if (member.tier() != null) {
            tier(object, member.tier());
        }
        String page = links.url(brand.tenantId(), serial, now);
        // Google shows only https links; a test installation on http://localhost goes without
        if (page.startsWith("https://")) {
            object.putObject("linksModuleData").putArray("uris").addObject().put("id", "member-page")
                    .put("uri", page).put("description", "Your member page");
        }
        Map<String, Object> payload = Map.of(
                "loyaltyClasses", List.of(json.convertValue(loyaltyClass, Map.class)),
                "loyaltyObjects", List.of(json.convertValue(object, Map.class)));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer.serviceAccountEmail())
                .audience("google")
                .claim("typ", "savetowallet")
                .issueTime(Date.from(now))
                .claim("origins", List.of())
                .claim("payload", payload)
                .build();
        return signed(issuer, claims);
    }

    /** The member's tier as the card's text module ({@code textModulesData}); none for a member without a tier. */
    static void tier(ObjectNode object, String tier) {
        var modules = object.putArray("textModulesData");
        if (tier != null) {
            modules.addObject().put("id", "tier").put("header", "Tier").put("body", tier);
        }
    }

    /** The claims as a JWT signed RS256 with the service account's key, serialized. */
    static String signed(WalletIssuers.Google issuer, JWTClaimsSet claims) {
        SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            signed.sign(new RSASSASigner(issuer.key()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the Google service account key", e);
        }
        return signed.serialize();
    }
}
