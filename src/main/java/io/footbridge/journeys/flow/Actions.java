package io.footbridge.journeys.flow;

import io.footbridge.audiences.Segments;
import io.footbridge.capture.EventRecorder;
import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.Purpose;
import io.footbridge.loyalty.LoyaltyPoints;
import io.footbridge.messaging.Messages;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.profile.CustomerView;
import io.footbridge.profile.Customers;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the steps do to the world: send through the consent gate, issue coupons, test branches, read clocks. Each
 * write carries an idempotency key made of the entry and the step's count, and runs in the runner's transaction,
 * so a step's effect and the entry's move commit together or not at all.
 */
@Component
class Actions {

    /** How a step ended; {@code retryAt} set when it should run again then instead (quiet hours, the cap). */
    record Outcome(String status, String detail, Instant retryAt) {

        static Outcome of(String status, String detail) {
            return new Outcome(status, detail, null);
        }
    }

    private final ConsentGate gate;
    private final Messages messages;
    private final Offers offers;
    private final Segments segments;
    private final Customers customers;
    private final Stores stores;
    private final JsonMapper json;
    private final EventRecorder recorder;
    private final StrongestIdentifier strongest;
    private final CrossSell crossSell;
    private final LoyaltyPoints points;

    Actions(ConsentGate gate, Messages messages, Offers offers, Segments segments, Customers customers,
            Stores stores, JsonMapper json, EventRecorder recorder, StrongestIdentifier strongest,
            CrossSell crossSell, LoyaltyPoints points) {
        this.points = points;
        this.recorder = recorder;
        this.strongest = strongest;
        this.crossSell = crossSell;
        this.gate = gate;
        this.messages = messages;
        this.offers = offers;
        this.segments = segments;
        this.customers = customers;
        this.stores = stores;
        this.json = json;
    }

    static String key(JourneyRepository.Entry e, int seq) {
        return "journey:" + e.id() + ":" + seq;
    }

    /**
     * Sends on the first channel in the step's order that the consent gate allows now and the person can be reached
     * on; held-out people get nothing. When every channel is refused only for the time being (quiet hours, the
     * frequency cap), the step waits for the earliest moment one may pass.
     */
    Outcome send(JourneyRepository.Entry e, Program.Send step, int seq, Instant now) {
        if (e.holdout()) {
            return Outcome.of("held_out", null);
        }
        String key = key(e, seq);
        Optional<StoreRef> store = store(e);
        ZoneId zone = store.map(StoreRef::timeZone).orElse(null);
        List<String> refusals = new ArrayList<>();
        Instant retry = null;
        Map<String, Object> variables = null;
        for (String name : step.channels()) {
            Channel channel = Channel.valueOf(name.toUpperCase(Locale.ROOT));
            ConsentGate.Decision decision = gate.check(new ConsentGate.Ask(e.tenantId(), e.personId(), channel,
                    Purpose.MARKETING, null, zone, now));
            if (!decision.allowed()) {
                refusals.add(name + ": " + decision.reason().value());
                if (decision.notBefore() != null && (retry == null || decision.notBefore().isBefore(retry))) {
                    retry = decision.notBefore();
                }
                continue;
            }
            try {
                if (variables == null) {
                    variables = variables(e, store);
                    if (step.offerId() != null) {
                        IssuedCoupon coupon = offers.issue(e.tenantId(), step.offerId(), e.personId(), "journey",
                                "journey", key + ":coupon");
                        variables.put("couponCode", coupon.displayCode());
                        variables.put("couponUrl", coupon.pageUrl());
                        variables.put("offerName", coupon.offerName());
                        variables.put("discount", coupon.discount());
                    }
                    if (step.crossSell() != null) {
                        List<Map<String, Object>> picks = crossSell.picks(e, step.crossSell(), now).stream()
                                .map(CrossSell.Pick::variables).toList();
                        variables.put("crossSell", picks);
                        variables.put("hasCrossSell", !picks.isEmpty());
                    }
                }
                Messages.Queued queued = messages.send(new Messages.Outgoing(e.tenantId(), e.personId(), channel,
                        Purpose.MARKETING, null, step.template(), null, variables, key + ":" + name,
                        e.storeId(), "journey"));
                if (queued.blocked()) {
                    refusals.add(name + ": " + queued.reason());
                    continue;
                }
                return Outcome.of("sent", name + " " + queued.messageId());
            } catch (ProblemException refused) {
                refusals.add(name + ": " + refused.getMessage());
            }
        }
        if (retry != null && retry.isAfter(now)) {
            return new Outcome(null, String.join("; ", refusals), retry);
        }
        return Outcome.of("blocked", String.join("; ", refusals));
    }

    Outcome issue(JourneyRepository.Entry e, Program.IssueCoupon step, int seq) {
        if (e.holdout()) {
            return Outcome.of("held_out", null);
        }
        try {
            IssuedCoupon coupon = offers.issue(e.tenantId(), step.offerId(), e.personId(), "journey", "journey",
                    key(e, seq));
            return Outcome.of("done", "coupon " + coupon.couponId());
        } catch (ProblemException refused) {
            return Outcome.of("failed", refused.getMessage());
        }
    }

    /**
     * Gives or takes the step's points through loyalty, with the step's key as the ledger entry's source id, so a
     * step run again (a retry after a failure elsewhere in the batch, a node that died before the commit) changes
     * the balance once. Someone who is not a member is skipped, not made one: joining the club is theirs to ask
     * for, with its own consent wording, and needs a loyalty number they give. Held-out people get nothing.
     */
    Outcome points(JourneyRepository.Entry e, Program.Points step, int seq) {
        if (e.holdout()) {
            return Outcome.of("held_out", null);
        }
        LoyaltyPoints.Change change = points.change(e.tenantId(), e.personId(), step.points(), key(e, seq),
                step.reason(), "journey " + e.journeyId() + " v" + e.version());
        return switch (change.outcome()) {
            case "awarded", "deducted" -> Outcome.of("done", change.outcome() + " " + Math.abs(change.points())
                    + " points, " + change.available() + " available");
            case "already" -> Outcome.of("done", "the ledger had this step's points already");
            case "not_member" -> Outcome.of("skipped", "not a loyalty member");
            case "no_programme" -> Outcome.of("skipped", "no loyalty programme");
            case "short" -> Outcome.of("skipped", "only " + change.available() + " points available, "
                    + -step.points() + " to deduct");
            default -> Outcome.of("failed", change.outcome());
        };
    }

    /**
     * Sets the trait as the profile keeps traits: an event of the person carrying it, recorded once (its id is the
     * entry and the step) in the runner's transaction. Held-out people get it too: it is data, not a treatment.
     */
    Outcome setTrait(JourneyRepository.Entry e, Program.SetTrait step, int seq, Instant now) {
        Optional<CustomerView.Identifier> identifier = strongest.of(e.tenantId(), e.personId());
        if (identifier.isEmpty()) {
            return Outcome.of("failed", "the person is gone or has no identifier to file the trait under");
        }
        var identifiers = json.createObjectNode().put(identifier.get().type(), identifier.get().value());
        var properties = json.createObjectNode().put(step.name(), step.value()).put("journeyId",
                e.journeyId().toString());
        recorder.record(e.tenantId(), "journeys", List.of(new EventRecorder.NewEvent(key(e, seq), "journey.trait",
                now, e.storeId(), null, identifiers.toString(), properties.toString())));
        return Outcome.of("done", step.name());
    }

    boolean branch(JourneyRepository.Entry e, Program.Branch step) {
        if (step.rule() != null) {
            return segments.matches(e.tenantId(), e.personId(), step.rule());
        }
        JsonNode context = e.context() == null ? json.createObjectNode() : json.readTree(e.context());
        JsonNode value = context.get(step.property());
        if (value == null || value.isNull()) {
            return false;
        }
        return switch (step.op()) {
            case "equals" -> step.value().isNumber() && value.isNumber()
                    ? value.asDouble() == step.value().asDouble() : value.asString().equals(step.value().asString());
            case "gte" -> value.isNumber() && value.asDouble() >= step.value().asDouble();
            case "lte" -> value.isNumber() && value.asDouble() <= step.value().asDouble();
            default -> false;
        };
    }

    /** A variant by weight, the same every time for this entry and step. */
    static int pick(JourneyRepository.Entry e, int pc, List<Integer> weights) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        int roll = Math.floorMod((e.id() + ":" + pc).hashCode() * 0x9E3779B1, total);
        for (int i = 0; i < weights.size(); i++) {
            roll -= weights.get(i);
            if (roll < 0) {
                return i;
            }
        }
        return weights.size() - 1;
    }

    /** The next moment after {@code now} that is {@code at} (on {@code day}) on the store's clock, else UTC's. */
    Instant until(JourneyRepository.Entry e, Program.WaitUntil step, Instant now) {
        ZoneId zone = store(e).map(StoreRef::timeZone).orElse(ZoneOffset.UTC);
        if (step.eventTime() != null) {
            return eventTime(e, step, zone, now);
        }
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime next = local.with(step.at());
        if (step.day() != null) {
            next = next.with(TemporalAdjusters.nextOrSame(step.day()));
        }
        while (!next.toInstant().isAfter(now)) {
            next = step.day() == null ? next.plusDays(1) : next.plusWeeks(1);
        }
        return next.toInstant();
    }

    /**
     * The moment in the triggering event's property moved by the offset (at {@code at} that day on the store's
     * clock), or now when it has passed but the event itself has not; null when there is nothing to wait for: the
     * event has no such moment, or it is over (a reminder of a workshop that already took place is not sent). A
     * date without a time is over when that day ends.
     */
    private Instant eventTime(JourneyRepository.Entry e, Program.WaitUntil step, ZoneId zone, Instant now) {
        Optional<EventMoment> event = eventMoment(e, step, zone);
        if (event.isEmpty()) {
            return null;
        }
        ZonedDateTime moment = event.get().start();
        if (step.offset() != null) {
            moment = moment.plus(step.offset().period()).plus(step.offset().time());
        }
        if (step.at() != null) {
            moment = moment.with(step.at());
        }
        if (moment.toInstant().isAfter(now)) {
            return moment.toInstant();
        }
        // a moment after the event (a follow-up two days on) reached late still goes; a reminder before it only
        // while the event is not over
        boolean afterTheEvent = moment.isAfter(event.get().start());
        return afterTheEvent || event.get().over().isAfter(now) ? now : null;
    }

    /** When the triggering event's moment starts (on {@code zone}'s clock) and when it is over. */
    record EventMoment(ZonedDateTime start, Instant over) {
    }

    /** The triggering event's value of the wait's {@code eventTime} property; empty when it has no usable one. */
    Optional<EventMoment> eventMoment(JourneyRepository.Entry e, Program.WaitUntil step, ZoneId zone) {
        JsonNode value = e.context() == null ? null : json.readTree(e.context()).get(step.eventTime());
        if (value == null || !value.isString()) {
            return Optional.empty();
        }
        try {
            ZonedDateTime start = java.time.OffsetDateTime.parse(value.asString()).atZoneSameInstant(zone);
            return Optional.of(new EventMoment(start, start.toInstant()));
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            try {
                ZonedDateTime day = java.time.LocalDate.parse(value.asString()).atStartOfDay(zone);
                return Optional.of(new EventMoment(day, day.plusDays(1).toInstant()));
            } catch (java.time.format.DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** The id of the tenant's store with this code; null for none given (or a store since removed: any store). */
    java.util.UUID storeId(JourneyRepository.Entry e, String code) {
        return code == null ? null : stores.findByCode(e.tenantId(), code).map(StoreRef::id).orElse(null);
    }

    private Optional<StoreRef> store(JourneyRepository.Entry e) {
        return e.storeId() == null ? Optional.empty() : stores.findById(e.tenantId(), e.storeId());
    }

    /** The profile's traits (also at the top level, as {{firstName}}), the triggering event as {{event.…}}. */
    private Map<String, Object> variables(JourneyRepository.Entry e, Optional<StoreRef> store) {
        Map<String, Object> variables = new HashMap<>();
        Map<String, String> traits = new HashMap<>();
        try {
            CustomerView view = customers.view(Actor.system(e.tenantId(), "journeys", Set.of(Scope.PROFILES_READ)),
                    e.personId());
            traits.putAll(view.traits());
        } catch (ProblemException gone) {
            // an erased or unknown person has no traits; the gate refuses them before anything is sent
        }
        variables.putAll(traits);
        variables.put("profile", traits);
        variables.put("event", e.context() == null ? Map.of() : json.readValue(e.context(), Map.class));
        store.ifPresent(s -> variables.put("storeName", s.name()));
        return variables;
    }
}
