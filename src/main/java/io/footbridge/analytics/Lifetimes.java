package io.footbridge.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Customer lifetime value from the tenant's store sales: BG/NBD and Gamma-Gamma fitted on every known person's
 * purchases up to a day (in one currency), and how the expected value of the next year spreads across customers.
 */
public interface Lifetimes {

    /** Customers whose expected value, in minor units, lies in [from, to); the last bin holds those above too. */
    record Bin(long from, long to, long customers) {
    }

    /**
     * @param through       the last day of purchases fitted
     * @param expectedTotal the customers' expected value together over the horizon, in minor units of currency
     * @param median        the median customer's expected value
     */
    record LifetimeValue(String currency, LocalDate through, int horizonWeeks, double r, double alpha, double a,
                         double b, double p, double q, double gamma, long customers, long expectedTotal, long median,
                         List<Bin> bins) {
    }

    /** Weeks ahead the values are for. */
    int HORIZON_WEEKS = 52;

    /**
     * The fit over purchases up to {@code last} in the currency most purchases were made in; empty without enough
     * repeat buyers to fit.
     */
    Optional<LifetimeValue> of(UUID tenantId, Set<UUID> storeIds, LocalDate last);
}
