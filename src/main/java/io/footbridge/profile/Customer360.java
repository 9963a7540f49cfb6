package io.footbridge.profile;

import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/** Puts a person together from the identity graph and the capture log. */
@Service
class Customer360 implements Customers {

    /** The newest events that traits and attributes are computed from; a timeline pages through all of them. */
    static final int COMPUTED_OVER = 10_000;

    private final IdentityGraph identity;
    private final CaptureLog captureLog;
    private final Stores stores;
    private final IdentifierNormaliser normaliser;
    private final JsonMapper json;

    Customer360(IdentityGraph identity, CaptureLog captureLog, Stores stores, IdentifierNormaliser normaliser,
                JsonMapper json) {
        this.identity = identity;
        this.captureLog = captureLog;
        this.stores = stores;
        this.normaliser = normaliser;
        this.json = json;
    }

    IdentityGraph.ProfileRef profile(Actor actor, UUID id) {
        return identity.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("profile", id));
    }

    CustomerView view(Actor actor, IdentityGraph.ProfileRef profile) {
        UUID tenantId = actor.tenantId();
        Map<UUID, Optional<StoreRef>> storeCache = new HashMap<>();
        Function<UUID, Optional<StoreRef>> store = id -> id == null || !actor.canAccessStore(id) ? Optional.empty()
                : storeCache.computeIfAbsent(id, key -> stores.findById(tenantId, key));
        List<CustomerView.Identifier> identifiers = identity.identifiers(tenantId, profile.id()).stream()
                .map(i -> new CustomerView.Identifier(i.type().key(), i.value(), i.original(), i.firstSeenAt(),
                        store.apply(i.firstStoreId()).map(StoreRef::code).orElse(null), i.firstEventType(),
                        i.lastSeenAt(), store.apply(i.lastStoreId()).map(StoreRef::code).orElse(null),
                        i.lastEventType(), i.events(), i.denied()))
                .toList();

        List<IdentityGraph.EventRef> refs = identity.events(tenantId, profile.id(), null, COMPUTED_OVER);
        List<CapturedEvent> events = new ArrayList<>(refs.size());
        for (int from = 0; from < refs.size(); from += 1000) {
            events.addAll(captureLog.read(tenantId, refs.subList(from, Math.min(refs.size(), from + 1000)).stream()
                    .map(IdentityGraph.EventRef::sequence).toList()));
        }
        if (!actor.allStores()) {
            events.removeIf(e -> e.storeId() == null || !actor.canAccessStore(e.storeId()));
            if (events.isEmpty()) {
                throw ProblemException.notFound("profile", profile.id());
            }
        }
        events.sort(Comparator.comparing(CapturedEvent::occurredAt).thenComparing(CapturedEvent::sequence));

        Map<String, String> traits = new LinkedHashMap<>();
        Set<String> visits = new HashSet<>();
        Map<String, Long> visitsPerStore = new HashMap<>();
        Map<String, long[]> spend = new LinkedHashMap<>(); // currency -> {net total, orders}
        Map<String, Integer> categories = new HashMap<>();
        Set<String> channels = new TreeSet<>();
        Set<String> storeCodes = new TreeSet<>();
        long orders = 0;
        for (CapturedEvent event : events) {
            JsonNode props = parse(event.propertiesJson());
            for (String trait : TRAITS) {
                JsonNode value = props.get(trait);
                if (value != null && value.isString() && !value.asString().isBlank()) {
                    traits.put(trait, value.asString()); // the latest wins: events run oldest first
                }
            }
            channels.add(channel(event.type()));
            Optional<StoreRef> where = store.apply(event.storeId());
            if (where.isPresent()) {
                StoreRef s = where.get();
                storeCodes.add(s.code());
                String day = s.code() + "/" + event.occurredAt().atZone(s.timeZone()).toLocalDate();
                if (visits.add(day)) {
                    visitsPerStore.merge(s.code(), 1L, Long::sum);
                }
            }
            String currency = props.path("currency").isString() ? props.get("currency").asString() : null;
            long total = props.path("total").isIntegralNumber() ? props.get("total").asLong() : 0;
            switch (event.type()) {
                case "pos.purchase" -> {
                    orders++;
                    if (currency != null) {
                        long[] s = spend.computeIfAbsent(currency, c -> new long[2]);
                        s[0] += total;
                        s[1]++;
                    }
                    props.path("categories").forEach(c -> {
                        if (c.isString()) {
                            categories.merge(c.asString(), 1, Integer::sum);
                        }
                    });
                }
                case "pos.refund", "pos.void" -> {
                    if (currency != null) {
                        long[] s = spend.computeIfAbsent(currency, c -> new long[2]);
                        s[0] -= total;
                        if (event.type().equals("pos.void")) {
                            s[1]--;
                        }
                    }
                    if (event.type().equals("pos.void")) {
                        orders--;
                    }
                }
                default -> {
                }
            }
        }
        visitsPerStore.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .ifPresent(e -> traits.put("preferredStore", e.getKey()));
        List<CustomerView.Spend> spent = spend.entrySet().stream().map(e -> new CustomerView.Spend(e.getKey(),
                e.getValue()[0], e.getValue()[1] <= 0 ? 0 : Math.round((double) e.getValue()[0] / e.getValue()[1])))
                .toList();
        List<String> favourites = categories.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(Map.Entry::getKey).toList();
        // identifiers remember their first sighting even when older events fall outside the events read
        Instant first = identifiers.stream().map(CustomerView.Identifier::firstSeenAt).min(Comparator.naturalOrder())
                .orElse(events.isEmpty() ? null : events.get(0).occurredAt());
        Instant last = events.isEmpty() ? null : events.get(events.size() - 1).occurredAt();
        CustomerView.Attributes attributes = new CustomerView.Attributes(first, last, events.size(), visits.size(),
                Math.max(0, orders), spent, favourites, List.copyOf(channels), List.copyOf(storeCodes),
                traits.get("preferredStore"), events.size());
        return new CustomerView(profile.id(), profile.anchorAt(), identifiers, traits, attributes);
    }

    @Override
    public CustomerView view(Actor actor, UUID rootId) {
        return view(actor, profile(actor, rootId));
    }

    /** The person as this caller may see them; empty when a store-bound caller's stores never saw them. */
    Optional<CustomerView> visible(Actor actor, UUID id) {
        try {
            return Optional.of(view(actor, profile(actor, id)));
        } catch (ProblemException notThere) {
            return Optional.empty();
        }
    }

    @Override
    public TimelinePage timeline(Actor actor, UUID rootId, String before, int limit) {
        return timeline(actor, profile(actor, rootId), before, limit);
    }

    /**
     * The person's events, newest first; {@code before} is the {@code next} of the previous page. A store-bound
     * caller's page skips other stores' events, reading on until it is full or the person's events end.
     */
    TimelinePage timeline(Actor actor, IdentityGraph.ProfileRef profile, String before, int limit) {
        IdentityGraph.EventRef cursor = null;
        if (before != null) {
            try {
                int at = before.lastIndexOf('_');
                cursor = new IdentityGraph.EventRef(Long.parseLong(before.substring(at + 1)),
                        Instant.parse(before.substring(0, at)));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("before", "is not a cursor from a previous page");
            }
        }
        Map<UUID, String> codes = new HashMap<>();
        List<TimelineEntry> entries = new ArrayList<>();
        boolean more = true;
        while (entries.size() < limit && more) {
            List<IdentityGraph.EventRef> refs = identity.events(actor.tenantId(), profile.id(), cursor, limit);
            more = refs.size() == limit;
            Map<Long, CapturedEvent> bySeq = new HashMap<>();
            captureLog.read(actor.tenantId(), refs.stream().map(IdentityGraph.EventRef::sequence).toList())
                    .forEach(e -> bySeq.put(e.sequence(), e));
            for (IdentityGraph.EventRef ref : refs) {
                if (entries.size() == limit) {
                    more = true;
                    break;
                }
                cursor = ref;
                CapturedEvent e = bySeq.get(ref.sequence());
                if (e == null || !actor.allStores() && (e.storeId() == null || !actor.canAccessStore(e.storeId()))) {
                    continue;
                }
                String code = e.storeId() == null ? null : codes.computeIfAbsent(e.storeId(), id ->
                        stores.findById(actor.tenantId(), id).map(StoreRef::code).orElse(null));
                entries.add(new TimelineEntry(e.sequence(), e.eventId(), e.type(), e.occurredAt(), e.receivedAt(),
                        code, e.touchpointId(), e.source(), parse(e.propertiesJson())));
            }
        }
        String next = more && cursor != null
                ? cursor.occurredAt().atOffset(ZoneOffset.UTC).toInstant() + "_" + cursor.sequence() : null;
        return new TimelinePage(profile.id(), entries, next);
    }

    @Override
    public List<UUID> search(Actor actor, String query, String country, int limit) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            throw ProblemException.invalid("q", "give an email, phone number, loyalty number or name");
        }
        List<UUID> found = new ArrayList<>();
        for (IdentifierType type : List.of(IdentifierType.EMAIL, IdentifierType.PHONE, IdentifierType.LOYALTY_ID,
                IdentifierType.DEVICE_ID, IdentifierType.ANONYMOUS_ID)) {
            Normalised value = normaliser.normalise(type, q, country);
            if (value.usable()) {
                identity.findByIdentifier(actor.tenantId(), type, value.value())
                        .filter(id -> !found.contains(id)).ifPresent(found::add);
            }
        }
        if (q.chars().anyMatch(Character::isLetter) && q.indexOf('@') < 0) {
            findByName(actor, q, limit).stream().filter(id -> !found.contains(id)).forEach(found::add);
        }
        return found.stream().filter(id -> visible(actor, id).isPresent()).limit(limit).toList();
    }

    /** The person holding this identifier, compared after normalisation. */
    Optional<UUID> findBy(Actor actor, IdentifierType type, String raw, String country) {
        Normalised value = normaliser.normalise(type, raw, country);
        if (!value.usable()) {
            throw ProblemException.invalid(type.key(), value.problem());
        }
        return identity.findByIdentifier(actor.tenantId(), type, value.value());
    }

    /** People whose names sound like this one, most alike first. */
    List<UUID> findByName(Actor actor, String name, int limit) {
        if (name.length() > 200) {
            throw ProblemException.invalid("name", "must be at most 200 characters");
        }
        return identity.findByName(actor.tenantId(), name, limit).stream().map(IdentityGraph.NameMatch::rootId)
                .toList();
    }

    private static String channel(String type) {
        int dot = type.indexOf('.');
        String family = dot < 0 ? type : type.substring(0, dot);
        return switch (family) {
            case "pos", "coupon", "receipt" -> "store";
            case "wifi" -> "wifi";
            case "qr", "nfc" -> "qr";
            case "web" -> "web";
            case "app", "beacon" -> "app";
            case "customer" -> "import";
            default -> family;
        };
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        return json.readTree(text);
    }
}
