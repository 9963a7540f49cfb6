package io.footbridge.loyalty.ledger;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Tiers by points earned (net of reversals) over the programme's rolling period: a member moves up as soon as they
 * reach a threshold and is measured again when the period ends, moving down only then.
 */
@Component
class Tiers {

    private final LoyaltyRepository repository;

    Tiers(LoyaltyRepository repository) {
        this.repository = repository;
    }

    /** After points were earned: a higher tier at once, with a new period. Runs under the member's lock. */
    void upgrade(Programme programme, LoyaltyRepository.Member member, Instant now) {
        if (programme.tiers().isEmpty()) {
            return;
        }
        String current = repository.memberById(member.tenantId(), member.id()).map(LoyaltyRepository.Member::tier)
                .orElse(null);
        String reached = programme.tierFor(qualifying(programme, member, now));
        if (programme.rank(reached) > programme.rank(current)) {
            repository.setTier(member.tenantId(), member.id(), current, reached, periodEnd(programme, now), "upgrade",
                    now);
        }
    }

    /** At the period's end: the tier the last period earned (lower, when it earned less); then a new period. */
    void review(Programme programme, LoyaltyRepository.Member member, Instant now) {
        String reached = programme.tierFor(qualifying(programme, member, now));
        String reason = programme.rank(reached) < programme.rank(member.tier()) ? "downgrade" : "upgrade";
        repository.setTier(member.tenantId(), member.id(), member.tier(), reached,
                reached == null ? null : periodEnd(programme, now), reason, now);
    }

    long qualifying(Programme programme, LoyaltyRepository.Member member, Instant now) {
        Instant since = now.atOffset(ZoneOffset.UTC).minusMonths(programme.tierMonthsOrDefault()).toInstant();
        return repository.qualifying(member.id(), since);
    }

    private static Instant periodEnd(Programme programme, Instant now) {
        return now.atOffset(ZoneOffset.UTC).plusMonths(programme.tierMonthsOrDefault()).toInstant();
    }
}
