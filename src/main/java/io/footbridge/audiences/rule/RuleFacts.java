package io.footbridge.audiences.rule;

import java.time.temporal.TemporalAmount;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What a rule depends on besides events: the periods that move with time, consents, other segments. */
public record RuleFacts(Set<TemporalAmount> periods, Set<List<String>> consents, Set<UUID> segments) {

    public static RuleFacts of(Rule rule) {
        RuleFacts facts = new RuleFacts(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        facts.visit(rule);
        return facts;
    }

    private void visit(Rule rule) {
        if (rule instanceof Rule.All all) {
            all.rules().forEach(this::visit);
        } else if (rule instanceof Rule.Any any) {
            any.rules().forEach(this::visit);
        } else if (rule instanceof Rule.Not not) {
            visit(not.rule());
        } else if (rule instanceof Rule.Event event) {
            window(event.window());
        } else if (rule instanceof Rule.NoEvent none) {
            window(none.window());
        } else if (rule instanceof Rule.Spend spend) {
            window(spend.window());
        } else if (rule instanceof Rule.Purchase purchase) {
            moment(purchase.before());
            moment(purchase.after());
        } else if (rule instanceof Rule.Consent consent) {
            consents.add(List.of(consent.channel(), consent.purpose()));
        } else if (rule instanceof Rule.Member member) {
            segments.add(member.segmentId());
        }
    }

    private void window(Rule.Window window) {
        if (window.within() != null) {
            periods.add(window.within());
        }
    }

    private void moment(Rule.Moment moment) {
        if (moment != null && moment.ago() != null) {
            periods.add(moment.ago());
        }
    }
}
