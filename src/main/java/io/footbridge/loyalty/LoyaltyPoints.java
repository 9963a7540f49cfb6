package io.footbridge.loyalty;

import java.util.UUID;

/**
 * Points given or taken by another module's automation (a journey's points step), in the caller's transaction, so
 * the entry commits with the caller's own record of the step or not at all. Each change is an entry of source
 * {@code journey}; its source id makes a change asked again (a retried or re-run step) count once.
 */
public interface LoyaltyPoints {

    /**
     * What happened: {@code awarded} or {@code deducted} (now), {@code already} (the source id had its entry: nothing
     * more), {@code not_member} (the person holds no member's loyalty number), {@code no_programme} (the tenant runs
     * none) or {@code short} (a deduction larger than the available points, the programme allowing no debt).
     * {@code available} is the member's available balance after it (0 without a member).
     */
    record Change(String outcome, String loyaltyId, long points, long available) {

        public boolean changed() {
            return "awarded".equals(outcome) || "deducted".equals(outcome);
        }
    }

    /**
     * Adds {@code points} (or takes them, when negative) to the member the person holds, unless {@code sourceId} was
     * used already. {@code by} says who (e.g. the journey and its version), {@code reason} why; both are kept on the
     * entry and shown in the member's ledger. Points given are a bonus (they count for tiers and expire as earned
     * points do); points taken an adjustment, refused rather than overdrawn unless the programme's
     * {@code allowDebt} is set.
     */
    Change change(UUID tenantId, UUID personId, long points, String sourceId, String reason, String by);
}
