package io.footbridge.consent.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.ConfirmationRequested;
import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Signatures;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Appends to the consent ledger and reads permissions back. Lines are never changed: a withdrawal is a new line, and
 * the newest line for a channel and purpose is the permission as it stands. A marketing email grant waits for the
 * person's confirmation when the tenant asks for double opt-in.
 */
@Service
public class Ledger implements Consents {

    /** Signed links to confirm a double opt-in carry this purpose. */
    public static final String CONFIRM = "consent-confirm";
    static final Duration CONFIRMATION_VALID = Duration.ofDays(7);
    /** Sources that are proof of their own and need no confirmation link. */
    private static final Set<String> CONFIRMED_SOURCES = Set.of("double_opt_in", "import");

    private final LedgerRepository repository;
    private final People people;
    private final IdentityGraph identity;
    private final Signatures signatures;
    private final HostedPages pages;
    private final ApplicationEventPublisher events;
    private final Policies policies;

    Ledger(LedgerRepository repository, People people, IdentityGraph identity, Signatures signatures,
           HostedPages pages, ApplicationEventPublisher events, Policies policies) {
        this.policies = policies;
        this.repository = repository;
        this.people = people;
        this.identity = identity;
        this.signatures = signatures;
        this.pages = pages;
        this.events = events;
    }

    @Override
    @Transactional
    public boolean record(NewConsent consent) {
        return append(consent).isPresent();
    }

    /** The line as recorded, or empty when the origin key was recorded before or the identifier was erased. */
    @Transactional
    public Optional<Long> append(NewConsent consent) {
        String subject;
        Optional<People.Person> person;
        if (consent.identifierType() != null) {
            IdentifierType type = IdentifierType.ofKey(consent.identifierType()).orElseThrow(() ->
                    new IllegalArgumentException("unknown identifier type " + consent.identifierType()));
            if (identity.erased(consent.tenantId(), type, consent.identifierValue())) {
                return Optional.empty();
            }
            subject = People.identifierSubject(type.key(), consent.identifierValue());
            person = consent.profileId() != null ? people.of(consent.tenantId(), consent.profileId())
                    : people.holding(consent.tenantId(), type.key(), consent.identifierValue());
        } else {
            person = people.of(consent.tenantId(), consent.profileId());
            subject = People.profileSubject(person.map(People.Person::rootId).orElse(consent.profileId()));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String status = consent.granted() ? Entry.GRANTED : Entry.WITHDRAWN;
        boolean confirm = consent.granted() && consent.channel() == Channel.EMAIL
                && consent.purpose().needsGrant() && !CONFIRMED_SOURCES.contains(consent.source())
                && policies.of(consent.tenantId()).doubleOptInEmail()
                && !currentlyGranted(consent.tenantId(), person, subject, consent.purpose());
        if (confirm) {
            status = Entry.PENDING;
        }
        String originKey = consent.originKey() != null ? consent.originKey() : "auto:" + UUID.randomUUID();
        Optional<Long> id = repository.insert(new LedgerRepository.NewEntry(consent.tenantId(), subject,
                consent.channel(), consent.purpose(), status, consent.occurredAt().truncatedTo(ChronoUnit.MICROS), now,
                consent.source(), consent.storeId(), consent.touchpointId(), consent.wordingVersion(),
                consent.evidence(), originKey));
        if (id.isPresent() && confirm) {
            String email = "email".equals(consent.identifierType()) ? consent.identifierValue()
                    : person.flatMap(p -> p.first(IdentifierType.EMAIL)).orElse(null);
            if (email != null) {
                UUID confirmation = UUID.randomUUID();
                repository.insertConfirmation(new LedgerRepository.Confirmation(confirmation, consent.tenantId(),
                        person.map(People.Person::rootId).orElse(consent.profileId()),
                        People.identifierSubject("email", email), consent.channel(), consent.purpose(), id.get(), now,
                        now.plus(CONFIRMATION_VALID), null));
                events.publishEvent(new ConfirmationRequested(consent.tenantId(), confirmation));
            }
        }
        return id;
    }

    private boolean currentlyGranted(UUID tenantId, Optional<People.Person> person, String subject,
                                     Purpose purpose) {
        Set<String> subjects = person.map(People.Person::subjects).orElse(Set.of(subject));
        return repository.latest(tenantId, union(subjects, subject), Channel.EMAIL, purpose)
                .map(e -> e.status().equals(Entry.GRANTED)).orElse(false);
    }

    @Override
    public String status(UUID tenantId, UUID profileId, String identifierType, String identifierValue,
                         Channel channel, Purpose purpose) {
        return latest(tenantId, profileId, identifierType, identifierValue, channel, purpose)
                .map(Entry::status).orElse(null);
    }

    @Override
    public Map<UUID, Map<Permission, String>> statuses(UUID tenantId, Collection<UUID> profileIds,
                                                       Collection<Permission> permissions) {
        Map<UUID, Set<String>> subjects = new java.util.LinkedHashMap<>();
        Map<UUID, Set<String>> byRoot = new java.util.HashMap<>();
        for (UUID profileId : profileIds) {
            // a person asked for under two of their profile ids is looked up once
            identity.find(tenantId, profileId).ifPresent(profile -> subjects.put(profileId,
                    byRoot.computeIfAbsent(profile.rootId(), root -> people.of(tenantId, root)
                            .map(People.Person::subjects).orElse(Set.of()))));
        }
        Set<String> all = new java.util.HashSet<>();
        subjects.values().forEach(all::addAll);
        Map<String, Map<Permission, LedgerRepository.Newest>> newest = repository.newest(tenantId, all,
                permissions);
        Map<UUID, Map<Permission, String>> statuses = new java.util.LinkedHashMap<>();
        subjects.forEach((profileId, theirs) -> {
            Map<Permission, LedgerRepository.Newest> best = new java.util.HashMap<>();
            for (String subject : theirs) {
                newest.getOrDefault(subject, Map.of()).forEach((permission, line) ->
                        best.merge(permission, line, LedgerRepository.Newest::newer));
            }
            if (!best.isEmpty()) {
                Map<Permission, String> status = new java.util.HashMap<>();
                best.forEach((permission, line) -> status.put(permission, line.status()));
                statuses.put(profileId, status);
            }
        });
        return statuses;
    }

    @Override
    public Optional<Standing> standing(UUID tenantId, UUID profileId, String identifierType, String identifierValue,
                                       Channel channel, Purpose purpose) {
        return latest(tenantId, profileId, identifierType, identifierValue, channel, purpose)
                .map(e -> new Standing(e.status(), e.source(), e.occurredAt()));
    }

    /** The permission as it stands for a person, or for an address whose person is not known. */
    public Optional<Entry> latest(UUID tenantId, UUID profileId, String identifierType, String identifierValue,
                                  Channel channel, Purpose purpose) {
        Set<String> subjects = subjects(tenantId, profileId, identifierType, identifierValue);
        return subjects.isEmpty() ? Optional.empty() : repository.latest(tenantId, subjects, channel, purpose);
    }

    /** Every subject lines about this person or address may be kept under. */
    public Set<String> subjects(UUID tenantId, UUID profileId, String identifierType, String identifierValue) {
        Optional<People.Person> person = profileId != null ? people.of(tenantId, profileId)
                : identifierType == null ? Optional.empty()
                : people.holding(tenantId, identifierType, identifierValue);
        Set<String> subjects = new java.util.LinkedHashSet<>(person.map(People.Person::subjects).orElse(Set.of()));
        if (identifierType != null && identifierValue != null) {
            subjects.add(People.identifierSubject(identifierType, identifierValue));
        }
        return subjects;
    }

    public List<Entry> history(UUID tenantId, People.Person person, int limit) {
        return repository.history(tenantId, person.subjects(), limit);
    }

    public Optional<Entry> entry(UUID tenantId, long id) {
        return repository.byId(tenantId, id);
    }

    public Optional<Entry> byOrigin(UUID tenantId, String originKey) {
        return repository.byOrigin(tenantId, originKey);
    }

    @Override
    public Optional<Confirmation> confirmation(UUID tenantId, UUID confirmationId) {
        return repository.confirmation(tenantId, confirmationId)
                .filter(c -> c.confirmedAt() == null && c.expiresAt().isAfter(Instant.now()))
                .map(c -> new Confirmation(c.id(), c.tenantId(), c.profileId(),
                        c.subject().substring(c.subject().indexOf(':') + 1), confirmUrl(c.tenantId(), c.id())));
    }

    public enum Confirmed { CONFIRMED, ALREADY, EXPIRED, UNKNOWN }

    /** The person followed the double opt-in link: their pending grant becomes a grant, with the click as proof. */
    @Transactional
    public Confirmed confirm(UUID tenantId, UUID confirmationId, Map<String, String> evidence) {
        Optional<LedgerRepository.Confirmation> found = repository.confirmation(tenantId, confirmationId);
        if (found.isEmpty()) {
            return Confirmed.UNKNOWN;
        }
        LedgerRepository.Confirmation c = found.get();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (c.confirmedAt() != null) {
            return Confirmed.ALREADY;
        }
        if (c.expiresAt().isBefore(now)) {
            return Confirmed.EXPIRED;
        }
        if (!repository.confirm(tenantId, confirmationId, now)) {
            return Confirmed.ALREADY;
        }
        Map<String, String> proof = new java.util.LinkedHashMap<>(evidence);
        proof.put("confirmationId", confirmationId.toString());
        int colon = c.subject().indexOf(':');
        // the grant confirmed is the one that waited: same store, same wording
        Optional<Entry> pending = repository.byId(tenantId, c.entryId());
        append(new NewConsent(tenantId, null, c.subject().substring(0, colon), c.subject().substring(colon + 1),
                c.channel(), c.purpose(), true, now, "double_opt_in", pending.map(Entry::storeId).orElse(null),
                pending.map(Entry::touchpointId).orElse(null), pending.map(Entry::wordingVersion).orElse(null),
                proof, "confirm:" + confirmationId));
        return Confirmed.CONFIRMED;
    }

    public String confirmUrl(UUID tenantId, UUID confirmationId) {
        return pages.baseUrl() + "/consent/confirm/" + signatures.sign(CONFIRM, tenantId + ":" + confirmationId);
    }

    private static Set<String> union(Set<String> subjects, String subject) {
        Set<String> all = new java.util.LinkedHashSet<>(subjects);
        all.add(subject);
        return all;
    }
}
