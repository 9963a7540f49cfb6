package io.footbridge.platform.signing;

import io.footbridge.platform.Signatures;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** HMAC-SHA256 over the purpose and the payload; the key is made on first use and kept in {@code signing_key}. */
@Component
class HmacSignatures implements Signatures {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private volatile byte[] key;

    HmacSignatures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String sign(String purpose, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(purpose, bytes));
    }

    @Override
    public Optional<String> verify(String purpose, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(token.substring(0, dot));
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            return MessageDigest.isEqual(signature, mac(purpose, payload))
                    ? Optional.of(new String(payload, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    @Override
    public String digest(String purpose, String value) {
        return ENCODER.encodeToString(mac(purpose, value.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] mac(String purpose, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] current = key;
        if (current == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            // the first node to get here makes the key; the others read the same one
            jdbc.sql("""
                            INSERT INTO signing_key (name, secret, created_at) VALUES ('default', :secret, :now)
                            ON CONFLICT DO NOTHING
                            """)
                    .param("secret", Base64.getEncoder().encodeToString(fresh)).param("now", Timestamps.now()).update();
            current = Base64.getDecoder().decode(jdbc.sql("SELECT secret FROM signing_key WHERE name = 'default'")
                    .query(String.class).single());
            key = current;
        }
        return current;
    }
}
