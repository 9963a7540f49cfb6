package io.footbridge.offers.coupon;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The format of coupon codes: an optional prefix, random characters and one check character, all from an alphabet
 * of 31 symbols that leaves out the look-alikes 0/O, 1/I/L, so a code read off a phone or spoken aloud is typed
 * right, and a code that does contain one of them was mistyped. 31 is prime, which is what lets the check
 * character, the position-weighted sum of the others modulo 31, catch every single wrong character and every swap
 * of two neighbours (including a swap with the check character itself).
 */
final class CouponCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int BASE = ALPHABET.length();
    static final int MIN_LENGTH = 6;
    static final int MAX_LENGTH = 16;
    static final int MAX_PREFIX = 8;
    /** Prefix, random part and check character; weights stay below the modulus, so none is a multiple of it. */
    static final int MAX_TOTAL = MAX_PREFIX + MAX_LENGTH + 1;
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUE[ALPHABET.charAt(i)] = i;
        }
    }

    private CouponCodes() {
    }

    /**
     * What a person typed or a scanner read, as stored: upper case, without spaces, dashes and dots. Null when
     * something other than letters and digits is left.
     */
    static String normalise(String input) {
        if (input == null) {
            return null;
        }
        StringBuilder code = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c) || c == '-' || c == '\u2013' || c == '\u2014' || c == '.' || c == '_') {
                continue;
            }
            char upper = Character.toUpperCase(c);
            if (!(upper >= 'A' && upper <= 'Z' || upper >= '0' && upper <= '9')) {
                return null;
            }
            code.append(upper);
        }
        return code.toString();
    }

    static boolean inAlphabet(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128 || VALUE[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /** The check character for a code without it. */
    static char check(CharSequence withoutCheck) {
        int sum = 0;
        for (int i = 0; i < withoutCheck.length(); i++) {
            sum = (sum + (i + 1) * VALUE[withoutCheck.charAt(i)]) % BASE;
        }
        return ALPHABET.charAt(sum);
    }

    /** True when a normalised code is made of the alphabet and its last character checks the others. */
    static boolean wellFormed(String code) {
        return code.length() >= 2 && code.length() <= MAX_TOTAL && inAlphabet(code)
                && check(code.subSequence(0, code.length() - 1)) == code.charAt(code.length() - 1);
    }

    /** Grouped for reading aloud: the prefix, then groups of three, e.g. {@code SUMMER-K7M-2XQ-9P4}. */
    static String display(String code, String prefix) {
        if (code == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(code.length() + 8);
        int start = 0;
        if (prefix != null && !prefix.isEmpty() && code.startsWith(prefix)) {
            out.append(prefix);
            start = prefix.length();
        }
        for (int i = start; i < code.length(); i += 3) {
            if (!out.isEmpty()) {
                out.append('-');
            }
            out.append(code, i, Math.min(code.length(), i + 3));
        }
        return out.toString();
    }

    static String prefixProblem(String prefix) {
        if (prefix.length() > MAX_PREFIX) {
            return "must be at most " + MAX_PREFIX + " characters";
        }
        if (!inAlphabet(prefix)) {
            return "may only use the code alphabet " + ALPHABET + " (no 0, 1, I, L or O: they are easily mistaken)";
        }
        return null;
    }

    /**
     * Draws codes from a SecureRandom, reading its bytes in bulk: five random bits per character, values of 31
     * thrown away so that every symbol is equally likely.
     */
    static final class Generator {

        private final SecureRandom random;
        private final String prefix;
        private final int length;
        private final byte[] buffer = new byte[4096];
        private int position = buffer.length;

        Generator(SecureRandom random, String prefix, int length) {
            this.random = random;
            this.prefix = prefix == null ? "" : prefix.toUpperCase(Locale.ROOT);
            this.length = length;
        }

        String next() {
            StringBuilder code = new StringBuilder(prefix.length() + length + 1).append(prefix);
            while (code.length() < prefix.length() + length) {
                if (position == buffer.length) {
                    random.nextBytes(buffer);
                    position = 0;
                }
                int value = buffer[position++] & 0x1F;
                if (value < BASE) {
                    code.append(ALPHABET.charAt(value));
                }
            }
            return code.append(check(code)).toString();
        }
    }
}
