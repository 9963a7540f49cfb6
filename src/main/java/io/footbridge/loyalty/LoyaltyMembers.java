package io.footbridge.loyalty;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads members, their balances and ledgers, and lets staff adjust points; for the console and the till page. */
public interface LoyaltyMembers {

    /** A reward of the catalogue the member has enough available points for. */
    record Reward(String id, String name, long points) {
    }

    /**
     * A member's balances in points: {@code available} can be spent, {@code pending} is still in its return window,
     * {@code lifetime} is what was earned net of reversals, {@code expired} what lapsed, {@code worth} what the
     * available points pay at the till (null unless the programme takes points as payment). {@code profileId} is null
     * until identity has linked the loyalty number to a person.
     */
    record Member(UUID profileId, String loyaltyId, long available, long pending, long lifetime, long expired,
                  String tier, Instant joinedAt, List<Reward> rewards, Worth worth) {
    }

    /**
     * What the available points pay at the till when the programme takes points as payment: {@code amount} minor
     * units of {@code currency}, the most whole points pay; null on a member when the programme does not.
     */
    record Worth(long amount, String currency) {
    }

    /** One ledger entry; {@code source} and {@code sourceId} say what caused it (a sale, a redemption, staff). */
    record Entry(UUID id, String kind, long points, String source, String sourceId, String reason, String actor,
                 Instant occurredAt, Instant availableAt, Instant expiresAt) {
    }

    /**
     * A line of the tier history: {@code reason} is upgrade, downgrade, grace or kept; {@code basis} (points or
     * spend) and {@code measured} (points, or minor units of {@code currency} for spend) say what the member had
     * over the period then; null on lines older than them.
     */
    record TierChange(String from, String to, String reason, Instant at, String basis, Long measured,
                      String currency) {
    }

    record TierCount(String tier, long members) {
    }

    /**
     * The member's referral code for friends, the loyalty number of who brought them in (null when nobody did), how
     * many joined with their code and how many of those bought (each earning the referral bonus once).
     */
    record Referral(String loyaltyId, String code, String referredBy, long joined, long bought) {
    }

    /** Whether the tenant has a programme at all. */
    boolean running(UUID tenantId);

    /** The programme as the API's GET answers it (JSON, indented); empty when the tenant has none. */
    Optional<String> programme(UUID tenantId);

    /**
     * Saves a programme given as the API's PUT body; a {@link io.footbridge.platform.ProblemException} naming the
     * field when it is wrong. Needs the actor to be allowed to change offers.
     */
    void saveProgramme(Actor actor, String json);

    Optional<Member> find(Actor actor, String loyaltyId);

    /** The member a person holds, when one of their loyalty numbers is a member's. */
    Optional<Member> findByProfile(Actor actor, UUID profileId);

    /** Members, newest first, optionally those whose loyalty number starts with {@code prefix}. */
    List<Member> list(Actor actor, String prefix, int offset, int limit);

    List<Entry> ledger(Actor actor, String loyaltyId, int limit);

    List<TierChange> tierHistory(Actor actor, String loyaltyId);

    List<TierCount> tierDistribution(Actor actor);

    /** The member's referrals; the code is made when first asked for. */
    Referral referral(Actor actor, String loyaltyId);

    /**
     * Adds (or with a negative number takes) points with a reason; refuses to go below zero available unless the
     * actor is a tenant admin and asks for {@code allowDebt}.
     */
    Member adjust(Actor actor, String loyaltyId, long points, String reason, boolean allowDebt);
}
