package io.footbridge.platform;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Signs what is handed to a customer's browser and must come back unchanged (a portal visit's parameters, later
 * unsubscribe and preference links), with a key the installation keeps in its database so every node agrees.
 */
public interface Signatures {

    /** A URL-safe token carrying the payload, signed for this purpose only. */
    String sign(String purpose, String payload);

    /** The payload, if the token is intact and was signed for this purpose. */
    Optional<String> verify(String purpose, String token);

    /**
     * A keyed one-way digest of a value (URL-safe): the same value always gives the same digest on this
     * installation, and without the key nobody can test guesses against it, as they could against a plain hash of
     * an email address.
     */
    String digest(String purpose, String value);

    /**
     * How outgoing webhooks are signed: the HMAC-SHA256 of the exact body with the receiver's secret, in hex, sent
     * as {@code X-Footbridge-Signature: sha256=<hex>} so the receiver can check the call came from here unchanged.
     */
    static String webhook(String secret, String body) {
        return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, secret.getBytes(StandardCharsets.UTF_8))
                .hmacHex(body.getBytes(StandardCharsets.UTF_8));
    }
}
