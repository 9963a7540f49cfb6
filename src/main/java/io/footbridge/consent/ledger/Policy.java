package io.footbridge.consent.ledger;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * How a tenant wants its messages gated: double opt-in for marketing email, quiet hours for marketing messages (on
 * the store's clock, or {@code timeZone}), and at most {@code capMessages} marketing messages per person in
 * {@code capDays} days, across channels. Nulls switch a rule off.
 */
public record Policy(boolean doubleOptInEmail, LocalTime quietStart, LocalTime quietEnd, ZoneId timeZone,
                     Integer capMessages, Integer capDays) {

    public static final Policy DEFAULT = new Policy(false, null, null, java.time.ZoneOffset.UTC, null, null);

    public boolean hasQuietHours() {
        return quietStart != null && quietEnd != null && !quietStart.equals(quietEnd);
    }

    public boolean hasCap() {
        return capMessages != null && capDays != null;
    }
}
