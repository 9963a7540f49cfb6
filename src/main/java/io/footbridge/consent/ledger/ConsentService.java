package io.footbridge.consent.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.Country;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.TimeZone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The consent API: a person's permissions and ledger, recording by staff and integrations, wordings, the policy. */
@Service
class ConsentService {

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final java.util.Set<String> RESERVED_SOURCES = java.util.Set.of("double_opt_in", "import",
            "unsubscribe", "preference_centre", "sms_keyword", "whatsapp_keyword", "complaint");

    record Person(UUID rootId, People.Person person) {
    }

    record Subject(String type, String value) {
    }

    record EntryView(long id, Channel channel, Purpose purpose, String status, Instant occurredAt, Instant recordedAt,
                     String source, String store, UUID touchpointId, String wordingVersion, String wording,
                     Map<String, String> evidence, Subject subject) {
    }

    /** A permission as it stands; {@code none} when nothing was ever recorded. */
    record Current(Channel channel, Purpose purpose, String status, Instant since, String source, Long entryId) {
    }

    record ConsentsView(UUID profileId, List<Current> current, List<EntryView> history) {
    }

    record Recorded(EntryView entry, boolean created) {
    }

    /** {@code country}: the stores' country the text is meant for (its law and language), absent for any. */
    record WordingRequest(@NotBlank @Size(max = 4000) String text, @Size(max = 16) String language,
                          Channel channel, Purpose purpose, @Country String country) {
    }

    record Registered(LedgerRepository.Wording wording, boolean created) {
    }

    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";

    record QuietHours(@NotNull @Pattern(regexp = TIME, message = "must be a time such as 21:00") String start,
                      @NotNull @Pattern(regexp = TIME, message = "must be a time such as 08:00") String end) {
    }

    record FrequencyCap(@NotNull @Min(1) @Max(1000) Integer messages, @NotNull @Min(1) @Max(365) Integer days) {
    }

    record PolicyView(@NotNull Boolean doubleOptInEmail, @Valid QuietHours quietHours,
                      @NotNull @TimeZone String timeZone, @Valid FrequencyCap frequencyCap) {
    }

    record CheckRequest(UUID profileId, @NotNull Channel channel, @NotNull Purpose purpose,
                        @Size(max = 320) String address, @Size(max = 64) String store, Instant at) {
    }

    private final Ledger ledger;
    private final LedgerRepository repository;
    private final People people;
    private final Policies policies;
    private final ConsentGate gate;
    private final IdentifierNormaliser normaliser;
    private final Stores stores;
    private final AuditLog audit;

    ConsentService(Ledger ledger, LedgerRepository repository, People people, Policies policies, ConsentGate gate,
                   IdentifierNormaliser normaliser, Stores stores, AuditLog audit) {
        this.ledger = ledger;
        this.repository = repository;
        this.people = people;
        this.policies = policies;
        this.gate = gate;
        this.normaliser = normaliser;
        this.stores = stores;
        this.audit = audit;
    }

    Person person(Actor actor, UUID profileId) {
        return people.of(actor.tenantId(), profileId).map(p -> new Person(p.rootId(), p))
                .orElseThrow(() -> ProblemException.notFound("profile", profileId));
    }

    ConsentsView view(Actor actor, Person person, int limit) {
        List<Entry> history = ledger.history(actor.tenantId(), person.person(), limit);
        Map<UUID, String> storeCodes = new HashMap<>();
        Map<String, Entry> newest = new LinkedHashMap<>();
        history.forEach(e -> newest.putIfAbsent(e.channel().value() + "/" + e.purpose().value(), e));
        List<Current> current = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            for (Purpose purpose : Purpose.values()) {
                Entry e = newest.get(channel.value() + "/" + purpose.value());
                current.add(e == null ? new Current(channel, purpose, "none", null, null, null)
                        : new Current(channel, purpose, e.status(), e.occurredAt(), e.source(), e.id()));
            }
        }
        return new ConsentsView(person.rootId(), current,
                history.stream().map(e -> view(actor.tenantId(), e, storeCodes)).toList());
    }

    @Transactional
    Recorded record(Actor actor, UUID profileId, ConsentRequest request, String idempotencyKey) {
        String originKey = idempotencyKey == null ? null : "api:" + idempotencyKey;
        if (originKey != null) {
            Optional<Entry> first = ledger.byOrigin(actor.tenantId(), originKey);
            if (first.isPresent()) {
                return new Recorded(view(actor.tenantId(), first.get(), new HashMap<>()), false);
            }
        }
        Person person = person(actor, profileId);
        List<FieldError> errors = new ArrayList<>();
        if (RESERVED_SOURCES.contains(request.source())) {
            // these carry their own proof (a click, a keyword, the import itself): a caller cannot claim them
            errors.add(new FieldError("source", "is recorded by Footbridge itself; name where it happened instead"));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant occurredAt = request.occurredAt() == null ? now : request.occurredAt();
        if (occurredAt.isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new FieldError("occurredAt", "is in the future"));
        } else if (occurredAt.isBefore(EARLIEST)) {
            errors.add(new FieldError("occurredAt", "is before 1900"));
        }
        StoreRef store = store(actor, request.store(), errors);
        String identifierType = null;
        String identifierValue = null;
        if (request.address() != null) {
            if (request.channel().addressType() == null) {
                errors.add(new FieldError("address", request.channel().value() + " has no addresses"));
            } else {
                IdentifierType type = IdentifierType.ofKey(request.channel().addressType()).orElseThrow();
                Normalised address = normaliser.normalise(type, request.address(), store == null ? null
                        : store.country());
                if (!address.usable()) {
                    errors.add(new FieldError("address", address.problem()));
                } else if (!person.person().holds(type, address.value())) {
                    errors.add(new FieldError("address", "is not a " + type.key() + " of this person"));
                } else {
                    identifierType = type.key();
                    identifierValue = address.value();
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        if (request.evidence() != null) {
            put(evidence, "ip", request.evidence().ip());
            put(evidence, "userAgent", request.evidence().userAgent());
            put(evidence, "staffId", request.evidence().staffId());
            put(evidence, "messageId", request.evidence().messageId());
            put(evidence, "note", request.evidence().note());
        }
        evidence.put("recordedBy", actor.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + actor.id());
        Optional<Long> id = ledger.append(new NewConsent(actor.tenantId(), person.rootId(), identifierType,
                identifierValue, request.channel(), request.purpose(), request.granted(), occurredAt,
                request.source(), store == null ? null : store.id(), null, request.wordingVersion(), evidence,
                originKey));
        if (id.isEmpty()) {
            if (originKey != null) {
                // a concurrent retry with the same key won the race: answer with its line
                return new Recorded(view(actor.tenantId(), ledger.byOrigin(actor.tenantId(), originKey).orElseThrow(),
                        new HashMap<>()), false);
            }
            throw ProblemException.conflict("erased", "This address belonged to a person who was erased.");
        }
        return new Recorded(view(actor.tenantId(), ledger.entry(actor.tenantId(), id.get()).orElseThrow(),
                new HashMap<>()), true);
    }

    @Transactional
    Registered register(Actor actor, String version, WordingRequest request) {
        if (version.isBlank() || version.length() > 64) {
            throw ProblemException.invalid("version", "must be 1 to 64 characters");
        }
        Optional<LedgerRepository.Wording> existing = repository.wording(actor.tenantId(), version);
        if (existing.isPresent()) {
            if (!existing.get().text().equals(request.text())) {
                throw ProblemException.conflict("wording-version-exists", "Wording " + version + " is registered"
                        + " with another text; people agreed to that one, so register the new text as a new version.");
            }
            return new Registered(existing.get(), false);
        }
        var wording = new LedgerRepository.Wording(version, request.country(), request.language(),
                request.channel() == null ? null : request.channel().value(),
                request.purpose() == null ? null : request.purpose().value(), request.text(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (!repository.insertWording(actor.tenantId(), wording)) {
            return register(actor, version, request);
        }
        audit.record(actor, "consent.wording.registered", "consent_wording", version, Map.of());
        return new Registered(wording, true);
    }

    List<LedgerRepository.Wording> wordings(Actor actor) {
        return repository.wordings(actor.tenantId());
    }

    PolicyView policy(Actor actor) {
        Policy p = policies.of(actor.tenantId());
        return new PolicyView(p.doubleOptInEmail(), p.hasQuietHours()
                ? new QuietHours(p.quietStart().toString(), p.quietEnd().toString()) : null, p.timeZone().getId(),
                p.hasCap() ? new FrequencyCap(p.capMessages(), p.capDays()) : null);
    }

    @Transactional
    PolicyView setPolicy(Actor actor, PolicyView request) {
        actor.requireTenantAdmin();
        if (request.quietHours() != null && request.quietHours().start().equals(request.quietHours().end())) {
            throw ProblemException.invalid("quietHours.end", "must differ from the start");
        }
        Policy policy = new Policy(request.doubleOptInEmail(),
                request.quietHours() == null ? null : LocalTime.parse(request.quietHours().start()),
                request.quietHours() == null ? null : LocalTime.parse(request.quietHours().end()),
                ZoneId.of(request.timeZone()),
                request.frequencyCap() == null ? null : request.frequencyCap().messages(),
                request.frequencyCap() == null ? null : request.frequencyCap().days());
        policies.save(actor.tenantId(), policy);
        audit.record(actor, "consent.policy.changed", "consent_policy", actor.tenantId(), Map.of(
                "doubleOptInEmail", policy.doubleOptInEmail(), "quietHours", policy.hasQuietHours(),
                "frequencyCap", policy.hasCap()));
        return policy(actor);
    }

    ConsentGate.Decision check(Actor actor, CheckRequest request) {
        List<FieldError> errors = new ArrayList<>();
        StoreRef store = store(actor, request.store(), errors);
        if (request.at() != null && (request.at().isBefore(EARLIEST)
                || request.at().isAfter(Instant.parse("9999-12-31T00:00:00Z")))) {
            errors.add(new FieldError("at", "must be between 1900 and 9999"));
        }
        if (request.profileId() == null && request.address() == null) {
            errors.add(new FieldError("profileId", "give a profileId, an address or both"));
        }
        if (request.profileId() != null && people.of(actor.tenantId(), request.profileId()).isEmpty()) {
            throw ProblemException.notFound("profile", request.profileId());
        }
        String address = null;
        if (request.address() != null) {
            if (request.channel().addressType() == null) {
                errors.add(new FieldError("address", request.channel().value() + " has no addresses"));
            } else {
                Normalised normalised = normaliser.normalise(IdentifierType.ofKey(request.channel().addressType())
                        .orElseThrow(), request.address(), store == null ? null : store.country());
                if (normalised.usable()) {
                    address = normalised.value();
                } else {
                    errors.add(new FieldError("address", normalised.problem()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return gate.check(new ConsentGate.Ask(actor.tenantId(), request.profileId(), request.channel(),
                request.purpose(), address, store == null ? null : store.timeZone(),
                request.at() == null ? Instant.now() : request.at()));
    }

    private StoreRef store(Actor actor, String code, List<FieldError> errors) {
        if (code == null) {
            return null;
        }
        Optional<StoreRef> store = stores.findByCode(actor.tenantId(), code);
        if (store.isEmpty()) {
            errors.add(new FieldError("store", "is not a store of this tenant"));
            return null;
        }
        actor.requireStore(store.get().id());
        return store.get();
    }

    private EntryView view(UUID tenantId, Entry e, Map<UUID, String> storeCodes) {
        String store = e.storeId() == null ? null : storeCodes.computeIfAbsent(e.storeId(),
                id -> stores.findById(tenantId, id).map(StoreRef::code).orElse(null));
        int colon = e.subject().indexOf(':');
        return new EntryView(e.id(), e.channel(), e.purpose(), e.status(), e.occurredAt(), e.recordedAt(), e.source(),
                store, e.touchpointId(), e.wordingVersion(), e.wording(), e.evidence(),
                new Subject(e.subject().substring(0, colon), e.subject().substring(colon + 1)));
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
