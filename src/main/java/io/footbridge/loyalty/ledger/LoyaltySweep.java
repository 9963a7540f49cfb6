package io.footbridge.loyalty.ledger;

import io.footbridge.platform.BackgroundWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hourly background task {@code loyalty-sweep}: expires points past their date, oldest first, reminds members
 * of points about to lapse, measures tiers whose period ended, gives birthday bonuses, and forgets member page sign-in codes a day past their end. Pending
 * points need no sweep: they count as available once their date passes.
 */
@Component
class LoyaltySweep {

    private static final int BATCH = 200;

    private final LoyaltyRepository repository;
    private final ProgrammeStore programmes;
    private final Tiers tiers;
    private final TransactionTemplate transaction;
    private final MemberSignIn signIn;
    private final Birthdays birthdays;
    private final ExpiryReminders reminders;

    LoyaltySweep(LoyaltyRepository repository, ProgrammeStore programmes, Tiers tiers,
                 TransactionTemplate transaction, MemberSignIn signIn, Birthdays birthdays, ExpiryReminders reminders,
                 BackgroundWork work) {
        this.reminders = reminders;
        this.birthdays = birthdays;
        this.signIn = signIn;
        this.repository = repository;
        this.programmes = programmes;
        this.tiers = tiers;
        this.transaction = transaction;
        work.recurring("loyalty-sweep", Duration.ofHours(1), () -> run(Instant.now()));
    }

    /** One pass at {@code now}; answers how many members it changed. */
    int run(Instant now) {
        int changed = 0;
        List<LoyaltyRepository.Member> due;
        while (!(due = repository.expiring(now, BATCH)).isEmpty()) {
            for (LoyaltyRepository.Member member : due) {
                transaction.executeWithoutResult(status -> expire(member, now));
            }
            changed += due.size();
        }
        while (!(due = repository.tierDue(now, BATCH)).isEmpty()) {
            for (LoyaltyRepository.Member member : due) {
                transaction.executeWithoutResult(status -> {
                    repository.lockById(member.tenantId(), member.id());
                    LoyaltyRepository.Member fresh = repository.memberById(member.tenantId(), member.id())
                            .orElseThrow();
                    programmes.find(member.tenantId()).ifPresentOrElse(p -> tiers.review(p, fresh, now),
                            () -> repository.setTier(fresh.tenantId(), fresh.id(), fresh.tier(), fresh.tier(), null,
                                    "kept", null, 0, null, now));
                });
            }
            changed += due.size();
        }
        signIn.forgetExpired(now);
        reminders.send(now);
        return changed + birthdays.give(now);
    }

    /**
     * Spends come out of the oldest points first, so what is left of each credit is what later spends have not
     * reached; whatever is left of a credit past its date expires. A reversal takes from its own earn.
     */
    private void expire(LoyaltyRepository.Member member, Instant now) {
        repository.lockById(member.tenantId(), member.id());
        List<LoyaltyRepository.Entry> entries = repository.allEntries(member.id());
        Map<UUID, Long> left = left(entries);
        for (LoyaltyRepository.Entry e : entries) {
            if (e.lotId() != null || !credit(e) || e.expiresAt() == null || e.expiresAt().isAfter(now)) {
                continue;
            }
            long remaining = left.getOrDefault(e.id(), 0L);
            if (remaining > 0) {
                Instant at = PointsLedger.now();
                repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), member.tenantId(), member.id(),
                        PointsLedger.EXPIRE, -remaining, "expiry", e.id().toString(), e.id(), null, null, null,
                        e.expiresAt(), at, null, at));
            } else {
                // nothing left of it: mark it done so the sweep stops looking at this member
                repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), member.tenantId(), member.id(),
                        PointsLedger.EXPIRE, 0, "expiry", e.id().toString(), e.id(), null, null, null,
                        e.expiresAt(), at(), null, at()));
            }
        }
    }

    /**
     * What is left of each credit (by its entry id) once the spends have taken from the oldest first; shared by
     * expiry and its reminders so both count the same points.
     */
    static Map<UUID, Long> left(List<LoyaltyRepository.Entry> entries) {
        Map<UUID, Long> left = new HashMap<>();
        long debits = 0;
        for (LoyaltyRepository.Entry e : entries) {
            if (e.lotId() != null) {
                left.merge(e.lotId(), e.points(), Long::sum); // a reversal or an earlier expiry of that credit
            } else if (credit(e)) {
                left.merge(e.id(), e.points(), Long::sum);
            } else {
                debits -= e.points(); // spends, and spends given back (which offset them)
            }
        }
        Map<UUID, Long> remaining = new HashMap<>();
        for (LoyaltyRepository.Entry e : entries) {
            if (e.lotId() != null || !credit(e)) {
                continue;
            }
            long rest = left.getOrDefault(e.id(), 0L);
            long taken = Math.min(Math.max(0, rest), Math.max(0, debits));
            debits -= taken;
            remaining.put(e.id(), rest - taken);
        }
        return remaining;
    }

    static boolean credit(LoyaltyRepository.Entry e) {
        return e.points() > 0 && e.lotId() == null && !e.kind().equals(PointsLedger.REVERSE);
    }

    private static Instant at() {
        return PointsLedger.now();
    }
}
