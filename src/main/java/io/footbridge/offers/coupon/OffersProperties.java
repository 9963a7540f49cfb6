package io.footbridge.offers.coupon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param maxGuessesPerKey    unknown codes one API key or staff member may try before a lock-out
 * @param maxGuessesPerPrefix unknown codes starting alike (per tenant, any caller) before those are locked out
 * @param guessPrefixLength   how many leading characters make a prefix for that count
 * @param guessLockout        how long a lock-out lasts; failures are forgotten after as long without one
 * @param maxGeneratedCodes   codes one generation request may ask for
 */
@ConfigurationProperties("footbridge.offers")
record OffersProperties(@DefaultValue("20") int maxGuessesPerKey,
                        @DefaultValue("100") int maxGuessesPerPrefix,
                        @DefaultValue("4") int guessPrefixLength,
                        @DefaultValue("15m") Duration guessLockout,
                        @DefaultValue("1000000") int maxGeneratedCodes) {
}
