package io.footbridge.identity.graph;

import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.identity.matching.Evidence;
import io.footbridge.identity.matching.ProbableMatch;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Links the identifiers of one captured event into profiles. Identifiers that arrive together belong to one
 * person; when they belong to two people already, the people merge unless a rule holds them apart: the event is
 * not trusted enough, a value that must be unique would conflict, or a person would hold more identifiers of a kind
 * than allowed. A held-apart pair becomes a review item; an identifier that keeps being held apart is taken to be
 * shared by many (a store's own phone number) and stops linking.
 */
@Component
class Resolver {

    private static final Logger log = LoggerFactory.getLogger(Resolver.class);

    private final GraphRepository graph;
    private final Merges merges;
    private final IdentifierNormaliser normaliser;
    private final IdentityProperties properties;
    private final Stores stores;
    private final JsonMapper json;
    private final Set<String> configuredDenied;
    private final LiveMatcher matcher;
    private final Tombstones tombstones;
    private final CaptureLog captureLog;

    Resolver(GraphRepository graph, Merges merges, IdentifierNormaliser normaliser, IdentityProperties properties,
             Stores stores, JsonMapper json, LiveMatcher matcher, Tombstones tombstones, CaptureLog captureLog) {
        this.tombstones = tombstones;
        this.captureLog = captureLog;
        this.graph = graph;
        this.matcher = matcher;
        this.merges = merges;
        this.normaliser = normaliser;
        this.properties = properties;
        this.stores = stores;
        this.json = json;
        this.configuredDenied = properties.denied().stream().map(entry -> {
            int colon = entry.indexOf(':');
            IdentifierType type = IdentifierType.ofKey(entry.substring(0, Math.max(colon, 0))).orElseThrow(() ->
                    new IllegalArgumentException("footbridge.identity.denied: " + entry + " is not type:value"));
            Normalised value = normaliser.normalise(type, entry.substring(colon + 1), null);
            return type.key() + ":" + (value.usable() ? value.value() : entry.substring(colon + 1));
        }).collect(Collectors.toUnmodifiableSet());
    }

    /** The profile the event went to (its home), or null when it had no identifier to link. */
    UUID resolve(CapturedEvent event, Instant now) {
        return resolve(event, now, false);
    }

    /** @param again the event was resolved before: its identifiers were counted then */
    private UUID resolve(CapturedEvent event, Instant now, boolean again) {
        StringJoiner note = new StringJoiner("; ");
        JsonNode props = parse(event.propertiesJson());
        List<Normalised> householdValues = new ArrayList<>();
        List<Normalised> usable = usableIdentifiers(event, props, note, householdValues);
        if (tombstones.anyErased(event.tenantId(), usable)) {
            // a person who was erased must not come back through a late event or an old file: not linked, and
            // the event keeps only what counts need
            captureLog.anonymise(event.tenantId(), List.of(event.sequence()));
            graph.insertEvent(event.sequence(), event.tenantId(), null, event.occurredAt(),
                    "carries an erased person's identifier: not linked, anonymised");
            return null;
        }
        ProbableMatch.Traits traits = LiveMatcher.traits(props);
        List<GraphRepository.Known> household = household(event.tenantId(), traits, householdValues);
        if (!household.isEmpty()) {
            note.add("a household's " + household.stream().map(k -> k.type().key()).distinct()
                    .collect(Collectors.joining(" and ")) + " with the same first name: linked to that person");
        }
        if (usable.stream().noneMatch(n -> n.type().linking()) && household.isEmpty()) {
            graph.insertEvent(event.sequence(), event.tenantId(), null, event.occurredAt(), text(note));
            return null;
        }
        Map<String, GraphRepository.Known> known = new HashMap<>();
        for (GraphRepository.Known k : usable.isEmpty() ? List.<GraphRepository.Known>of()
                : graph.findIdentifiers(event.tenantId(), usable)) {
            known.put(key(k.type(), k.value()), k);
        }
        // a landline or family address says whose an event is only with a name beside it (an initial is too
        // little), as in resolve: without one it finds no one, and does not start a person of its own that the
        // next nameless record with it would join
        boolean named = traits != null && traits.firstName() != null && !Evidence.initial(traits.firstName());
        boolean personal = usable.stream().anyMatch(n -> n.type().linking()
                && !IdentifierNormaliser.household(n.type(), n.value()));
        // and it leads to a person only if they gave a first name too: else anyone at home would join them
        List<Normalised> finding = usable.stream().filter(n -> !IdentifierNormaliser.household(n.type(), n.value())
                || (known.containsKey(key(n)) ? named && namedPerson(event.tenantId(), known.get(key(n)).rootId())
                : named || personal)).toList();
        if (finding.size() < usable.size()) {
            note.add("a household's " + usable.stream().filter(n -> !finding.contains(n)).map(n -> n.type().key())
                    .distinct().collect(Collectors.joining(" and ")) + " without a name: linked to no one");
        }
        boolean linking = finding.stream().anyMatch(n -> n.type().linking());
        if (!linking && household.isEmpty()) {
            graph.insertEvent(event.sequence(), event.tenantId(), null, event.occurredAt(), text(note));
            return null;
        }
        List<Normalised> fresh = new ArrayList<>();
        for (Normalised n : finding) {
            if (known.containsKey(key(n))) {
                if (!again) {
                    graph.touchIdentifier(event.tenantId(), n.type(), n.value(), event.occurredAt(),
                            event.storeId(), event.type());
                }
            } else {
                fresh.add(n);
            }
        }
        // each person the event touches, oldest first, with the event's strongest identifier in them
        Map<UUID, GraphRepository.Known> people = new LinkedHashMap<>();
        Stream.concat(finding.stream().filter(n -> n.type().linking() && known.containsKey(key(n)))
                        .map(n -> known.get(key(n))), household.stream())
                .sorted(Comparator.comparing(GraphRepository.Known::rootAnchor)
                        .thenComparing(k -> k.rootId().toString())
                        .thenComparing(k -> k.type().ordinal()))
                .forEach(k -> people.putIfAbsent(k.rootId(), k));

        if (traits != null && (traits.firstName() != null || traits.birthDate() != null)) {
            List<Normalised> shared = sharedWithAnother(event.tenantId(), traits, usable, known, people);
            if (!shared.isEmpty()) {
                // the values now link nobody; resolve again without them (each round denies at least one)
                shared.forEach(n -> deny(event.tenantId(), n.type(), n.value(), "shared",
                        "held by two people", now));
                return resolve(event, now, again);
            }
        }

        Set<String> refused = new HashSet<>();
        UUID home;
        boolean newPerson = people.isEmpty();
        if (newPerson) {
            home = newProfile(event, fresh, now);
        } else {
            List<GraphRepository.Known> order = new ArrayList<>(people.values());
            GraphRepository.Known survivor = order.get(0);
            Holdings holdings = holdings(event.tenantId(), survivor.rootId());
            for (GraphRepository.Known other : order.subList(1, order.size())) {
                join(event, survivor, other, holdings, finding, known, refused, note, now);
            }
            if (!fresh.isEmpty()) {
                addFresh(event, survivor, fresh, holdings, refused, note, now);
            }
            // reached through a household's value alone, the event goes to the person who gave its name
            home = linking ? homeOf(event, finding, known) : survivor.homeId();
        }
        if (traits != null) {
            matcher.remember(event.tenantId(), home, traits, now);
            if (newPerson) {
                probable(event, home, traits, note, now);
            }
        }
        graph.insertEvent(event.sequence(), event.tenantId(), home, event.occurredAt(), text(note));
        if (named(traits)) {
            // who came with a household's value, and under which name, is what the next one with it is told by
            householdValues.forEach(n -> graph.insertSharedHolder(event.tenantId(), n.type(), n.value(), home));
        }
        for (String key : refused) {
            countRefusal(event.tenantId(), key, now);
        }
        return home;
    }

    /**
     * The event's known identifiers that lead to a person the event's sender clearly is not (another first name
     * or another birth date, beyond nicknames, initials and typos): a household's landline, a family e-mail, a
     * number typed at the till for many. The same rule as batch {@code resolve}.
     */
    private List<Normalised> sharedWithAnother(UUID tenantId, ProbableMatch.Traits traits, List<Normalised> usable,
                                               Map<String, GraphRepository.Known> known,
                                               Map<UUID, GraphRepository.Known> people) {
        List<Normalised> shared = new ArrayList<>();
        for (UUID rootId : people.keySet()) {
            boolean another = graph.traitsOf(tenantId, graph.treeIds(tenantId, rootId)).stream()
                    .map(GraphRepository.TraitRow::traits)
                    .anyMatch(theirs -> Evidence.against(traits.firstName(), traits.birthDate(), theirs.firstName(),
                            theirs.birthDate()) != null);
            if (another) {
                usable.stream().filter(n -> n.type().linking() && !n.type().anonymous() && known.containsKey(key(n))
                        && known.get(key(n)).rootId().equals(rootId)).forEach(shared::add);
            }
        }
        return shared;
    }

    /**
     * The people a household's value still leads to although it is shared: its holders that give the event's first
     * name, by {@link Evidence#oneFirstName} (the rule batch {@code resolve} follows), with no other surname and no
     * birth date against the event's; none when the value was seen with more first names than a household has.
     */
    private List<GraphRepository.Known> household(UUID tenantId, ProbableMatch.Traits traits,
                                                  List<Normalised> values) {
        if (values.isEmpty() || !named(traits)) {
            return List.of();
        }
        Map<UUID, GraphRepository.Known> found = new LinkedHashMap<>();
        GraphRepository.TraitRow self = new GraphRepository.TraitRow(null, null, traits);
        for (Normalised n : values) {
            List<UUID> holderIds = graph.sharedHolders(tenantId, n.type(), n.value());
            List<GraphRepository.TraitRow> holders = new ArrayList<>(holderIds.isEmpty() ? List.of()
                    : graph.traitsOf(tenantId, holderIds));
            holders.add(self);
            for (List<GraphRepository.TraitRow> same : Evidence.oneFirstName(holders, row -> row.traits().firstName(),
                    row -> row.traits().lastName())) {
                if (!same.contains(self)) {
                    continue;
                }
                for (GraphRepository.TraitRow row : same) {
                    if (row == self || found.containsKey(row.rootId())
                            || Evidence.otherSurname(traits.lastName(), row.traits().lastName())) {
                        continue;
                    }
                    boolean against = graph.traitsOf(tenantId, graph.treeIds(tenantId, row.rootId())).stream()
                            .map(GraphRepository.TraitRow::traits)
                            .anyMatch(theirs -> Evidence.against(traits.firstName(), traits.birthDate(),
                                    theirs.firstName(), theirs.birthDate()) != null);
                    if (!against) {
                        Instant anchor = graph.node(tenantId, row.rootId()).orElseThrow().anchorAt();
                        found.put(row.rootId(), new GraphRepository.Known(n.type(), n.value(), row.profileId(),
                                row.rootId(), anchor, 0));
                    }
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /** A first name in full and a surname: enough to tell one of a household from another. */
    private static boolean named(ProbableMatch.Traits traits) {
        return traits != null && traits.firstName() != null && !Evidence.initial(traits.firstName())
                && traits.lastName() != null;
    }

    /** Whether any profile of the person said a first name (more than an initial). */
    private boolean namedPerson(UUID tenantId, UUID rootId) {
        return graph.traitsOf(tenantId, graph.treeIds(tenantId, rootId)).stream()
                .map(row -> row.traits().firstName())
                .anyMatch(first -> first != null && !Evidence.initial(first));
    }

    /** The identifiers of a person and the anonymous-only flag, kept current as people join within one event. */
    private final class Holdings {
        final UUID rootId;
        final Map<IdentifierType, Set<String>> values = new HashMap<>();

        Holdings(UUID rootId) {
            this.rootId = rootId;
        }

        void add(IdentifierType type, String value) {
            values.computeIfAbsent(type, t -> new HashSet<>()).add(value);
        }

        boolean knownPerson() {
            return values.keySet().stream().anyMatch(t -> t.linking() && !t.anonymous());
        }

        /** The first rule that adding these would break, or null. */
        String conflict(Map<IdentifierType, Set<String>> incoming) {
            for (var entry : incoming.entrySet()) {
                Set<String> union = new HashSet<>(values.getOrDefault(entry.getKey(), Set.of()));
                union.addAll(entry.getValue());
                int max = properties.max(entry.getKey());
                if (union.size() > max) {
                    return entry.getKey().key() + (max == 1 ? "" : ":" + max);
                }
            }
            return null;
        }
    }

    private Holdings holdings(UUID tenantId, UUID rootId) {
        Holdings holdings = new Holdings(rootId);
        graph.identifiersOf(tenantId, rootId).forEach(i -> holdings.add(i.type(), i.value()));
        return holdings;
    }

    private void join(CapturedEvent event, GraphRepository.Known survivor, GraphRepository.Known other,
                      Holdings holdings, List<Normalised> usable, Map<String, GraphRepository.Known> known,
                      Set<String> refused, StringJoiner note, Instant now) {
        Holdings theirs = holdings(event.tenantId(), other.rootId());
        // the event's identifiers on each side: if one side is reached only through a device, it is a shared device
        // (a person reached through a household's value was reached by more than a device)
        boolean survivorByDeviceOnly = survivor.type().anonymous() && onlyAnonymous(usable, known, survivor.rootId());
        boolean otherByDeviceOnly = other.type().anonymous() && onlyAnonymous(usable, known, other.rootId());
        if (holdings.knownPerson() && theirs.knownPerson() && (survivorByDeviceOnly || otherByDeviceOnly)) {
            note.add("a device id is shared by two known people; not merged");
            return;
        }
        if (graph.splitByStaff(event.tenantId(), survivor.rootId(), other.rootId())) {
            note.add("staff split these two people before; not merged again");
            return;
        }
        Merges.Link link = new Merges.Link(survivor.type(), survivor.value(), other.type(), other.value(),
                event.sequence());
        IdentityProperties.Trust trust = properties.trustOf(event.source(), event.type());
        if (trust.compareTo(properties.mergeTrust()) < 0) {
            review(event, survivor, other, "low_trust", "a " + event.type() + " event (" + trust.name()
                    .toLowerCase(Locale.ROOT) + " trust) names two existing profiles", now);
            note.add("two profiles named, trust too low to merge; review raised");
            return;
        }
        String conflict = holdings.conflict(theirs.values);
        if (conflict != null) {
            if (properties.max(IdentifierType.ofKey(conflict.split(":")[0]).orElseThrow()) == 1) {
                review(event, survivor, other, "conflict", "the two profiles hold different " + conflict.split(":")[0]
                        + " values", now);
                note.add("two profiles with different " + conflict + "; review raised");
            } else {
                note.add("merging would give one person more than " + conflict.split(":")[1] + " "
                        + conflict.split(":")[0] + " values; not merged");
            }
            refused.add(key(survivor.type(), survivor.value()));
            refused.add(key(other.type(), other.value()));
            return;
        }
        merges.merge(event.tenantId(), other.rootId(), survivor.homeId(), survivor.rootId(), "shared_identifier",
                link, "identity", sharedEvidence(event, survivor.type(), survivor.value(), other.type(), other.value()),
                now);
        theirs.values.forEach((type, values) -> values.forEach(v -> holdings.add(type, v)));
    }

    /**
     * A new person who shares no identifier with anyone may still be someone known, by name, birth date and
     * address: joined to the best-scoring person above the link threshold when the rules allow, put to staff
     * otherwise.
     */
    private void probable(CapturedEvent event, UUID home, ProbableMatch.Traits traits, StringJoiner note,
                          Instant now) {
        GraphRepository.Known newcomer = new GraphRepository.Known(null, null, home, home, event.occurredAt(), 0);
        boolean joined = false;
        for (LiveMatcher.Candidate candidate : matcher.candidates(event.tenantId(), home, traits)) {
            GraphRepository.Known other = new GraphRepository.Known(null, null, candidate.profileId(),
                    candidate.rootId(), null, 0);
            String alike = String.format(Locale.ROOT, "name, birth date and address alike (match probability %.2f: %s)",
                    candidate.probability(), candidate.evidence());
            String reason = null;
            if (joined || candidate.probability() < properties.probableLinkAbove()) {
                reason = alike;
            } else if (graph.splitByStaff(event.tenantId(), candidate.rootId(), home)) {
                reason = alike + "; staff split them before";
            } else if (candidate.heldApart() != null) {
                reason = alike + "; " + candidate.heldApart();
            } else if (properties.trustOf(event.source(), event.type()).compareTo(properties.mergeTrust()) < 0) {
                reason = alike + "; a " + event.type() + " event is not trusted enough to join them";
            }
            if (reason != null) {
                review(event, other, newcomer, "probable_match", reason, now);
                note.add("probably a known person; review raised");
                continue;
            }
            Holdings theirs = holdings(event.tenantId(), candidate.rootId());
            Holdings mine = holdings(event.tenantId(), home);
            String conflict = theirs.conflict(mine.values);
            if (conflict != null) {
                review(event, other, newcomer, "conflict", alike + "; but they hold different "
                        + conflict.split(":")[0] + " values", now);
                note.add("probably a known person, but with a different " + conflict.split(":")[0]
                        + "; review raised");
                continue;
            }
            Merges.Link link = new Merges.Link(null, null, null, null, event.sequence());
            Instant theirAnchor = graph.node(event.tenantId(), candidate.rootId()).orElseThrow().anchorAt();
            // the earlier person survives, as in every merge
            if (event.occurredAt().isBefore(theirAnchor)) {
                merges.merge(event.tenantId(), candidate.rootId(), home, home, "probable_match", link, "identity",
                        alike, now);
            } else {
                merges.merge(event.tenantId(), home, candidate.profileId(), candidate.rootId(), "probable_match",
                        link, "identity", alike, now);
            }
            note.add(String.format(Locale.ROOT, "joined to a known person: %s", alike));
            joined = true;
        }
    }

    /**
     * Why an event joined two profiles, for staff: what each side held, how far the event is trusted, and that no
     * first name or birth date on either side spoke against it (else the rules would have held them apart).
     */
    private String sharedEvidence(CapturedEvent event, IdentifierType type, String value, IdentifierType otherType,
                                  String otherValue) {
        String held = type == otherType && value.equals(otherValue) ? type.key() + " " + value + " on both"
                : type.key() + " " + value + " and " + otherType.key() + " " + otherValue + " on one "
                + event.type() + " event";
        return held + " (" + properties.trustOf(event.source(), event.type()).name().toLowerCase(Locale.ROOT)
                + " trust); no first name or birth date against it";
    }

    private void addFresh(CapturedEvent event, GraphRepository.Known survivor, List<Normalised> fresh,
                          Holdings holdings, Set<String> refused, StringJoiner note, Instant now) {
        Map<IdentifierType, Set<String>> incoming = new HashMap<>();
        fresh.forEach(n -> incoming.computeIfAbsent(n.type(), t -> new HashSet<>()).add(n.value()));
        UUID profile = newProfile(event, fresh, now);
        String conflict = holdings.conflict(incoming);
        Normalised first = fresh.get(0);
        GraphRepository.Known newcomer = new GraphRepository.Known(first.type(), first.value(), profile, profile,
                event.occurredAt(), 0);
        if (conflict != null) {
            String type = conflict.split(":")[0];
            if (properties.max(IdentifierType.ofKey(type).orElseThrow()) == 1) {
                review(event, survivor, newcomer, "conflict", "a new " + type + " arrived with an identifier of a"
                        + " profile that holds another " + type, now);
                note.add("a second " + type + " for one person; kept apart, review raised");
            } else {
                note.add("one person would hold more than " + conflict.split(":")[1] + " " + type
                        + " values; kept apart");
            }
            refused.add(key(survivor.type(), survivor.value()));
            return;
        }
        merges.merge(event.tenantId(), profile, survivor.homeId(), survivor.rootId(), "shared_identifier",
                new Merges.Link(survivor.type(), survivor.value(), first.type(), first.value(), event.sequence()),
                "identity", sharedEvidence(event, survivor.type(), survivor.value(), first.type(), first.value()), now);
        incoming.forEach((type, values) -> values.forEach(v -> holdings.add(type, v)));
    }

    private boolean onlyAnonymous(List<Normalised> usable, Map<String, GraphRepository.Known> known, UUID rootId) {
        return usable.stream().filter(n -> known.containsKey(key(n)) && known.get(key(n)).rootId().equals(rootId))
                .allMatch(n -> n.type().anonymous());
    }

    private UUID newProfile(CapturedEvent event, List<Normalised> identifiers, Instant now) {
        UUID id = UUID.randomUUID();
        graph.insertProfile(id, event.tenantId(), event.occurredAt(), now);
        for (Normalised n : identifiers) {
            graph.insertIdentifier(event.tenantId(), n.type(), n.value(), n.original(), id, event.occurredAt(),
                    event.storeId(), event.type());
        }
        return id;
    }

    /** The event belongs to the profile of its strongest identifier, so that it follows that identifier in a split. */
    private UUID homeOf(CapturedEvent event, List<Normalised> usable, Map<String, GraphRepository.Known> known) {
        for (Normalised n : usable) {
            if (!n.type().linking()) {
                continue;
            }
            GraphRepository.Known k = known.get(key(n));
            if (k != null) {
                return k.homeId();
            }
            var stored = graph.findIdentifiers(event.tenantId(), List.of(n)).stream()
                    .filter(s -> s.type() == n.type()).findFirst();
            if (stored.isPresent()) {
                return stored.get().homeId();
            }
        }
        throw new IllegalStateException("an event with linking identifiers has no profile");
    }

    private void review(CapturedEvent event, GraphRepository.Known a, GraphRepository.Known b, String reason,
                        String detail, Instant now) {
        if (!graph.openReviewExists(event.tenantId(), a.rootId(), b.rootId())) {
            graph.insertReview(UUID.randomUUID(), event.tenantId(), a.homeId(), b.homeId(), reason, detail, a.type(),
                    a.value(), event.sequence(), now);
        }
    }

    /** One more time this identifier was held apart from someone; past the limit it stops linking at all. */
    private void countRefusal(UUID tenantId, String key, Instant now) {
        int colon = key.indexOf(':');
        IdentifierType type = IdentifierType.ofKey(key.substring(0, colon)).orElseThrow();
        String value = key.substring(colon + 1);
        if (type.anonymous() || graph.addRefusal(tenantId, type, value) < properties.overSharedAfter()) {
            return;
        }
        deny(tenantId, type, value, "over_shared", "shared by many people", now);
    }

    /** The value links no one from now on; every merge it made is undone and its review items dismissed. */
    private void deny(UUID tenantId, IdentifierType type, String value, String reason, String why, Instant now) {
        if (graph.insertDenied(tenantId, type, value, reason, now)) {
            List<GraphRepository.Merge> made = graph.mergesVia(tenantId, type, value);
            if (reason.equals("shared")) {
                // both sides of a merge it made came with it: holders the household rule asks about
                made.forEach(merge -> List.of(merge.fromProfileId(), merge.intoProfileId())
                        .forEach(id -> graph.insertSharedHolder(tenantId, type, value, id)));
            }
            made.forEach(merge -> merges.undo(merge, "identity", reason.replace('_', '-') + " " + type.key(), now));
            int dismissed = graph.dismissReviewsVia(tenantId, type, value, now);
            int released = release(tenantId, type, value, reason, now);
            log.info("Tenant {}: a {} identifier is {} and no longer links; {} merges undone, {}"
                    + " review items dismissed, {} events resolved again", tenantId, type.key(), why, made.size(),
                    dismissed, released);
        }
    }

    /**
     * The events that came to the value's own profile through it (a nameless sale with the number typed at the
     * till, a form with the family's landline) joined that person by no merge that could be undone, so they are
     * resolved again without it: to the person of their other identifiers, through a household's value to the
     * holder of their first name, else to no one, as if the value had been known to be shared when they arrived.
     * The event that brought the value first stays: the profile is its.
     */
    private static final int READ_CHUNK = 1000;

    private int release(UUID tenantId, IdentifierType type, String value, String reason, Instant now) {
        UUID holder = graph.profileOf(tenantId, type, value).orElse(null);
        List<Long> homed = holder == null ? List.of() : graph.eventsHomedIn(tenantId, holder);
        if (homed.size() < 2) {
            return 0;
        }
        // in chunks: a number typed at the till for everyone can have more events than one statement takes
        List<CapturedEvent> events = new ArrayList<>(homed.size());
        for (int from = 0; from < homed.size(); from += READ_CHUNK) {
            events.addAll(captureLog.read(tenantId, homed.subList(from, Math.min(homed.size(), from + READ_CHUNK))));
        }
        events.sort(Comparator.comparingLong(CapturedEvent::sequence));
        List<CapturedEvent> kept = new ArrayList<>();
        List<CapturedEvent> released = new ArrayList<>();
        for (CapturedEvent event : events) {
            (kept.isEmpty() || !carries(event, type, value) ? kept : released).add(event);
        }
        if (released.isEmpty()) {
            return 0;
        }
        // the profile says again only what its own events said: a name given with the value by someone else would
        // lead the next one of that name to it
        graph.deleteTraits(tenantId, List.of(holder));
        for (CapturedEvent event : kept) {
            ProbableMatch.Traits traits = LiveMatcher.traits(parse(event.propertiesJson()));
            if (traits != null) {
                matcher.remember(tenantId, holder, traits, now);
            }
        }
        for (CapturedEvent event : released) {
            graph.deleteEvent(tenantId, event.sequence());
            resolve(event, now, true);
        }
        UUID rootId = graph.node(tenantId, holder).orElseThrow().rootId();
        merges.released(tenantId, holder, rootId, reason.replace('_', '-') + " " + type.key());
        return released.size();
    }

    private boolean carries(CapturedEvent event, IdentifierType type, String value) {
        JsonNode raw = parse(event.identifiersJson()).get(type.key());
        if (raw == null || !raw.isString()) {
            return false;
        }
        Normalised n = normaliser.normalise(type, raw.asString(), country(event, parse(event.propertiesJson())));
        return n.usable() && n.value().equals(value);
    }

    /** The event's identifiers that may link; those denied as a household's shared value go to {@code household}. */
    private List<Normalised> usableIdentifiers(CapturedEvent event, JsonNode props, StringJoiner note,
                                               List<Normalised> household) {
        JsonNode identifiers = parse(event.identifiersJson());
        String country = country(event, props);
        Map<String, Normalised> byKey = new LinkedHashMap<>();
        for (IdentifierType type : IdentifierType.values()) {
            JsonNode raw = type == IdentifierType.BIRTH_DATE ? props.get("birthDate") : identifiers.get(type.key());
            if (raw == null || raw.isNull()) {
                continue;
            }
            if (!raw.isString()) {
                note.add(type.key() + ": is not text");
                continue;
            }
            Normalised n = normaliser.normalise(type, raw.asString(), country);
            if (!n.usable()) {
                note.add(type.key() + ": " + n.problem());
            } else if (configuredDenied.contains(key(n))) {
                note.add(type.key() + ": denied");
            } else {
                byKey.put(key(n), n);
            }
        }
        if (!byKey.isEmpty()) {
            Map<String, String> denied = graph.deniedWhy(event.tenantId(), byKey.values());
            denied.forEach((key, reason) -> {
                Normalised n = byKey.remove(key);
                if (n != null) {
                    note.add(key.substring(0, key.indexOf(':')) + ": denied");
                    if (reason.equals("shared")) {
                        household.add(n);
                    }
                }
            });
        }
        return new ArrayList<>(byKey.values());
    }

    private String country(CapturedEvent event, JsonNode props) {
        if (event.storeId() != null) {
            String country = stores.findById(event.tenantId(), event.storeId()).map(StoreRef::country).orElse(null);
            if (country != null) {
                return country;
            }
        }
        JsonNode country = props.get("country");
        if (country != null && country.isString() && country.asString().length() == 2) {
            return country.asString();
        }
        return properties.defaultCountry().isBlank() ? null : properties.defaultCountry();
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        JsonNode node = json.readTree(text);
        return node.isObject() ? node : json.createObjectNode();
    }

    private static String text(StringJoiner note) {
        String text = note.toString();
        return text.isEmpty() ? null : text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static String key(Normalised n) {
        return key(n.type(), n.value());
    }

    private static String key(IdentifierType type, String value) {
        return type.key() + ":" + value;
    }
}
