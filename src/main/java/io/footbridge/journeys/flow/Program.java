package io.footbridge.journeys.flow;

import tools.jackson.databind.JsonNode;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * A journey version compiled to a flat list of steps with jumps: branches and splits become jumps, the end of the
 * step list an exit. An entry's position is an index into {@link #steps()}, so it stays meaningful for as long as
 * the version lives. Each step keeps the path it was given at ({@code steps[2].branch.then[0]}) for errors and stats.
 */
public record Program(Trigger trigger, List<Step> steps, Goal goal, Reentry reentry, int holdoutPercent) {

    public sealed interface Trigger {
    }

    /** A captured event of this type, optionally at one store and with property values equal to these. */
    public record EventTrigger(String type, String store, JsonNode where) implements Trigger {
    }

    public record SegmentTrigger(UUID segmentId, boolean entered) implements Trigger {
    }

    /** A date trait (e.g. birthDate) moved by an offset, at a local time of day. */
    public record DateTrigger(String trait, Wait offset, LocalTime at) implements Trigger {
    }

    /**
     * The day a person is expected to buy an SKU or a category again ({@code kind} sku or category), moved by an
     * offset, at a time of day.
     */
    public record ReplenishmentTrigger(String kind, String item, Wait offset, LocalTime at) implements Trigger {
    }

    /** Only the API (and the console) put people in. */
    public record ApiTrigger() implements Trigger {
    }

    /** A conversion: an event of this type within this long after entering. */
    public record Goal(String event, Wait within) {
    }

    /** never, always, or after a cool-down since the last entry. */
    public record Reentry(String policy, Wait coolDown) {

        public static final Reentry NEVER = new Reentry("never", null);
    }

    /** A step as compiled; {@code path} where it was written. */
    public sealed interface Step {
        String path();

        /** What the stats and the console call it. */
        String kind();
    }

    public record WaitStep(String path, Wait duration) implements Step {
        @Override
        public String kind() {
            return "wait";
        }
    }

    /**
     * Until the next time it is {@code at} (on {@code day}, if given) on the store's clock, else the tenant's; with
     * {@code eventTime}, until the moment in that property of the triggering event, moved by {@code offset}, at
     * {@code at} on that day when given.
     */
    public record WaitUntil(String path, LocalTime at, DayOfWeek day, String eventTime, Wait offset) implements Step {
        @Override
        public String kind() {
            return "waitUntil";
        }
    }

    /** {@code crossSell}: how many products that go with what the person bought to put in (null: none). */
    public record Send(String path, List<String> channels, String template, UUID offerId, Integer crossSell)
            implements Step {
        @Override
        public String kind() {
            return "send";
        }
    }

    public record IssueCoupon(String path, UUID offerId) implements Step {
        @Override
        public String kind() {
            return "issueCoupon";
        }
    }

    /**
     * {@code rule}: a segment rule over the person, or null; else {@code property} of the triggering event compared
     * ({@code op}: equals, gte, lte) with {@code value}. Falls through to the then-steps, else jumps to {@code elseAt}.
     */
    public record Branch(String path, JsonNode rule, String property, String op, JsonNode value, int elseAt)
            implements Step {
        @Override
        public String kind() {
            return "branch";
        }
    }

    /**
     * Waits up to {@code within} for an event of the person ({@code store}: a store code, or any store); heard, it
     * falls through to the then-steps, timed out it jumps to {@code elseAt}.
     */
    public record WaitFor(String path, String event, String store, Wait within, int elseAt) implements Step {
        @Override
        public String kind() {
            return "waitFor";
        }
    }

    /** Gives ({@code points} above zero) or takes (below) loyalty points, with the reason the ledger shows. */
    public record Points(String path, long points, String reason) implements Step {
        @Override
        public String kind() {
            return "points";
        }
    }

    /** Sets a profile trait to a text value for the person. */
    public record SetTrait(String path, String name, String value) implements Step {
        @Override
        public String kind() {
            return "setTrait";
        }
    }

    /** A task for store staff; {@code store} a store code, else the store the person came in through. */
    public record StaffTask(String path, String title, String store) implements Step {
        @Override
        public String kind() {
            return "task";
        }
    }

    public record Split(String path, List<Integer> weights, List<Integer> targets) implements Step {
        @Override
        public String kind() {
            return "split";
        }
    }

    public record Webhook(String path, String url) implements Step {
        @Override
        public String kind() {
            return "webhook";
        }
    }

    /** Written as {@code goto}, or put in by the compiler at the end of a branch or a variant. */
    public record Jump(String path, int target) implements Step {
        @Override
        public String kind() {
            return "jump";
        }
    }

    public record Exit(String path) implements Step {
        @Override
        public String kind() {
            return "exit";
        }
    }
}
