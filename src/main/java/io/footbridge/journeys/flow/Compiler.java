package io.footbridge.journeys.flow;

import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.profile.Customers;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a journey definition and compiles it to a {@link Program}, or refuses it with every problem named by its
 * path ({@code steps[2].wait}): unknown fields, negative waits, unknown templates, offers, segments and stores, rules
 * the segments refuse, steps that never lead to an exit and cycles without a wait.
 */
public final class Compiler {

    /** What a definition refers to, looked up in the tenant's data. */
    public interface Names {
        boolean template(String key);

        boolean offer(UUID id);

        boolean segment(UUID id);

        boolean store(String code);

        /** The rule's problems, their paths under {@code path}; empty when the segments accept it. */
        List<FieldError> rule(JsonNode rule, String path);

        /** Why a webhook may not call this address, or empty when it may. */
        default java.util.Optional<String> refusal(URI address) {
            return java.util.Optional.empty();
        }
    }

    public static final Set<String> FIELDS = Set.of("name", "trigger", "steps", "goal", "reentry", "holdoutPercent");
    private static final Set<String> CHANNELS = Set.of("email", "sms", "whatsapp", "push");
    private static final Set<String> DATE_TRAITS = Set.of("birthDate", "birthday");
    private static final int MAX_STEPS = 500;

    private final Names names;
    private final List<FieldError> errors = new ArrayList<>();
    private final List<Program.Step> steps = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final Map<Integer, String> gotos = new HashMap<>();

    private Compiler(Names names) {
        this.names = names;
    }

    /** Compiles or throws a {@link ProblemException} listing every problem found. */
    public static Program compile(JsonNode definition, Names names) {
        return new Compiler(names).run(definition);
    }

    private Program run(JsonNode d) {
        if (d == null || !d.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object with name, trigger and steps");
        }
        for (String field : d.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "is not a field of a journey; give " + String.join(", ",
                        List.of("name", "trigger", "steps", "goal", "reentry", "holdoutPercent"))));
            }
        }
        JsonNode name = d.get("name");
        if (name == null || !name.isString() || name.asString().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.asString().length() > 200) {
            errors.add(new FieldError("name", "must be at most 200 characters"));
        }
        Program.Trigger trigger = trigger(d.get("trigger"));
        JsonNode list = d.get("steps");
        if (list == null || !list.isArray() || list.isEmpty()) {
            errors.add(new FieldError("steps", "is required: a list of at least one step"));
        } else {
            list("steps", list);
            steps.add(new Program.Exit("steps[" + list.size() + "]"));
            resolveGotos();
            if (steps.size() > MAX_STEPS) {
                errors.add(new FieldError("steps", "has more than " + MAX_STEPS + " steps"));
            }
            if (errors.isEmpty()) {
                checkGraph();
            }
        }
        Program.Goal goal = goal(d.get("goal"));
        Program.Reentry reentry = reentry(d.get("reentry"));
        int holdout = 0;
        JsonNode h = d.get("holdoutPercent");
        if (h != null && !h.isNull()) {
            if (!h.isIntegralNumber() || h.asInt() < 0 || h.asInt() > 90) {
                errors.add(new FieldError("holdoutPercent", "must be a whole number from 0 to 90"));
            } else {
                holdout = h.asInt();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Program(trigger, List.copyOf(steps), goal, reentry, holdout);
    }

    private Program.Trigger trigger(JsonNode t) {
        if (t == null || !t.isObject() || t.size() != 1) {
            errors.add(new FieldError("trigger", "is required: one of event, segmentEntered, segmentLeft, date, api"));
            return null;
        }
        String kind = t.propertyNames().iterator().next();
        JsonNode v = t.get(kind);
        String path = "trigger." + kind;
        switch (kind) {
            case "event" -> {
                if (!v.isObject()) {
                    errors.add(new FieldError(path, "must be an object with a type"));
                    return null;
                }
                only(path, v, Set.of("type", "store", "where"));
                String type = text(v, "type", path + ".type", true);
                String store = text(v, "store", path + ".store", false);
                if (store != null && !names.store(store)) {
                    errors.add(new FieldError(path + ".store", "is not a store of this tenant"));
                }
                JsonNode where = v.get("where");
                if (where != null && (!where.isObject() || where.properties().stream()
                        .anyMatch(p -> !p.getValue().isValueNode()))) {
                    errors.add(new FieldError(path + ".where", "must be an object of property names and values"));
                }
                return new Program.EventTrigger(type, store, where);
            }
            case "segmentEntered", "segmentLeft" -> {
                UUID id = uuid(v, path);
                if (id != null && !names.segment(id)) {
                    errors.add(new FieldError(path, "is not a segment of this tenant"));
                }
                return new Program.SegmentTrigger(id, kind.equals("segmentEntered"));
            }
            case "date" -> {
                if (!v.isObject()) {
                    errors.add(new FieldError(path, "must be an object with a trait"));
                    return null;
                }
                only(path, v, Set.of("trait", "replenishment", "offset", "at"));
                Wait offset = v.has("offset") ? duration(v.get("offset"), path + ".offset", true) : Wait.parse("P0D");
                LocalTime at = v.has("at") ? time(v.get("at"), path + ".at") : LocalTime.of(10, 0);
                if (v.has("replenishment")) {
                    if (v.has("trait")) {
                        errors.add(new FieldError(path + ".trait", "give a trait or a replenishment, not both"));
                    }
                    JsonNode r = v.get("replenishment");
                    String rPath = path + ".replenishment";
                    if (!r.isObject() || r.size() != 1 || !(r.has("sku") || r.has("category"))) {
                        errors.add(new FieldError(rPath, "must be {\"sku\": \"…\"} or {\"category\": \"…\"}"));
                        return null;
                    }
                    String of = r.has("sku") ? "sku" : "category";
                    String item = text(r, of, rPath + "." + of, true);
                    if (item != null && item.length() > 200) {
                        errors.add(new FieldError(rPath + "." + of, "must be at most 200 characters"));
                    }
                    return new Program.ReplenishmentTrigger(of, item, offset, at);
                }
                String trait = text(v, "trait", path + ".trait", true);
                if (trait != null && !DATE_TRAITS.contains(trait)) {
                    errors.add(new FieldError(path + ".trait", "must be birthDate"));
                }
                return new Program.DateTrigger("birthDate", offset, at);
            }
            case "api" -> {
                return new Program.ApiTrigger();
            }
            default -> {
                errors.add(new FieldError("trigger." + kind,
                        "is not a trigger; give event, segmentEntered, segmentLeft, date or api"));
                return null;
            }
        }
    }

    private void list(String path, JsonNode list) {
        for (int i = 0; i < list.size(); i++) {
            step(path + "[" + i + "]", list.get(i));
        }
    }

    private void step(String at, JsonNode s) {
        if (!s.isObject()) {
            errors.add(new FieldError(at, "must be a step object such as {\"wait\": \"P1D\"}"));
            return;
        }
        JsonNode id = s.get("id");
        if (id != null) {
            if (!id.isString() || id.asString().isBlank() || labels.containsKey(id.asString())) {
                errors.add(new FieldError(at + ".id", "must be a name no other step has"));
            } else {
                labels.put(id.asString(), steps.size());
            }
        }
        List<String> kinds = s.propertyNames().stream().filter(k -> !k.equals("id")).toList();
        if (kinds.size() != 1) {
            errors.add(new FieldError(at, "must have exactly one of wait, waitUntil, waitFor, send, issueCoupon,"
                    + " points, setTrait, task, branch, split, webhook, goto, exit"));
            return;
        }
        String kind = kinds.get(0);
        JsonNode v = s.get(kind);
        String path = at + "." + kind;
        switch (kind) {
            case "wait" -> {
                Wait wait = duration(v, path, false);
                steps.add(new Program.WaitStep(path, wait));
            }
            case "waitUntil" -> {
                if (!v.isObject()) {
                    errors.add(new FieldError(path, "must be an object such as {\"at\": \"10:00\"}"));
                    return;
                }
                only(path, v, Set.of("at", "day", "eventTime", "offset"));
                String eventTime = text(v, "eventTime", path + ".eventTime", false);
                if (eventTime == null && v.has("offset")) {
                    errors.add(new FieldError(path + ".offset", "goes with an eventTime"));
                }
                if (eventTime != null && v.has("day")) {
                    errors.add(new FieldError(path + ".day", "does not go with an eventTime"));
                }
                Wait offset = eventTime != null && v.has("offset") ? duration(v.get("offset"), path + ".offset", true)
                        : null;
                LocalTime time = eventTime != null && !v.has("at") ? null : time(v.get("at"), path + ".at");
                DayOfWeek day = null;
                if (v.has("day")) {
                    try {
                        day = DayOfWeek.valueOf(v.get("day").asString().toUpperCase(Locale.ROOT));
                    } catch (RuntimeException e) {
                        errors.add(new FieldError(path + ".day", "must be a day of the week such as monday"));
                    }
                }
                steps.add(new Program.WaitUntil(path, time, day, eventTime, offset));
            }
            case "send" -> {
                if (!v.isObject()) {
                    errors.add(new FieldError(path, "must be an object with channels and a template"));
                    return;
                }
                only(path, v, Set.of("channels", "template", "offerId", "crossSell"));
                List<String> channels = new ArrayList<>();
                JsonNode c = v.get("channels");
                if (c == null || !c.isArray() || c.isEmpty()) {
                    errors.add(new FieldError(path + ".channels", "is required: channels in order of preference"));
                } else {
                    for (int i = 0; i < c.size(); i++) {
                        String channel = c.get(i).isString() ? c.get(i).asString() : null;
                        if (channel == null || !CHANNELS.contains(channel) || channels.contains(channel)) {
                            errors.add(new FieldError(path + ".channels[" + i + "]",
                                    "must be one of email, sms, whatsapp, push, each once"));
                        } else {
                            channels.add(channel);
                        }
                    }
                }
                String template = text(v, "template", path + ".template", true);
                if (template != null && !names.template(template)) {
                    errors.add(new FieldError(path + ".template", "is not a message template of this tenant"));
                }
                UUID offer = v.has("offerId") ? offer(v.get("offerId"), path + ".offerId") : null;
                steps.add(new Program.Send(path, List.copyOf(channels), template, offer,
                        v.has("crossSell") ? crossSell(v.get("crossSell"), path + ".crossSell") : null));
            }
            case "issueCoupon" -> {
                if (!v.isObject()) {
                    errors.add(new FieldError(path, "must be an object with an offerId"));
                    return;
                }
                only(path, v, Set.of("offerId"));
                steps.add(new Program.IssueCoupon(path, offer(v.get("offerId"), path + ".offerId")));
            }
            case "branch" -> branch(path, v);
            case "waitFor" -> waitFor(path, v);
            case "setTrait" -> setTrait(path, v);
            case "points" -> points(path, v);
            case "task" -> {
                if (!v.isObject()) {
                    errors.add(new FieldError(path, "must be an object with a title"));
                    return;
                }
                only(path, v, Set.of("title", "store"));
                String title = text(v, "title", path + ".title", true);
                if (title != null && title.length() > 200) {
                    errors.add(new FieldError(path + ".title", "must be at most 200 characters"));
                }
                String store = text(v, "store", path + ".store", false);
                if (store != null && !names.store(store)) {
                    errors.add(new FieldError(path + ".store", "is not a store of this tenant"));
                }
                steps.add(new Program.StaffTask(path, title, store));
            }
            case "split" -> split(path, v);
            case "webhook" -> {
                if (!v.isObject()) {
                    errors.add(new FieldError(path, "must be an object with a url"));
                    return;
                }
                only(path, v, Set.of("url"));
                String url = text(v, "url", path + ".url", true);
                if (url != null) {
                    try {
                        URI uri = URI.create(url);
                        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                                || uri.getHost() == null) {
                            throw new IllegalArgumentException();
                        }
                        names.refusal(uri).ifPresent(reason -> errors.add(new FieldError(path + ".url", reason)));
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError(path + ".url", "must be an http or https URL"));
                    }
                }
                steps.add(new Program.Webhook(path, url));
            }
            case "goto" -> {
                if (!v.isString() || v.asString().isBlank()) {
                    errors.add(new FieldError(path, "must name the id of a step"));
                    return;
                }
                gotos.put(steps.size(), v.asString());
                steps.add(new Program.Jump(path, -1));
            }
            case "exit" -> steps.add(new Program.Exit(path));
            default -> errors.add(new FieldError(path, "is not a step; give wait, waitUntil, waitFor, send,"
                    + " issueCoupon, points, setTrait, task, branch, split, webhook, goto or exit"));
        }
    }

    /** {@code {"count": 3}} (1–6, 3 when not given): how many products to put in. */
    private Integer crossSell(JsonNode v, String path) {
        if (!v.isObject()) {
            errors.add(new FieldError(path, "must be an object such as {\"count\": 3}"));
            return null;
        }
        only(path, v, Set.of("count"));
        JsonNode count = v.get("count");
        if (count == null) {
            return 3;
        }
        if (!count.isIntegralNumber() || count.asInt() < 1 || count.asInt() > 6) {
            errors.add(new FieldError(path + ".count", "must be a whole number from 1 to 6"));
            return null;
        }
        return count.asInt();
    }

    private void branch(String path, JsonNode v) {
        if (!v.isObject() || !v.has("if")) {
            errors.add(new FieldError(path, "must be an object with if, then and else"));
            return;
        }
        only(path, v, Set.of("if", "then", "else"));
        JsonNode condition = v.get("if");
        JsonNode rule = null;
        String property = null;
        String op = null;
        JsonNode value = null;
        if (condition.isObject() && condition.has("trigger")) {
            JsonNode t = condition.get("trigger");
            String p = path + ".if.trigger";
            only(p, t, Set.of("property", "equals", "gte", "lte"));
            property = text(t, "property", p + ".property", true);
            for (String candidate : List.of("equals", "gte", "lte")) {
                if (t.has(candidate)) {
                    op = candidate;
                    value = t.get(candidate);
                }
            }
            if (op == null || value == null || !value.isValueNode()
                    || !op.equals("equals") && !value.isNumber()) {
                errors.add(new FieldError(p, "must compare the property: equals a value, gte or lte a number"));
            }
        } else {
            rule = condition;
            errors.addAll(names.rule(condition, path + ".if"));
        }
        int at = steps.size();
        steps.add(null);
        branchList(path + ".then", v.get("then"));
        int jump = steps.size();
        steps.add(null);
        int elseAt = steps.size();
        branchList(path + ".else", v.get("else"));
        steps.set(at, new Program.Branch(path, rule, property, op, value, elseAt));
        steps.set(jump, new Program.Jump(path + ".then", steps.size()));
    }

    /** Exactly one of award and deduct, a whole number of points above zero, and the reason the ledger shows. */
    private void points(String path, JsonNode v) {
        if (!v.isObject()) {
            errors.add(new FieldError(path, "must be an object such as {\"award\": 100, \"reason\": \"…\"}"));
            return;
        }
        only(path, v, Set.of("award", "deduct", "reason"));
        if (v.has("award") == v.has("deduct")) {
            errors.add(new FieldError(path, "must have exactly one of award and deduct"));
        }
        long points = 0;
        for (String sign : List.of("award", "deduct")) {
            JsonNode amount = v.get(sign);
            if (amount == null) {
                continue;
            }
            if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0
                    || amount.asLong() > 1_000_000_000L) {
                errors.add(new FieldError(path + "." + sign, "must be a whole number of points above zero, at most"
                        + " 1000000000"));
            } else {
                points = sign.equals("award") ? amount.asLong() : -amount.asLong();
            }
        }
        String reason = text(v, "reason", path + ".reason", true);
        steps.add(new Program.Points(path, points, reason));
    }

    private void setTrait(String path, JsonNode v) {
        if (!v.isObject()) {
            errors.add(new FieldError(path, "must be an object with a name and a value"));
            return;
        }
        only(path, v, Set.of("name", "value"));
        String name = text(v, "name", path + ".name", true);
        if (name != null && !Customers.TRAITS.contains(name)) {
            errors.add(new FieldError(path + ".name", "is not a trait; give " + String.join(", ", Customers.TRAITS)));
        }
        JsonNode raw = v.get("value");
        String value = null;
        if (raw == null || !(raw.isString() || raw.isNumber() || raw.isBoolean()) || raw.asString().isBlank()
                || raw.asString().length() > 200) {
            errors.add(new FieldError(path + ".value", "is required: a text, number or true/false of at most 200"
                    + " characters"));
        } else {
            value = raw.asString();
            if ("birthDate".equals(name)) {
                try {
                    java.time.LocalDate.parse(value);
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError(path + ".value", "must be a date such as 1990-05-17"));
                }
            }
        }
        steps.add(new Program.SetTrait(path, name, value));
    }

    private void waitFor(String path, JsonNode v) {
        if (!v.isObject()) {
            errors.add(new FieldError(path, "must be an object with event, within, then and else"));
            return;
        }
        only(path, v, Set.of("event", "store", "within", "then", "else"));
        String event = text(v, "event", path + ".event", true);
        if (event != null && event.length() > 64) {
            errors.add(new FieldError(path + ".event", "must be an event type of at most 64 characters"));
        }
        String store = text(v, "store", path + ".store", false);
        if (store != null && !names.store(store)) {
            errors.add(new FieldError(path + ".store", "is not a store of this tenant"));
        }
        Wait within = null;
        if (!v.has("within")) {
            errors.add(new FieldError(path + ".within", "is required: how long to wait, such as P7D"));
        } else {
            within = duration(v.get("within"), path + ".within", false);
            if (within != null && within.zero()) {
                errors.add(new FieldError(path + ".within", "must be longer than zero"));
            }
        }
        int at = steps.size();
        steps.add(null);
        branchList(path + ".then", v.get("then"));
        int jump = steps.size();
        steps.add(null);
        int elseAt = steps.size();
        branchList(path + ".else", v.get("else"));
        steps.set(at, new Program.WaitFor(path, event, store, within, elseAt));
        steps.set(jump, new Program.Jump(path + ".then", steps.size()));
    }

    private void branchList(String path, JsonNode list) {
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            errors.add(new FieldError(path, "must be a list of steps"));
            return;
        }
        list(path, list);
    }

    private void split(String path, JsonNode v) {
        if (!v.isArray() || v.size() < 2) {
            errors.add(new FieldError(path, "must be a list of at least two variants {weight, steps}"));
            return;
        }
        int at = steps.size();
        steps.add(null);
        List<Integer> weights = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode variant = v.get(i);
            if (!variant.isObject()) {
                errors.add(new FieldError(p, "must be an object with weight and steps"));
                continue;
            }
            only(p, variant, Set.of("weight", "steps"));
            JsonNode w = variant.get("weight");
            if (w == null || !w.isIntegralNumber() || w.asInt() < 1 || w.asInt() > 1000) {
                errors.add(new FieldError(p + ".weight", "must be a whole number from 1 to 1000"));
            }
            weights.add(w == null ? 0 : w.asInt());
            targets.add(steps.size());
            branchList(p + ".steps", variant.get("steps"));
            ends.add(steps.size());
            steps.add(null);
        }
        int end = steps.size();
        for (int i = 0; i < ends.size(); i++) {
            steps.set(ends.get(i), new Program.Jump(path + "[" + i + "]", end));
        }
        steps.set(at, new Program.Split(path, List.copyOf(weights), List.copyOf(targets)));
    }

    private void resolveGotos() {
        gotos.forEach((at, label) -> {
            Integer target = labels.get(label);
            if (target == null) {
                errors.add(new FieldError(steps.get(at).path(), "names no step with this id"));
            } else {
                steps.set(at, new Program.Jump(steps.get(at).path(), target));
            }
        });
    }

    /** Every step that runs must lead to an exit; a loop must pass a wait, or it would spin without end. */
    private void checkGraph() {
        int n = steps.size();
        List<List<Integer>> next = new ArrayList<>();
        for (int pc = 0; pc < n; pc++) {
            next.add(successors(pc));
        }
        BitSet reachable = new BitSet(n);
        Deque<Integer> open = new ArrayDeque<>(List.of(0));
        while (!open.isEmpty()) {
            int pc = open.pop();
            if (!reachable.get(pc)) {
                reachable.set(pc);
                next.get(pc).forEach(open::push);
            }
        }
        BitSet exits = new BitSet(n);
        boolean changed = true;
        for (int pc = 0; pc < n; pc++) {
            if (steps.get(pc) instanceof Program.Exit) {
                exits.set(pc);
            }
        }
        while (changed) {
            changed = false;
            for (int pc = 0; pc < n; pc++) {
                if (!exits.get(pc) && next.get(pc).stream().anyMatch(exits::get)) {
                    exits.set(pc);
                    changed = true;
                }
            }
        }
        Set<String> named = new LinkedHashSet<>();
        for (int pc = reachable.nextSetBit(0); pc >= 0; pc = reachable.nextSetBit(pc + 1)) {
            if (!exits.get(pc) && named.add(steps.get(pc).path())) {
                errors.add(new FieldError(steps.get(pc).path(), "has no exit path: it never leads to an exit"));
            }
        }
        // a cycle through steps that do not wait: depth-first search over the steps that do not wait
        int[] state = new int[n];
        for (int pc = 0; pc < n; pc++) {
            if (state[pc] == 0 && reachable.get(pc)) {
                cycle(pc, next, state, named);
            }
        }
    }

    private void cycle(int pc, List<List<Integer>> next, int[] state, Set<String> named) {
        state[pc] = 1;
        if (!waits(steps.get(pc))) {
            for (int to : next.get(pc)) {
                if (waits(steps.get(to))) {
                    continue;
                }
                if (state[to] == 1) {
                    String where = steps.get(pc).path();
                    if (named.add(where + "#cycle")) {
                        errors.add(new FieldError(where, "makes a cycle without a wait"));
                    }
                } else if (state[to] == 0) {
                    cycle(to, next, state, named);
                }
            }
        }
        state[pc] = 2;
    }

    private static boolean waits(Program.Step step) {
        return step instanceof Program.WaitUntil || step instanceof Program.WaitFor
                || step instanceof Program.WaitStep w && !w.duration().zero();
    }

    private List<Integer> successors(int pc) {
        Program.Step step = steps.get(pc);
        if (step instanceof Program.Exit) {
            return List.of();
        } else if (step instanceof Program.Jump j) {
            return List.of(j.target());
        } else if (step instanceof Program.Branch b) {
            return List.of(pc + 1, b.elseAt());
        } else if (step instanceof Program.WaitFor w) {
            return List.of(pc + 1, w.elseAt());
        } else if (step instanceof Program.Split s) {
            return s.targets();
        }
        return List.of(pc + 1);
    }

    private Program.Goal goal(JsonNode g) {
        if (g == null || g.isNull()) {
            return null;
        }
        if (!g.isObject()) {
            errors.add(new FieldError("goal", "must be an object such as {\"event\": \"pos.purchase\", \"within\":"
                    + " \"P14D\"}"));
            return null;
        }
        only("goal", g, Set.of("event", "within"));
        String event = text(g, "event", "goal.event", true);
        Wait within = g.has("within") ? duration(g.get("within"), "goal.within", false) : Wait.parse("P30D");
        if (within != null && within.zero()) {
            errors.add(new FieldError("goal.within", "must be longer than zero"));
        }
        return new Program.Goal(event, within);
    }

    private Program.Reentry reentry(JsonNode r) {
        if (r == null || r.isNull()) {
            return Program.Reentry.NEVER;
        }
        if (r.isString() && (r.asString().equals("never") || r.asString().equals("always"))) {
            return new Program.Reentry(r.asString(), null);
        }
        Wait coolDown = duration(r, "reentry", false);
        if (coolDown == null) {
            errors.removeIf(e -> e.field().equals("reentry"));
            errors.add(new FieldError("reentry", "must be never, always or a cool-down such as P30D"));
            return Program.Reentry.NEVER;
        }
        return new Program.Reentry("after", coolDown);
    }

    private Wait duration(JsonNode v, String path, boolean negativeAllowed) {
        if (v == null || !v.isString()) {
            errors.add(new FieldError(path, "must be an ISO 8601 duration such as PT2H or P14D"));
            return null;
        }
        try {
            Wait wait = Wait.parse(v.asString());
            if (wait.negative() && !negativeAllowed) {
                errors.add(new FieldError(path, "must not be negative"));
                return null;
            }
            return wait;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(path, e.getMessage()));
            return null;
        }
    }

    private LocalTime time(JsonNode v, String path) {
        if (v == null || !v.isString()) {
            errors.add(new FieldError(path, "is required: a time of day such as 10:00"));
            return null;
        }
        try {
            return LocalTime.parse(v.asString());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(path, "must be a time of day such as 10:00"));
            return null;
        }
    }

    private UUID offer(JsonNode v, String path) {
        UUID id = uuid(v, path);
        if (id != null && !names.offer(id)) {
            errors.add(new FieldError(path, "is not an offer of this tenant"));
        }
        return id;
    }

    private UUID uuid(JsonNode v, String path) {
        if (v == null || !v.isString()) {
            errors.add(new FieldError(path, "is required: an id"));
            return null;
        }
        try {
            return UUID.fromString(v.asString());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(path, "is not an id"));
            return null;
        }
    }

    private String text(JsonNode v, String field, String path, boolean required) {
        JsonNode node = v.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank() || node.asString().length() > 500) {
            errors.add(new FieldError(path, "must be a text of 1 to 500 characters"));
            return null;
        }
        return node.asString();
    }

    private void only(String path, JsonNode v, Set<String> allowed) {
        if (!v.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return;
        }
        Set<String> unknown = new HashSet<>(v.propertyNames());
        unknown.removeAll(allowed);
        unknown.stream().sorted().forEach(f -> errors.add(new FieldError(path + "." + f,
                "is not a field here; give " + String.join(", ", allowed.stream().sorted().toList()))));
    }
}
