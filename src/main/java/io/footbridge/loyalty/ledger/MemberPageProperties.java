package io.footbridge.loyalty.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param linkLifetime        how long a member page link (from a sign-in, a message, the card) opens the page
 * @param codeLifetime        how long a sign-in code may be typed in
 * @param codeAttempts        wrong guesses of one code before it is dead, even for the right code
 * @param codesPerContact     codes one phone number or e-mail address may be sent per {@code codePeriod}
 * @param codesPerAddress     codes asked for from one network address per {@code codePeriod}
 * @param guessesPerAddress   wrong codes typed from one network address per {@code codePeriod} before a lock-out
 * @param codePeriod          the period those budgets count over; a spent budget waits until it ends
 */
@ConfigurationProperties("footbridge.loyalty.member-page")
record MemberPageProperties(@DefaultValue("90d") Duration linkLifetime,
                            @DefaultValue("10m") Duration codeLifetime,
                            @DefaultValue("5") int codeAttempts,
                            @DefaultValue("5") int codesPerContact,
                            @DefaultValue("20") int codesPerAddress,
                            @DefaultValue("30") int guessesPerAddress,
                            @DefaultValue("1h") Duration codePeriod) {
}
