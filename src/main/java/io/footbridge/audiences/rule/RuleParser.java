package io.footbridge.audiences.rule;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a rule from JSON, strictly: an unknown field, a value of the wrong type, a window that is not a positive ISO
 * 8601 period ({@code P90D}, {@code PT12H}) is a 400 naming the place, such as {@code rule.all[1].event.within}.
 * What needs the tenant's data (stores, other segments) is handed back for the caller to check.
 */
public final class RuleParser {

    /** A rule with the places where it names stores, other segments and loyalty tiers. */
    public record Parsed(Rule rule, Map<String, String> stores, Map<String, UUID> segments,
                         Map<String, String> tiers) {
    }

    private static final int MAX_DEPTH = 8;
    private static final int MAX_CONDITIONS = 100;
    private static final Set<String> TRAIT_OPS = Set.of("eq", "ne", "in", "present", "absent");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");

    private final List<FieldError> errors = new ArrayList<>();
    private final Map<String, String> stores = new LinkedHashMap<>();
    private final Map<String, UUID> segments = new LinkedHashMap<>();
    private final Map<String, String> tiers = new LinkedHashMap<>();
    private int conditions;

    private RuleParser() {
    }

    /** The rule at {@code path} of a request (usually {@code rule}); a 400 problem listing every fault. */
    public static Parsed parse(JsonNode node, String path) {
        RuleParser parser = new RuleParser();
        Rule rule = parser.rule(node, path, 0);
        if (!parser.errors.isEmpty()) {
            throw ProblemException.invalid(parser.errors);
        }
        return new Parsed(rule, parser.stores, parser.segments, parser.tiers);
    }

    private Rule rule(JsonNode node, String path, int depth) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return fail(path, "is required: a rule object such as {\"all\": [...]}");
        }
        if (!node.isObject() || node.size() != 1) {
            return fail(path, "must be an object with exactly one of: all, any, not, event, noEvent, spend, consent,"
                    + " trait, identifier, firstPurchase, lastPurchase, segment, rfm, clv, activeProbability,"
                    + " loyaltyTier");
        }
        if (depth > MAX_DEPTH) {
            return fail(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (++conditions > MAX_CONDITIONS) {
            return fail(path, "makes the rule longer than " + MAX_CONDITIONS + " conditions");
        }
        String kind = node.propertyNames().iterator().next();
        JsonNode body = node.get(kind);
        String at = path + "." + kind;
        return switch (kind) {
            case "all", "any" -> {
                if (!body.isArray() || body.isEmpty()) {
                    yield fail(at, "must be a non-empty array of rules");
                }
                List<Rule> rules = new ArrayList<>();
                for (int i = 0; i < body.size(); i++) {
                    rules.add(rule(body.get(i), at + "[" + i + "]", depth + 1));
                }
                yield kind.equals("all") ? new Rule.All(rules) : new Rule.Any(rules);
            }
            case "not" -> new Rule.Not(rule(body, at, depth + 1));
            case "event" -> event(body, at);
            case "noEvent" -> noEvent(body, at);
            case "spend" -> spend(body, at);
            case "consent" -> consent(body, at);
            case "trait" -> trait(body, at);
            case "identifier" -> identifier(body, at);
            case "firstPurchase", "lastPurchase" -> purchase(body, at, kind.equals("firstPurchase"));
            case "segment" -> member(body, at);
            case "rfm" -> rfm(body, at);
            case "clv" -> clv(body, at);
            case "activeProbability" -> activeProbability(body, at);
            case "loyaltyTier" -> loyaltyTier(body, at);
            default -> fail(path + "." + kind, "is not a kind of rule (all, any, not, event, noEvent, spend,"
                    + " consent, trait, identifier, firstPurchase, lastPurchase, segment, rfm, clv,"
                    + " activeProbability, loyaltyTier)");
        };
    }

    private Rule event(JsonNode body, String at) {
        if (!object(body, at, Set.of("type", "within", "since", "min", "max", "store", "category", "property"))) {
            return null;
        }
        String type = name(body, at, "type", true);
        Rule.Window window = window(body, at);
        Long min = count(body, at, "min");
        Long max = count(body, at, "max");
        if (min != null && max != null && min > max) {
            fail(at + ".max", "must not be below min");
        }
        String store = store(body, at);
        String category = text(body, at, "category", 100, false);
        Rule.Property property = null;
        JsonNode p = body.get("property");
        if (p != null && object(p, at + ".property", Set.of("name", "value"))) {
            String name = name(p, at + ".property", "name", true);
            JsonNode value = p.get("value");
            if (value == null || !value.isValueNode() || value.isNull()) {
                fail(at + ".property.value", "must be a string, number or boolean");
            } else {
                property = new Rule.Property(name, value.asString());
            }
        }
        return new Rule.Event(type, window, min == null ? 1 : min, max, store, category, property);
    }

    private Rule noEvent(JsonNode body, String at) {
        if (!object(body, at, Set.of("type", "within", "since", "store", "category"))) {
            return null;
        }
        return new Rule.NoEvent(name(body, at, "type", true), window(body, at), store(body, at),
                text(body, at, "category", 100, false));
    }

    private Rule spend(JsonNode body, String at) {
        if (!object(body, at, Set.of("within", "since", "min", "max", "currency"))) {
            return null;
        }
        Rule.Window window = window(body, at);
        Long min = count(body, at, "min");
        Long max = count(body, at, "max");
        if (min == null && max == null) {
            fail(at + ".min", "give min or max (minor units, such as 10000 for 100.00)");
        }
        String currency = text(body, at, "currency", 3, true);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            fail(at + ".currency", "must be an ISO 4217 code such as EUR");
        }
        return new Rule.Spend(window, min, max, currency);
    }

    /** {@code {"rfm": {"recency": [4, 5], "frequency": 5, "monetary": [3, 4, 5]}}}: quintiles 1 to 5. */
    private Rule rfm(JsonNode body, String at) {
        if (!object(body, at, Set.of("recency", "frequency", "monetary"))) {
            return null;
        }
        if (body.isEmpty()) {
            return fail(at, "must name at least one of recency, frequency, monetary");
        }
        return new Rule.Rfm(quintiles(body, at, "recency"), quintiles(body, at, "frequency"),
                quintiles(body, at, "monetary"));
    }

    /** {@code {"clv": {"currency": "EUR", "atLeast": 5000, "atMost": 20000}}}: minor units, a bound at least. */
    private Rule clv(JsonNode body, String at) {
        if (!object(body, at, Set.of("currency", "atLeast", "atMost"))) {
            return null;
        }
        String currency = text(body, at, "currency", 3, true);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            fail(at + ".currency", "must be an ISO 4217 code such as EUR");
        }
        Long atLeast = count(body, at, "atLeast");
        Long atMost = count(body, at, "atMost");
        if (!body.has("atLeast") && !body.has("atMost")) {
            fail(at + ".atLeast", "give atLeast or atMost (minor units, such as 10000 for 100.00)");
        } else if (atLeast != null && atMost != null && atLeast > atMost) {
            fail(at + ".atMost", "must not be below atLeast");
        }
        return new Rule.Clv(currency, atLeast, atMost);
    }

    /** {@code {"loyaltyTier": {"name": "Gold"}}} or {@code {"loyaltyTier": {"names": ["Gold", "Platinum"]}}}. */
    private Rule loyaltyTier(JsonNode body, String at) {
        if (!object(body, at, Set.of("name", "names"))) {
            return null;
        }
        if (body.has("name") == body.has("names")) {
            return fail(at + ".name", "give name (one tier) or names (a list of tiers)");
        }
        List<String> names = new ArrayList<>();
        if (body.has("name")) {
            String name = text(body, at, "name", 64, true);
            if (name != null) {
                names.add(name);
                tiers.put(at + ".name", name);
            }
        } else {
            JsonNode list = body.get("names");
            if (!list.isArray() || list.isEmpty()) {
                return fail(at + ".names", "must be a non-empty list of tier names");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode n = list.get(i);
                if (!n.isString() || n.asString().isBlank() || n.asString().length() > 64) {
                    fail(at + ".names[" + i + "]", "must be a tier name (text, at most 64 characters)");
                } else {
                    names.add(n.asString().strip());
                    tiers.put(at + ".names[" + i + "]", n.asString().strip());
                }
            }
        }
        return new Rule.LoyaltyTier(List.copyOf(names));
    }

    /** {@code {"activeProbability": {"atLeast": 0.5, "atMost": 0.9}}}: probabilities from 0 to 1. */
    private Rule activeProbability(JsonNode body, String at) {
        if (!object(body, at, Set.of("atLeast", "atMost"))) {
            return null;
        }
        Double atLeast = probability(body, at, "atLeast");
        Double atMost = probability(body, at, "atMost");
        if (!body.has("atLeast") && !body.has("atMost")) {
            fail(at + ".atLeast", "give atLeast or atMost (a probability from 0 to 1)");
        } else if (atLeast != null && atMost != null && atLeast > atMost) {
            fail(at + ".atMost", "must not be below atLeast");
        }
        return new Rule.ActiveProbability(atLeast, atMost);
    }

    private Double probability(JsonNode body, String at, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isNumber() || !(node.asDouble() >= 0 && node.asDouble() <= 1)) {
            fail(at + "." + field, "must be a number from 0 to 1");
            return null;
        }
        return node.asDouble();
    }

    private List<Integer> quintiles(JsonNode body, String at, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        List<JsonNode> given = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(given::add);
        } else {
            given.add(node);
        }
        List<Integer> quintiles = new ArrayList<>();
        for (JsonNode q : given) {
            if (!q.isIntegralNumber() || !q.canConvertToInt() || q.asInt() < 1 || q.asInt() > 5) {
                fail(at + "." + field, "must be a quintile from 1 to 5, or a list of them");
                return null;
            }
            quintiles.add(q.asInt());
        }
        if (quintiles.isEmpty()) {
            fail(at + "." + field, "must be a quintile from 1 to 5, or a list of them");
            return null;
        }
        return List.copyOf(quintiles);
    }

    private Rule consent(JsonNode body, String at) {
        if (!object(body, at, Set.of("channel", "purpose"))) {
            return null;
        }
        String channel = text(body, at, "channel", 16, true);
        if (channel != null && Channel.of(channel).isEmpty()) {
            fail(at + ".channel", "must be one of: email, sms, whatsapp, push, ads");
        }
        String purpose = body.has("purpose") ? text(body, at, "purpose", 16, true) : "marketing";
        if (purpose != null && Purpose.of(purpose).isEmpty()) {
            fail(at + ".purpose", "must be marketing or service");
        }
        return new Rule.Consent(channel, purpose);
    }

    private Rule trait(JsonNode body, String at) {
        if (!object(body, at, Set.of("name", "op", "value", "values"))) {
            return null;
        }
        String name = name(body, at, "name", true);
        String op = body.has("op") ? text(body, at, "op", 16, true) : "eq";
        if (op != null && !TRAIT_OPS.contains(op)) {
            fail(at + ".op", "must be one of: eq, ne, in, present, absent");
            return null;
        }
        List<String> values = new ArrayList<>();
        JsonNode value = body.get("value");
        JsonNode many = body.get("values");
        if (value != null) {
            if (!value.isValueNode() || value.isNull()) {
                fail(at + ".value", "must be a string, number or boolean");
            } else {
                values.add(value.asString());
            }
        }
        if (many != null) {
            if (!many.isArray() || many.isEmpty() || many.size() > 100) {
                fail(at + ".values", "must be an array of 1 to 100 values");
            } else {
                for (int i = 0; i < many.size(); i++) {
                    if (!many.get(i).isValueNode() || many.get(i).isNull()) {
                        fail(at + ".values[" + i + "]", "must be a string, number or boolean");
                    } else {
                        values.add(many.get(i).asString());
                    }
                }
            }
        }
        boolean needsValue = op != null && !op.equals("present") && !op.equals("absent");
        if (needsValue && values.isEmpty()) {
            fail(at + ".value", "is required for op " + op);
        }
        return new Rule.Trait(name, op, values);
    }

    private Rule identifier(JsonNode body, String at) {
        if (!object(body, at, Set.of("type"))) {
            return null;
        }
        String type = text(body, at, "type", 16, true);
        if (type != null && io.footbridge.identity.IdentifierType.ofKey(type).isEmpty()) {
            fail(at + ".type", "must be one of: email, phone, loyaltyId, deviceId, anonymousId");
        }
        return new Rule.Identifier(type);
    }

    private Rule purchase(JsonNode body, String at, boolean first) {
        if (!object(body, at, Set.of("before", "after"))) {
            return null;
        }
        Rule.Moment before = moment(body.get("before"), at + ".before");
        Rule.Moment after = moment(body.get("after"), at + ".after");
        if (before == null && after == null) {
            fail(at, "give before or after: a period ago (P30D) or a date (2026-01-31)");
        }
        return new Rule.Purchase(first, before, after);
    }

    private Rule member(JsonNode body, String at) {
        if (!body.isString()) {
            return fail(at, "must be the id of another segment");
        }
        try {
            UUID id = UUID.fromString(body.asString());
            segments.put(at, id);
            return new Rule.Member(id);
        } catch (IllegalArgumentException e) {
            return fail(at, "must be the id of another segment");
        }
    }

    private Rule.Window window(JsonNode body, String at) {
        if (body.has("within") && body.has("since")) {
            fail(at + ".since", "give within or since, not both");
            return Rule.Window.EVER;
        }
        if (body.has("within")) {
            TemporalAmount amount = period(body.get("within"), at + ".within");
            return amount == null ? Rule.Window.EVER : new Rule.Window(amount, null);
        }
        if (body.has("since")) {
            Instant since = instant(body.get("since"), at + ".since");
            return since == null ? Rule.Window.EVER : new Rule.Window(null, since);
        }
        return Rule.Window.EVER;
    }

    private Rule.Moment moment(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString() && node.asString().startsWith("P")) {
            TemporalAmount ago = period(node, at);
            return ago == null ? null : new Rule.Moment(ago, null);
        }
        Instant instant = instant(node, at);
        return instant == null ? null : new Rule.Moment(null, instant);
    }

    /** A positive ISO 8601 period (P90D, P2W, P1M) or duration (PT12H); at most ten years. */
    private TemporalAmount period(JsonNode node, String at) {
        String reason = "must be a positive ISO 8601 period such as P90D or PT12H";
        if (!node.isString()) {
            fail(at, reason);
            return null;
        }
        String text = node.asString();
        try {
            if (text.contains("T")) {
                Duration duration = Duration.parse(text);
                if (duration.isNegative() || duration.isZero() || duration.toDays() > 3660) {
                    fail(at, reason);
                    return null;
                }
                return duration;
            }
            Period period = Period.parse(text);
            if (period.isNegative() || period.isZero() || period.getDays() < 0 || period.getMonths() < 0
                    || period.getYears() < 0 || period.toTotalMonths() * 31 + period.getDays() > 3660) {
                fail(at, reason);
                return null;
            }
            return period;
        } catch (DateTimeParseException e) {
            fail(at, reason);
            return null;
        }
    }

    private Instant instant(JsonNode node, String at) {
        String reason = "must be a date (2026-01-31) or a time in UTC (2026-01-31T08:00:00Z)";
        if (!node.isString()) {
            fail(at, reason);
            return null;
        }
        try {
            String text = node.asString();
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            fail(at, reason);
            return null;
        }
    }

    private boolean object(JsonNode body, String at, Set<String> fields) {
        if (!body.isObject()) {
            fail(at, "must be an object");
            return false;
        }
        boolean known = true;
        for (String name : body.propertyNames()) {
            if (!fields.contains(name)) {
                fail(at + "." + name, "is not a field here; known: " + String.join(", ", new java.util.TreeSet<>(fields)));
                known = false;
            }
        }
        return known;
    }

    private String name(JsonNode body, String at, String field, boolean required) {
        String text = text(body, at, field, 64, required);
        if (text != null && !NAME.matcher(text).matches()) {
            fail(at + "." + field, "must be a name of letters, digits and . _ : - (at most 64)");
            return null;
        }
        return text;
    }

    private String store(JsonNode body, String at) {
        String code = text(body, at, "store", 64, false);
        if (code != null) {
            stores.put(at + ".store", code);
        }
        return code;
    }

    private String text(JsonNode body, String at, String field, int max, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                fail(at + "." + field, "is required");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            fail(at + "." + field, "must be a non-empty string");
            return null;
        }
        if (node.asString().length() > max) {
            fail(at + "." + field, "must be at most " + max + " characters");
            return null;
        }
        return node.asString();
    }

    private Long count(JsonNode body, String at, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            fail(at + "." + field, "must be a whole number, 0 or more");
            return null;
        }
        return node.asLong();
    }

    private Rule fail(String field, String reason) {
        errors.add(new FieldError(field, reason));
        return null;
    }
}
