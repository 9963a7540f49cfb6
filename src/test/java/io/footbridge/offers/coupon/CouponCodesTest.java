package io.footbridge.offers.coupon;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class CouponCodesTest {

    private final CouponCodes.Generator generator = new CouponCodes.Generator(new SecureRandom(), null, 8);

    @Test
    void codesUseOnlyTheAlphabetWithoutLookAlikes() {
        assertThat(CouponCodes.ALPHABET).hasSize(31).doesNotContain("0", "1", "I", "L", "O");
        for (int i = 0; i < 10_000; i++) {
            String code = generator.next();
            assertThat(code).hasSize(9).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{9}");
            assertThat(CouponCodes.wellFormed(code)).isTrue();
        }
    }

    @Test
    void everySymbolIsAboutEquallyLikely() {
        int[] counts = new int[CouponCodes.BASE];
        for (int i = 0; i < 31_000; i++) {
            String code = generator.next();
            for (int j = 0; j < 8; j++) {
                counts[CouponCodes.ALPHABET.indexOf(code.charAt(j))]++;
            }
        }
        // 8,000 expected each; a biased draw (such as a modulo of 32 onto 31) would put one symbol near 16,000
        for (int count : counts) {
            assertThat(count).isBetween(7_400, 8_600);
        }
    }

    @Test
    void theCheckCharacterCatchesEverySingleSubstitutionAndAdjacentSwap() {
        CouponCodes.Generator prefixed = new CouponCodes.Generator(new SecureRandom(), "SUMMER", 10);
        for (int n = 0; n < 500; n++) {
            String code = n % 2 == 0 ? generator.next() : prefixed.next();
            for (int position = 0; position < code.length(); position++) {
                for (char c : CouponCodes.ALPHABET.toCharArray()) {
                    if (c == code.charAt(position)) {
                        continue;
                    }
                    String typo = code.substring(0, position) + c + code.substring(position + 1);
                    assertThat(CouponCodes.wellFormed(typo)).as(code + " → " + typo).isFalse();
                }
            }
            for (int position = 0; position + 1 < code.length(); position++) {
                if (code.charAt(position) == code.charAt(position + 1)) {
                    continue;
                }
                char[] swapped = code.toCharArray();
                swapped[position] = code.charAt(position + 1);
                swapped[position + 1] = code.charAt(position);
                assertThat(CouponCodes.wellFormed(new String(swapped))).as(code + " swapped at " + position).isFalse();
            }
        }
    }

    @Test
    void inputIsNormalisedAndDisplayedInGroups() {
        String code = generator.next();
        String typed = " " + code.substring(0, 3).toLowerCase() + "-" + code.substring(3, 6) + " – " + code.substring(6);
        assertThat(CouponCodes.normalise(typed)).isEqualTo(code);
        assertThat(CouponCodes.normalise("ab/cd")).isNull();
        assertThat(CouponCodes.display("K7M2XQ9P4", null)).isEqualTo("K7M-2XQ-9P4");
        assertThat(CouponCodes.display("SUMMERK7M2XQ9P4", "SUMMER")).isEqualTo("SUMMER-K7M-2XQ-9P4");
        assertThat(CouponCodes.prefixProblem("SOMMER")).contains("no 0, 1, I, L or O");
    }
}
