package io.footbridge.loyalty.ledger;

import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A tenant's own wallet issuers: the Google Wallet issuer with the service-account key that signs save links, and
 * the Apple Pass Type ID certificate that signs passes. Keys are checked when given (a key that does not open is a
 * 400 naming the field), kept in the tenant's rows like the project's other secrets, and never answered.
 */
@Component
class WalletIssuers {

    private static final Pattern ISSUER_ID = Pattern.compile("[0-9]{1,25}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,200}@[^@\\s]{1,100}\\.[^@\\s]{1,20}");
    private static final Pattern PASS_TYPE = Pattern.compile("pass\\.[A-Za-z0-9.-]{1,240}");
    private static final Pattern TEAM = Pattern.compile("[A-Z0-9]{10}");

    /** The Google issuer with its key, parsed. */
    record Google(String issuerId, String serviceAccountEmail, RSAPrivateKey key, Instant updatedAt) {
    }

    /** The Apple signer: the Pass Type ID certificate, its key and any chain the PKCS#12 carries (Apple's WWDR). */
    record Apple(String passTypeId, String teamId, PrivateKey key, X509Certificate certificate,
                 List<X509Certificate> chain, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    WalletIssuers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Google saveGoogle(UUID tenantId, WalletRequests.GoogleIssuer request) {
        required("issuerId", request.issuerId(), 32);
        required("serviceAccountEmail", request.serviceAccountEmail(), 320);
        required("privateKeyPem", request.privateKeyPem(), 20000);
        if (!ISSUER_ID.matcher(request.issuerId()).matches()) {
            throw ProblemException.invalid("issuerId", "is the Google Wallet issuer id, digits only");
        }
        if (!EMAIL.matcher(request.serviceAccountEmail()).matches()) {
            throw ProblemException.invalid("serviceAccountEmail", "is not an e-mail address");
        }
        RSAPrivateKey key = rsaKey(request.privateKeyPem());
        Instant now = Instant.now();
        Map<String, Object> row = Map.of("t", tenantId, "issuer", request.issuerId(),
                "email", request.serviceAccountEmail(), "pem", request.privateKeyPem(), "now", Timestamps.of(now));
        upsert("""
                UPDATE loyalty_wallet_google SET issuer_id = :issuer, service_account_email = :email,
                    private_key_pem = :pem, updated_at = :now WHERE tenant_id = :t
                """, """
                INSERT INTO loyalty_wallet_google (tenant_id, issuer_id, service_account_email, private_key_pem,
                                                   updated_at)
                VALUES (:t, :issuer, :email, :pem, :now) ON CONFLICT DO NOTHING
                """, row);
        return new Google(request.issuerId(), request.serviceAccountEmail(), key, now);
    }

    Optional<Google> google(UUID tenantId) {
        return jdbc.sql("""
                        SELECT issuer_id, service_account_email, private_key_pem, updated_at
                        FROM loyalty_wallet_google WHERE tenant_id = :t
                        """).param("t", tenantId)
                .query((rs, n) -> new Google(rs.getString("issuer_id"), rs.getString("service_account_email"),
                        rsaKey(rs.getString("private_key_pem")),
                        rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant()))
                .optional();
    }

    Apple saveApple(UUID tenantId, WalletRequests.AppleIssuer request) {
        required("passTypeId", request.passTypeId(), 255);
        required("teamId", request.teamId(), 10);
        required("certificate", request.certificate(), 100000);
        if (!PASS_TYPE.matcher(request.passTypeId()).matches()) {
            throw ProblemException.invalid("passTypeId", "is a Pass Type ID such as pass.com.example.loyalty");
        }
        if (!TEAM.matcher(request.teamId()).matches()) {
            throw ProblemException.invalid("teamId", "is the ten-character Apple team id");
        }
        String password = request.password() == null ? "" : request.password();
        Apple apple = apple(request.passTypeId(), request.teamId(), request.certificate(), password, Instant.now());
        Map<String, Object> row = Map.of("t", tenantId, "type", request.passTypeId(), "team", request.teamId(),
                "pkcs12", request.certificate().strip(), "password", password,
                "now", Timestamps.of(apple.updatedAt()));
        upsert("""
                UPDATE loyalty_wallet_apple SET pass_type_id = :type, team_id = :team, pkcs12 = :pkcs12,
                    password = :password, updated_at = :now WHERE tenant_id = :t
                """, """
                INSERT INTO loyalty_wallet_apple (tenant_id, pass_type_id, team_id, pkcs12, password, updated_at)
                VALUES (:t, :type, :team, :pkcs12, :password, :now) ON CONFLICT DO NOTHING
                """, row);
        return apple;
    }

    Optional<Apple> apple(UUID tenantId) {
        return jdbc.sql("""
                        SELECT pass_type_id, team_id, pkcs12, password, updated_at
                        FROM loyalty_wallet_apple WHERE tenant_id = :t
                        """).param("t", tenantId)
                .query((rs, n) -> apple(rs.getString("pass_type_id"), rs.getString("team_id"),
                        rs.getString("pkcs12"), rs.getString("password"),
                        rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant()))
                .optional();
    }

    /**
     * Update, else insert; an insert that lost a race to another admin's updates the row it lost to, so two saves at
     * once both answer 200 and the later one stays (a delete and insert would have answered one of them 500).
     */
    private void upsert(String update, String insert, Map<String, Object> row) {
        if (jdbc.sql(update).params(row).update() == 0 && jdbc.sql(insert).params(row).update() == 0) {
            jdbc.sql(update).params(row).update();
        }
    }

    /** The console's forms come without bean validation, so the store checks what the API's body checks too. */
    private static void required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "must not be blank");
        }
        if (value.length() > max) {
            throw ProblemException.invalid(field, "is longer than " + max + " characters");
        }
    }

    /** Forgets a tenant's issuer; passes and links fall back as if none had been given. */
    void remove(UUID tenantId, String wallet) {
        String table = "google".equals(wallet) ? "loyalty_wallet_google" : "loyalty_wallet_apple";
        jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = :t").param("t", tenantId).update();
    }

    /** An RSA private key from PEM, PKCS#8 ("PRIVATE KEY", as in a service account's JSON) or PKCS#1. */
    private static RSAPrivateKey rsaKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem.replace("\\n", "\n")))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key = null;
            if (read instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else if (read instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            }
            if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() >= 2048) {
                return rsa;
            }
        } catch (IOException | RuntimeException e) {
            // falls through to the problem below: what the key held is not repeated
        }
        throw ProblemException.invalid("privateKeyPem", "is not an RSA private key (2048 bits or more) in PEM");
    }

    private static Apple apple(String passTypeId, String teamId, String base64, String password, Instant at) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("certificate", "is not base64");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password.toCharArray());
        } catch (IOException e) {
            throw ProblemException.invalid(e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "password" : "certificate", "does not open the PKCS#12 file");
        } catch (GeneralSecurityException e) {
            throw ProblemException.invalid("certificate", "is not a PKCS#12 file");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)
                        && store.getKey(alias, password.toCharArray()) instanceof PrivateKey key
                        && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    List<X509Certificate> chain = new ArrayList<>();
                    Certificate[] certificates = store.getCertificateChain(alias);
                    for (int i = 1; certificates != null && i < certificates.length; i++) {
                        chain.add((X509Certificate) certificates[i]);
                    }
                    return new Apple(passTypeId, teamId, key, certificate, List.copyOf(chain), at);
                }
            }
        } catch (GeneralSecurityException e) {
            throw ProblemException.invalid("password", "does not open the key in the PKCS#12 file");
        }
        throw ProblemException.invalid("certificate", "holds no private key with its certificate");
    }
}
