package io.footbridge.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Each person's predicted lifetime value and probability of being active, kept in a table that a background task
 * refreshes (hourly, and when asked): the same BG/NBD and Gamma-Gamma models as {@link Lifetimes}, fitted on all
 * the tenant's stores, once per currency the tenant sells in. After each refresh {@link PersonLifetimesRefreshed}
 * is published.
 */
public interface PersonLifetimes {

    /**
     * @param clv               expected value of the person's purchases over the next {@link Lifetimes#HORIZON_WEEKS}
     *                          weeks, in minor units of {@code currency}
     * @param activeProbability the probability (0–1) that the person is still an active customer
     */
    record PersonLifetime(UUID personId, String currency, long clv, double activeProbability) {
    }

    /** The values as last refreshed, one per person and currency they bought in. */
    List<PersonLifetime> of(UUID tenantId);

    /** The moment the purchases behind the tenant's values were read; empty if never refreshed. */
    Optional<Instant> refreshedAt(UUID tenantId);

    /**
     * Fits the purchases up to {@code through} again now and replaces the tenant's values, unless a refresh that
     * read the purchases later has written its values already.
     */
    void refresh(UUID tenantId, LocalDate through);

    /** Has the tenant's values refreshed soon in the background; {@link PersonLifetimesRefreshed} tells when. */
    void requestRefresh(UUID tenantId);
}
