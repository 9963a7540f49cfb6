package io.footbridge.platform.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fbk_<lookup id>_<random>}: the lookup id finds the row, the whole secret is checked against its SHA-256.
 * A fast hash is enough here: the secret carries 256 random bits, so there is nothing to brute-force.
 */
record ApiKeySecret(String lookupId, String value) {

    private static final Pattern FORMAT = Pattern.compile("fbk_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] LOOKUP_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    static ApiKeySecret generate() {
        StringBuilder lookup = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            lookup.append(LOOKUP_ALPHABET[RANDOM.nextInt(LOOKUP_ALPHABET.length)]);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String lookupId = lookup.toString();
        return new ApiKeySecret(lookupId,
                "fbk_" + lookupId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    static Optional<ApiKeySecret> parse(String value) {
        Matcher matcher = FORMAT.matcher(value);
        return matcher.matches() ? Optional.of(new ApiKeySecret(matcher.group(1), value)) : Optional.empty();
    }

    String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time, so the comparison does not tell an attacker how much of a guess was right. */
    boolean matches(String storedHash) {
        return MessageDigest.isEqual(hash().getBytes(StandardCharsets.US_ASCII),
                storedHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    String prefix() {
        return "fbk_" + lookupId;
    }
}
