package io.footbridge.loyalty.ledger;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code birthday} bonus, given by the hourly sweep: members whose birth date (as identity knows the person)
 * falls on today in their own clock, the zone of the store they joined at. Someone born on 29 February celebrates
 * on the 28th in other years. Once a year for each person, on the card they have held longest when they hold
 * several: the entry's source id carries the card and the year.
 */
@Component
class Birthdays {

    private static final int PAGE = 500;

    private final LoyaltyRepository repository;
    private final ProgrammeStore programmes;
    private final IdentityGraph identity;
    private final PointsLedger ledger;
    private final TransactionTemplate transaction;

    Birthdays(LoyaltyRepository repository, ProgrammeStore programmes, IdentityGraph identity, PointsLedger ledger,
              TransactionTemplate transaction) {
        this.repository = repository;
        this.programmes = programmes;
        this.identity = identity;
        this.ledger = ledger;
        this.transaction = transaction;
    }

    /** Gives what is due at {@code now}; answers how many bonuses it gave. */
    int give(Instant now) {
        int given = 0;
        for (UUID tenantId : repository.programmeTenants()) {
            Programme programme = programmes.find(tenantId).orElse(null);
            if (programme == null || programme.bonuses().getOrDefault("birthday", 0L) <= 0) {
                continue;
            }
            // every zone's today is within a day of UTC's: look at the people born on any of those three days
            LocalDate utc = now.atOffset(ZoneOffset.UTC).toLocalDate();
            for (LocalDate day : List.of(utc.minusDays(1), utc, utc.plusDays(1))) {
                for (MonthDay born : celebrating(day)) {
                    given += give(programme, tenantId, born, day, now);
                }
            }
        }
        return given;
    }

    private int give(Programme programme, UUID tenantId, MonthDay born, LocalDate day, Instant now) {
        int given = 0;
        UUID after = null;
        List<UUID> people;
        while (!(people = identity.bornOn(tenantId, born, after, PAGE)).isEmpty()) {
            after = people.get(people.size() - 1);
            for (UUID person : people) {
                // one bonus a person, however many cards they hold: the card they have had longest takes it
                List<LoyaltyRepository.Member> cards = identity.identifiers(tenantId, person).stream()
                        .filter(id -> id.type() == IdentifierType.LOYALTY_ID && !id.denied())
                        .map(id -> repository.member(tenantId, id.value())).flatMap(java.util.Optional::stream)
                        .sorted(java.util.Comparator.comparing(LoyaltyRepository.Member::joinedAt)
                                .thenComparing(LoyaltyRepository.Member::id))
                        .toList();
                if (cards.isEmpty() || cards.stream().anyMatch(card -> repository.bySource(tenantId, "birthday",
                        card.id() + ":" + day.getYear()).isPresent())) {
                    continue;
                }
                LoyaltyRepository.Member member = cards.get(0);
                UUID store = repository.joinedStore(tenantId, member.id()).orElse(null);
                if (!now.atZone(ledger.zone(tenantId, store)).toLocalDate().equals(day)) {
                    continue; // not yet, or no longer, that day on the member's clock
                }
                if (Boolean.TRUE.equals(transaction.execute(status -> ledger.birthday(programme, member, store,
                        day.getYear(), now)))) {
                    given++;
                }
            }
            if (people.size() < PAGE) {
                break;
            }
        }
        return given;
    }

    /** The birth days celebrated on {@code day}: the day itself, and 29 February on the 28th of other years. */
    static List<MonthDay> celebrating(LocalDate day) {
        List<MonthDay> days = new ArrayList<>(List.of(MonthDay.from(day)));
        if (day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear()) {
            days.add(MonthDay.of(2, 29));
        }
        return days;
    }
}
