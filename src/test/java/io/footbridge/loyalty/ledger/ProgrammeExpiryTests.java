package io.footbridge.loyalty.ledger;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Points lapse by the store's calendar, and the reminder names the last day they can be spent there. */
class ProgrammeExpiryTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static Programme expiring(Integer months, Boolean atYearEnd) {
        return new Programme("EUR", 1L, 100L, null, null, null, null, null, new Programme.Expiry(months, atYearEnd),
                null, null, null, null, null, null, null, null, null);
    }

    @Test
    void pointsEarnedJustAfterNewYearInAStoreEastOfUtcLapseAtTheEndOfThatYearOnTheStoresClock() {
        // 00:30 on 1 January 2026 in Berlin is still 2025 in UTC
        Instant earned = Instant.parse("2025-12-31T23:30:00Z");
        assertThat(expiring(null, true).expiresAt(earned, BERLIN))
                .isEqualTo(LocalDate.of(2027, 1, 1).atStartOfDay(BERLIN).toInstant());
        assertThat(expiring(null, true).expiresAt(Instant.parse("2026-12-31T15:30:00Z"), TOKYO))
                .as("already 1 January 2027 in Tokyo").isEqualTo(LocalDate.of(2028, 1, 1).atStartOfDay(TOKYO)
                        .toInstant());
        assertThat(expiring(12, true).expiresAt(earned, BERLIN))
                .isEqualTo(LocalDate.of(2028, 1, 1).atStartOfDay(BERLIN).toInstant());
        assertThat(expiring(1, null).expiresAt(earned, BERLIN)).isEqualTo(Instant.parse("2026-01-31T23:30:00Z"));
        assertThat(expiring(null, null).expiresAt(earned, BERLIN)).isNull();
    }

    @Test
    void theReminderNamesTheLastDayThePointsCanBeSpentOnTheStoresClock() {
        Instant yearEnd = LocalDate.of(2027, 1, 1).atStartOfDay(BERLIN).toInstant();
        assertThat(ExpiryReminders.lastDay(yearEnd, BERLIN)).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(ExpiryReminders.lastDay(Instant.parse("2026-03-05T13:23:00Z"), TOKYO))
                .isEqualTo(LocalDate.of(2026, 3, 5));
    }
}
