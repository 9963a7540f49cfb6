package io.footbridge.audiences.membership;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.audiences.Segments;
import io.footbridge.audiences.rule.Rule;
import io.footbridge.audiences.rule.RuleFacts;
import io.footbridge.audiences.rule.RuleParser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@Service
class SegmentService implements Segments {

    private final SegmentRepository repository;
    private final Membership membership;
    private final SegmentPeople people;
    private final Stores stores;
    private final AuditLog audit;
    private final JsonMapper json;
    private final MemberExport memberExport;
    private final RfmQuintiles rfm;
    private final SegmentLifetimes lifetimes;
    private final ComputedAttributes attributes;
    private final SegmentTiers tiers;

    SegmentService(SegmentRepository repository, Membership membership, SegmentPeople people, Stores stores,
                   AuditLog audit, JsonMapper json, MemberExport memberExport, RfmQuintiles rfm,
                   SegmentLifetimes lifetimes, ComputedAttributes attributes, SegmentTiers tiers) {
        this.attributes = attributes;
        this.tiers = tiers;
        this.memberExport = memberExport;
        this.rfm = rfm;
        this.lifetimes = lifetimes;
        this.repository = repository;
        this.membership = membership;
        this.people = people;
        this.stores = stores;
        this.audit = audit;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Segment> list(Actor actor) {
        return repository.list(actor.tenantId(), actor.allStores() ? null : actor.storeIds()).stream()
                .map(s -> view(actor.tenantId(), s)).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Segment get(Actor actor, UUID id) {
        return view(actor.tenantId(), visible(actor, id));
    }

    @Override
    @Transactional
    public Segment create(Actor actor, String name, String store, JsonNode rule) {
        UUID storeId = null;
        if (store != null) {
            StoreRef ref = stores.requireByCode(actor.tenantId(), store);
            actor.requireStore(ref.id());
            storeId = ref.id();
        } else if (!actor.allStores()) {
            throw ProblemException.invalid("store", "is required: your credentials are bound to stores");
        }
        UUID id = UUID.randomUUID();
        Rule parsed = check(actor, id, rule);
        repository.holdClock();
        Instant now = Instant.now();
        repository.insert(new SegmentRepository.Saved(id, actor.tenantId(), name(name), storeId, rule.toString(),
                now, now));
        fill(actor.tenantId(), parsed);
        membership.evaluateAll(actor.tenantId(), id, parsed, now);
        audit.record(actor, "segment.created", "segment", id, Map.of("name", name));
        return get(actor, id);
    }

    @Override
    @Transactional
    public Segment update(Actor actor, UUID id, String name, JsonNode rule) {
        SegmentRepository.Saved saved = visible(actor, id);
        Rule parsed = check(actor, id, rule);
        repository.holdClock();
        Instant now = Instant.now();
        repository.update(actor.tenantId(), id, name == null ? saved.name() : name(name), rule.toString(), now);
        fill(actor.tenantId(), parsed);
        Set<UUID> changed = membership.evaluateAll(actor.tenantId(), id, parsed, now);
        // segments that build on this one follow it
        membership.evaluate(actor.tenantId(), changed, membership.ordered(actor.tenantId()), now);
        audit.record(actor, "segment.changed", "segment", id, Map.of("name", name == null ? saved.name() : name));
        return get(actor, id);
    }

    @Override
    @Transactional
    public Preview preview(Actor actor, JsonNode rule) {
        Rule parsed = check(actor, null, rule);
        Instant now = Instant.now();
        fill(actor.tenantId(), parsed);
        long size = membership.count(actor.tenantId(), parsed, now);
        List<ComputedAttributes.State> states = computed(parsed).stream()
                .map(kind -> attributes.state(actor.tenantId(), kind, now)).toList();
        // as old as the oldest values the rule reads; none if any are missing
        Instant computedAt = states.stream().anyMatch(st -> st.computedAt() == null) ? null
                : states.stream().map(ComputedAttributes.State::computedAt).min(Instant::compareTo).orElse(null);
        return new Preview(size, computedAt, states.stream().anyMatch(ComputedAttributes.State::pending));
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> members(Actor actor, UUID id, UUID after, int limit) {
        visible(actor, id);
        return repository.members(id, after, limit);
    }

    @Override
    @Transactional(readOnly = true)
    public List<Change> changes(Actor actor, UUID id, int limit) {
        visible(actor, id);
        return repository.changes(id, limit);
    }

    @Override
    public Csv memberCsv(Actor actor, UUID id, List<String> fields) {
        visible(actor, id);
        List<String> checked = MemberExport.check(actor, fields);
        return out -> memberExport.write(actor, id, checked, out);
    }

    @Override
    @Transactional(readOnly = true)
    public List<Change> history(Actor actor, UUID personId, int limit) {
        Map<UUID, Boolean> visible = new HashMap<>();
        return repository.history(actor.tenantId(), personId, limit).stream()
                .filter(c -> visible.computeIfAbsent(c.segmentId(), id -> repository.find(actor.tenantId(), id)
                        .filter(s -> s.storeId() == null ? actor.allStores() : actor.canAccessStore(s.storeId()))
                        .isPresent()))
                .toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Segment> of(Actor actor, UUID personId) {
        List<Segment> in = new ArrayList<>();
        for (UUID id : repository.segmentsOf(actor.tenantId(), personId)) {
            repository.find(actor.tenantId(), id)
                    .filter(s -> s.storeId() == null ? actor.allStores() : actor.canAccessStore(s.storeId()))
                    .ifPresent(s -> in.add(view(actor.tenantId(), s)));
        }
        return in;
    }

    @Override
    @Transactional(readOnly = true)
    public List<FieldError> problems(Actor actor, JsonNode rule, String path) {
        try {
            check(actor, null, rule, path);
            return List.of();
        } catch (ProblemException refused) {
            return refused.errors().isEmpty() ? List.of(new FieldError(path, refused.getMessage()))
                    : refused.errors();
        }
    }

    @Override
    @Transactional(readOnly = true)
    public boolean matches(UUID tenantId, UUID personId, JsonNode rule) {
        return membership.matches(tenantId, personId, RuleParser.parse(rule, "rule").rule(), Instant.now());
    }

    private Rule check(Actor actor, UUID id, JsonNode rule) {
        return check(actor, id, rule, "rule");
    }

    /** Reads the rule and checks what it names against the tenant's stores and segments. */
    private Rule check(Actor actor, UUID id, JsonNode rule, String at) {
        RuleParser.Parsed parsed = RuleParser.parse(rule, at);
        List<FieldError> errors = new ArrayList<>();
        parsed.stores().forEach((path, code) -> {
            if (stores.findByCode(actor.tenantId(), code).isEmpty()) {
                errors.add(new FieldError(path, "is not a store of this tenant"));
            }
        });
        parsed.segments().forEach((path, other) -> {
            if (other.equals(id)) {
                errors.add(new FieldError(path, "refers to the segment itself"));
            } else if (repository.find(actor.tenantId(), other).isEmpty()) {
                errors.add(new FieldError(path, "is not a segment of this tenant"));
            } else if (id != null && reaches(actor.tenantId(), other, id)) {
                errors.add(new FieldError(path, "refers back to this segment through other segments"));
            }
        });
        if (!parsed.tiers().isEmpty()) {
            List<String> names = tiers.names(actor.tenantId());
            parsed.tiers().forEach((path, tier) -> {
                if (!names.contains(tier)) {
                    errors.add(new FieldError(path, names.isEmpty() ? "is not a tier: the loyalty programme has none"
                            : "is not a tier of the loyalty programme (" + String.join(", ", names) + ")"));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return parsed.rule();
    }

    /** Whether {@code from}'s rule leads to {@code target} through the segments it refers to. */
    private boolean reaches(UUID tenantId, UUID from, UUID target) {
        Set<UUID> seen = new HashSet<>();
        List<UUID> open = new ArrayList<>(List.of(from));
        while (!open.isEmpty()) {
            UUID next = open.remove(open.size() - 1);
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next)) {
                repository.find(tenantId, next).ifPresent(s ->
                        open.addAll(RuleFacts.of(membership.rule(s.rule())).segments()));
            }
        }
        return false;
    }

    /** The computed attributes a rule reads. */
    private static List<String> computed(Rule rule) {
        List<String> kinds = new ArrayList<>();
        if (RfmQuintiles.uses(rule)) {
            kinds.add(ComputedAttributes.RFM);
        }
        if (SegmentLifetimes.uses(rule)) {
            kinds.add(ComputedAttributes.LIFETIME);
        }
        if (SegmentTiers.uses(rule)) {
            kinds.add(ComputedAttributes.TIER);
        }
        return kinds;
    }

    /**
     * Asks for the computed attributes a rule reads when they are missing or old (background tasks compute them, and
     * segments follow), and fills the consent cache for consents it asks about that are not kept for everyone.
     */
    private void fill(UUID tenantId, Rule rule) {
        if (RfmQuintiles.uses(rule)) {
            rfm.ask(tenantId, Instant.now());
        }
        if (SegmentLifetimes.uses(rule)) {
            lifetimes.ask(tenantId, Instant.now());
        }
        if (SegmentTiers.uses(rule)) {
            tiers.ask(tenantId, Instant.now());
        }
        Set<List<String>> missing = new HashSet<>(RuleFacts.of(rule).consents());
        missing.removeAll(SegmentPeople.usualConsents());
        if (!missing.isEmpty()) {
            Instant now = Instant.now();
            people.consents(tenantId, people.all(tenantId), missing, now);
        }
    }

    private SegmentRepository.Saved visible(Actor actor, UUID id) {
        return repository.find(actor.tenantId(), id)
                .filter(s -> actor.allStores() || s.storeId() != null && actor.canAccessStore(s.storeId()))
                .orElseThrow(() -> ProblemException.notFound("segment", id));
    }

    private Segment view(UUID tenantId, SegmentRepository.Saved s) {
        Map<UUID, String> codes = new HashMap<>();
        String store = s.storeId() == null ? null : codes.computeIfAbsent(s.storeId(), sid ->
                stores.findById(tenantId, sid).map(StoreRef::code).orElse(null));
        return new Segment(s.id(), s.name(), store, json.readTree(s.rule()), repository.size(s.id()), s.createdAt(),
                s.updatedAt());
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.invalid("name", "is required");
        }
        if (name.length() > 200) {
            throw ProblemException.invalid("name", "must be at most 200 characters");
        }
        return name.strip();
    }
}
