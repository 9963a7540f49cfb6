package io.footbridge.journeys.flow;

import io.footbridge.identity.IdentityGraph;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Date triggers: on the day a person's birth date moved by the offset falls on (UTC), once it is the trigger's time of
 * day, they enter; at most once that day, and otherwise as the re-entry policy says (a yearly journey wants a
 * cool-down such as {@code P300D}, not {@code never}). Replenishment triggers likewise on the day a person's
 * expected purchase of an SKU or category, moved by the offset, falls on.
 */
@Component
class DateTriggers {

    private static final int PAGE = 500;

    private final JourneyRepository repository;
    private final Programs programs;
    private final IdentityGraph identity;
    private final Entering entering;
    private final TransactionTemplate transaction;
    private final Replenishment replenishment;
    private final JsonMapper json;

    DateTriggers(JourneyRepository repository, Programs programs, IdentityGraph identity, Entering entering,
                 PlatformTransactionManager transactions, Replenishment replenishment, JsonMapper json) {
        this.replenishment = replenishment;
        this.json = json;
        this.repository = repository;
        this.programs = programs;
        this.identity = identity;
        this.entering = entering;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Answers how many people entered. */
    int pass(Instant now) {
        int entered = 0;
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant dayStart = today.atStartOfDay().toInstant(ZoneOffset.UTC);
        for (JourneyRepository.Saved journey : repository.active(null)) {
            if (programs.of(journey.id(), journey.version()).trigger() instanceof Program.ReplenishmentTrigger r) {
                entered += replenishments(journey, r, today, dayStart, now);
                continue;
            }
            if (!(programs.of(journey.id(), journey.version()).trigger() instanceof Program.DateTrigger date)
                    || today.atTime(date.at()).toInstant(ZoneOffset.UTC).isAfter(now)) {
                continue;
            }
            // the day whose date, moved by the offset, is today
            LocalDate born = today.atStartOfDay().atOffset(ZoneOffset.UTC).minus(date.offset().period())
                    .minus(date.offset().time()).toLocalDate();
            UUID after = null;
            while (true) {
                List<UUID> people = identity.bornOn(journey.tenantId(), MonthDay.from(born), after, PAGE);
                if (people.isEmpty()) {
                    break;
                }
                Integer n = transaction.execute(s -> (int) people.stream()
                        .filter(p -> entering.enter(journey, p, null, null, now, dayStart) != null).count());
                entered += n == null ? 0 : n;
                after = people.get(people.size() - 1);
                if (people.size() < PAGE) {
                    break;
                }
            }
        }
        return entered;
    }

    /**
     * People whose expected purchase of the item, moved by the offset, is today enter from the trigger's time of day
     * on; the entry keeps the item, the last purchase and the expected day for the templates ({{event.item}}).
     */
    private int replenishments(JourneyRepository.Saved journey, Program.ReplenishmentTrigger r, LocalDate today,
                               Instant dayStart, Instant now) {
        if (today.atTime(r.at()).toInstant(ZoneOffset.UTC).isAfter(now)) {
            return 0;
        }
        LocalDate expected = today.atStartOfDay().atOffset(ZoneOffset.UTC).minus(r.offset().period())
                .minus(r.offset().time()).toLocalDate();
        int entered = 0;
        UUID after = null;
        while (true) {
            List<Replenishment.Expected> people = replenishment.expectedOn(journey.tenantId(), r.kind(), r.item(),
                    expected, after, PAGE);
            if (people.isEmpty()) {
                break;
            }
            Integer n = transaction.execute(s -> (int) people.stream()
                    .filter(p -> entering.enter(journey, p.personId(), p.storeId(), context(r, p, expected), now,
                            dayStart) != null).count());
            entered += n == null ? 0 : n;
            after = people.get(people.size() - 1).personId();
            if (people.size() < PAGE) {
                break;
            }
        }
        return entered;
    }

    private String context(Program.ReplenishmentTrigger r, Replenishment.Expected p, LocalDate expected) {
        var context = json.createObjectNode().put("kind", r.kind()).put("item", r.item())
                .put("lastPurchase", p.lastPurchase().toString()).put("expected", expected.toString());
        if (p.intervalDays() != null) {
            context.put("intervalDays", p.intervalDays());
        }
        return context.toString();
    }
}
