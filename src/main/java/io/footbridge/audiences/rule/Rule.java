package io.footbridge.audiences.rule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.List;
import java.util.UUID;

/** A segment's rule, as {@link RuleParser} reads it from JSON; see docs/segments.md for the forms. */
public sealed interface Rule {

    record All(List<Rule> rules) implements Rule {
    }

    record Any(List<Rule> rules) implements Rule {
    }

    record Not(Rule rule) implements Rule {
    }

    /** At least {@code min} and at most {@code max} (null: no limit) events of a type in the window. */
    record Event(String type, Window window, long min, Long max, String store, String category,
                 Property property) implements Rule {
    }

    /** No event of a type in the window. */
    record NoEvent(String type, Window window, String store, String category) implements Rule {
    }

    /** Net spend (sales less refunds and voids) in one currency, in minor units, within the window. */
    record Spend(Window window, Long min, Long max, String currency) implements Rule {
    }

    record Consent(String channel, String purpose) implements Rule {
    }

    /** {@code op}: eq, ne, in, present, absent. */
    record Trait(String name, String op, List<String> values) implements Rule {
    }

    /** Holds an identifier of this kind (email, phone, loyaltyId …). */
    record Identifier(String type) implements Rule {
    }

    /** The first or last purchase before or after a moment. */
    record Purchase(boolean first, Moment before, Moment after) implements Rule {
    }

    /**
     * The person's RFM quintiles (1 low … 5 high, over the last year's purchases) are among those given; a null
     * list allows any.
     */
    record Rfm(List<Integer> recency, List<Integer> frequency, List<Integer> monetary) implements Rule {
    }

    /**
     * The person's predicted lifetime value in one currency (analytics, minor units, next 52 weeks) is within the
     * bounds given (null: no bound).
     */
    record Clv(String currency, Long atLeast, Long atMost) implements Rule {
    }

    /** The person's probability of being an active customer (analytics, 0–1) is within the bounds given. */
    record ActiveProbability(Double atLeast, Double atMost) implements Rule {
    }

    /** Holds one of these loyalty tiers (loyalty; a person with two cards counts with the higher tier). */
    record LoyaltyTier(List<String> names) implements Rule {
    }

    /** Is a member of another segment of the tenant. */
    record Member(UUID segmentId) implements Rule {
    }

    /** A property of the event with a value, compared as text. */
    record Property(String name, String value) {
    }

    /** Since a moment: {@code within} a period before now, or {@code since} a fixed time; neither means ever. */
    record Window(TemporalAmount within, Instant since) {

        public static final Window EVER = new Window(null, null);

        public Instant start(Instant now) {
            if (within != null) {
                return now.atOffset(ZoneOffset.UTC).minus(within).toInstant();
            }
            return since;
        }
    }

    /** A period before now (moves with time), or a fixed time. */
    record Moment(TemporalAmount ago, Instant at) {

        public Instant resolve(Instant now) {
            return ago != null ? now.atOffset(ZoneOffset.UTC).minus(ago).toInstant() : at;
        }
    }
}
