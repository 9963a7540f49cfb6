package io.footbridge.loyalty;

import java.util.List;
import java.util.UUID;

/** Members' tiers for other modules (segments pick people by tier); read only. */
public interface LoyaltyTiers {

    /** A member's loyalty number (normalised) and tier. */
    record MemberTier(String loyaltyId, String tier) {
    }

    /** The tiers of the tenant's programme, lowest first; empty without a programme or without tiers. */
    List<String> names(UUID tenantId);

    /** Members holding a tier, in loyalty-number order after {@code after} (null: from the start). */
    List<MemberTier> members(UUID tenantId, String after, int limit);
}
