package io.footbridge.loyalty.ledger;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Tiers by points earned (net of reversals) or by money spent (net of refunds, {@code tierBasis: spend}) over the
 * programme's rolling period: a member moves up as soon as they reach a threshold and is measured again when the
 * period ends, moving down only then. Each line of the tier history keeps what the member had when it was written.
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
        long measured = qualifying(programme, member, now);
        String reached = programme.tierFor(measured);
        if (programme.rank(reached) > programme.rank(current)) {
            repository.setTier(member.tenantId(), member.id(), current, reached, periodEnd(programme, now), "upgrade",
                    programme.tierBasisOrDefault(), measured, currency(programme), now);
        }
    }

    /**
     * At the period's end: the tier the last period earned (lower, when it earned less); then a new period. With a
     * grace period, a member who fell short keeps the tier that much longer (a {@code grace} entry in the tier
     * history) and is measured again at its end, over the rolling period ending then.
     */
    void review(Programme programme, LoyaltyRepository.Member member, Instant now) {
        long measured = qualifying(programme, member, now);
        String basis = programme.tierBasisOrDefault();
        String reached = programme.tierFor(measured);
        boolean falls = programme.rank(reached) < programme.rank(member.tier());
        if (falls && programme.tierGraceMonthsOrZero() > 0 && !inGrace(member)) {
            Instant graceEnd = now.atOffset(ZoneOffset.UTC).plusMonths(programme.tierGraceMonthsOrZero()).toInstant();
            repository.setTier(member.tenantId(), member.id(), member.tier(), member.tier(), graceEnd, "grace", basis,
                    measured, currency(programme), now);
            repository.addTierChange(member.tenantId(), member.id(), member.tier(), member.tier(), "grace", basis,
                    measured, currency(programme), now);
            return;
        }
        if (!falls && inGrace(member)) {
            // the grace period ends with the tier earned back: said in the history, so a later shortfall gets grace
            repository.addTierChange(member.tenantId(), member.id(), member.tier(), member.tier(), "kept", basis,
                    measured, currency(programme), now);
        }
        String reason = falls ? "downgrade" : "upgrade";
        repository.setTier(member.tenantId(), member.id(), member.tier(), reached,
                reached == null ? null : periodEnd(programme, now), reason, basis, measured, currency(programme), now);
    }

    /** Whether the member's last tier event was a grace period for the tier they hold. */
    private boolean inGrace(LoyaltyRepository.Member member) {
        return repository.tierChanges(member.id()).stream().findFirst()
                .filter(c -> "grace".equals(c.reason()) && java.util.Objects.equals(c.to(), member.tier()))
                .isPresent();
    }

    /** What the member has over the rolling period ending {@code now}: points, or minor units spent. */
    long qualifying(Programme programme, LoyaltyRepository.Member member, Instant now) {
        Instant since = now.atOffset(ZoneOffset.UTC).minusMonths(programme.tierMonthsOrDefault()).toInstant();
        return programme.tiersBySpend() ? repository.spent(member.id(), programme.currency(), since)
                : repository.qualifying(member.id(), since);
    }

    /** The currency a spend is measured in; none for points. */
    private static String currency(Programme programme) {
        return programme.tiersBySpend() ? programme.currency() : null;
    }

    private static Instant periodEnd(Programme programme, Instant now) {
        return now.atOffset(ZoneOffset.UTC).plusMonths(programme.tierMonthsOrDefault()).toInstant();
    }
}
