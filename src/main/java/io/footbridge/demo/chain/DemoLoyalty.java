package io.footbridge.demo.chain;

import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.loyalty.LoyaltyTill;
import io.footbridge.platform.Actor;
import org.springframework.stereotype.Component;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.List;

/**
 * The chain's club, "Linden Club": set up before the history is written, so its members earn on their sales as the
 * loyalty feed follows them; afterwards the richer members spend points on rewards at the till.
 */
@Component
class DemoLoyalty {

    static final String PROGRAMME = """
            {
              "currency": "EUR", "pointsPerUnit": 1, "unit": 100,
              "pendingDays": 14,
              "expiry": {"months": 24},
              "multipliers": [{"category": "Outerwear", "factor": 2}],
              "bonuses": {"loyalty.signup": 50, "wifi.login": 5, "survey.answered": 20, "event.checkin": 30,
                          "birthday": 100, "referral": 150},
              "dailyCap": 5000,
              "tiers": [{"name": "Green", "threshold": 0}, {"name": "Silver", "threshold": 300},
                        {"name": "Gold", "threshold": 1000, "multiplier": 1.5}],
              "tierMonths": 12,
              "payment": {"points": 100, "amount": 100},
              "rewards": [{"id": "coffee", "name": "Coffee at the bar", "points": 50},
                          {"id": "tote", "name": "Linden tote bag", "points": 150},
                          {"id": "voucher-10", "name": "10 EUR voucher", "points": 500}],
              "promotions": [{"name": "Double points weekend", "factor": 2, "from": "%s", "to": "%s"},
                             {"name": "Outerwear days", "category": "Outerwear", "factor": 1.5,
                              "from": "%s", "to": "%s"}]
            }""";

    private final LoyaltyMembers members;
    private final LoyaltyTill till;

    DemoLoyalty(LoyaltyMembers members, LoyaltyTill till) {
        this.members = members;
        this.till = till;
    }

    void setUp(Actor admin) {
        members.saveProgramme(admin, programme(LocalDate.now(ZoneOffset.UTC)));
    }

    /**
     * The programme with its promotions placed in the chain's history: double points the last weekend before
     * {@code today} (on each store's clock), and a week of extra points on outerwear a month earlier.
     */
    static String programme(LocalDate today) {
        LocalDate saturday = today.minusDays(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.SATURDAY));
        LocalDate outerwear = today.minusDays(35);
        return PROGRAMME.formatted(saturday.atStartOfDay(), saturday.plusDays(2).atStartOfDay(),
                outerwear.atStartOfDay(), outerwear.plusDays(7).atStartOfDay());
    }

    /** The richer third of the members spend the dearest reward they can take; answers how many did. */
    int redeem(Actor admin, String store, String prefix) {
        List<LoyaltyMembers.Member> richest = members.list(admin, null, 0, 1000).stream()
                .sorted(Comparator.comparingLong(LoyaltyMembers.Member::available).reversed()).toList();
        int spent = 0;
        for (LoyaltyMembers.Member member : richest.subList(0, richest.size() / 3)) {
            if (!member.rewards().isEmpty()) {
                long points = member.rewards().stream().mapToLong(LoyaltyMembers.Reward::points).max().orElseThrow();
                till.redeem(admin, member.loyaltyId(), points, store, prefix + "redeem-" + member.loyaltyId());
                spent++;
            }
        }
        return spent;
    }
}
