package io.footbridge.consent;

import io.footbridge.platform.Tally;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Permissions given, counted for figures such as the console's home page. */
public interface ConsentFigures {

    /**
     * Marketing permissions granted in [from, to) in these stores (null: every store, and those given in none), keyed
     * by channel ({@code email}, {@code sms} …), one per ledger line.
     */
    List<Tally> marketingGrants(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);
}
