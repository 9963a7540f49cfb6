package io.footbridge.offers.coupon;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/** The unguessable keys of customers' coupon pages: 128 random bits, URL-safe. */
@Component
class CouponTokens {

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
