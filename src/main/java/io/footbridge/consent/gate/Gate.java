package io.footbridge.consent.gate;

import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.HelpRequests;
import io.footbridge.consent.Purpose;
import io.footbridge.consent.ledger.Entry;
import io.footbridge.consent.ledger.LedgerRepository;
import io.footbridge.consent.ledger.People;
import io.footbridge.consent.ledger.Policies;
import io.footbridge.consent.ledger.Policy;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one place that says whether a message may go. In order: an erased or suppressed address never gets anything;
 * then the ledger (marketing needs a current grant, service messages only must not be withdrawn); then, for
 * marketing, the tenant's quiet hours and frequency cap.
 */
@Service
class Gate implements ConsentGate {

    static final Duration ACKNOWLEDGE_WITHIN = Duration.ofHours(1);

    private final LedgerRepository ledger;
    private final People people;
    private final IdentityGraph identity;
    private final SuppressionRepository suppressions;
    private final ContactRepository contacts;
    private final Policies policies;
    private final ObjectProvider<HelpRequests> helpRequests;

    Gate(LedgerRepository ledger, People people, IdentityGraph identity, SuppressionRepository suppressions,
         ContactRepository contacts, Policies policies, ObjectProvider<HelpRequests> helpRequests) {
        this.policies = policies;
        this.helpRequests = helpRequests;
        this.ledger = ledger;
        this.people = people;
        this.identity = identity;
        this.suppressions = suppressions;
        this.contacts = contacts;
    }

    @Override
    public Decision check(Ask ask) {
        return decide(ask, false);
    }

    @Override
    @Transactional
    public Decision admit(Ask ask) {
        return decide(ask, true);
    }

    private Decision decide(Ask ask, boolean count) {
        Objects.requireNonNull(ask.tenantId(), "tenantId");
        Objects.requireNonNull(ask.channel(), "channel");
        Objects.requireNonNull(ask.purpose(), "purpose");
        Instant at = ask.at() == null ? Instant.now() : ask.at();
        String addressType = ask.channel().addressType();
        boolean hasAddress = ask.address() != null && addressType != null;
        if (hasAddress) {
            IdentifierType type = IdentifierType.ofKey(addressType).orElseThrow();
            if (identity.erased(ask.tenantId(), type, ask.address())) {
                return Decision.refuse(Reason.ERASED, "the address belonged to a person who was erased", null);
            }
            Optional<SuppressionRepository.Suppression> suppressed =
                    suppressions.find(ask.tenantId(), ask.channel(), ask.address());
            if (suppressed.isPresent()) {
                return Decision.refuse(Reason.SUPPRESSED, "the address is on the suppression list ("
                        + suppressed.get().reason().value() + ")", null);
            }
        }
        Optional<People.Person> person = ask.profileId() != null ? people.of(ask.tenantId(), ask.profileId())
                : hasAddress ? people.holding(ask.tenantId(), addressType, ask.address()) : Optional.empty();
        Set<String> subjects = new LinkedHashSet<>(person.map(People.Person::subjects).orElse(Set.of()));
        if (hasAddress) {
            subjects.add(People.identifierSubject(addressType, ask.address()));
            if (ask.profileId() != null && person.map(p -> !p.holds(IdentifierType.ofKey(addressType).orElseThrow(),
                    ask.address())).orElse(true)) {
                // the address is someone else's (or no one's yet): what its holder withdrew counts too
                people.holding(ask.tenantId(), addressType, ask.address())
                        .ifPresent(holder -> subjects.addAll(holder.subjects()));
            }
        }
        Optional<Entry> latest = subjects.isEmpty() ? Optional.empty()
                : ledger.latest(ask.tenantId(), subjects, ask.channel(), ask.purpose());
        if (latest.isPresent() && latest.get().status().equals(Entry.WITHDRAWN)) {
            if (acknowledges(ask, latest.get(), at)) {
                return Decision.allow(Reason.ACKNOWLEDGEMENT, "confirms the withdrawal " + describe(latest.get()));
            }
            if (answersHelp(ask, at)) {
                return Decision.allow(Reason.ACKNOWLEDGEMENT, "answers the HELP the person just sent; withdrawn "
                        + describe(latest.get()));
            }
            return Decision.refuse(Reason.WITHDRAWN, "withdrawn " + describe(latest.get()), null);
        }
        if (ask.purpose() == Purpose.SERVICE) {
            return Decision.allow(Reason.SERVICE, "a service message; not withdrawn");
        }
        if (latest.isEmpty()) {
            return Decision.refuse(Reason.NO_CONSENT, "no " + ask.channel().value() + " "
                    + ask.purpose().value() + " consent is recorded", null);
        }
        if (latest.get().status().equals(Entry.PENDING)) {
            return Decision.refuse(Reason.PENDING_CONFIRMATION, "granted " + describe(latest.get())
                    + ", waiting for the confirmation link to be followed", null);
        }
        Policy policy = policies.of(ask.tenantId());
        if (policy.hasQuietHours()) {
            ZoneId zone = ask.zone() != null ? ask.zone() : policy.timeZone();
            Instant end = quietUntil(policy, at, zone);
            if (end != null) {
                return Decision.refuse(Reason.QUIET_HOURS, "quiet hours " + policy.quietStart() + "–"
                        + policy.quietEnd() + " " + zone.getId(), end);
            }
        }
        if (policy.hasCap()) {
            String subject = person.map(p -> People.profileSubject(p.rootId()))
                    .orElse(hasAddress ? People.identifierSubject(addressType, ask.address()) : null);
            if (subject != null) {
                Duration window = Duration.ofDays(policy.capDays());
                if (count) {
                    contacts.lock(ask.tenantId(), subject);
                }
                List<Instant> recent = contacts.since(ask.tenantId(), subject, at.minus(window), ask.contactKey());
                if (recent.size() >= policy.capMessages()) {
                    Instant free = recent.get(recent.size() - policy.capMessages()).plus(window);
                    return Decision.refuse(Reason.FREQUENCY_CAP, recent.size() + " marketing messages in the last "
                            + policy.capDays() + " days (cap " + policy.capMessages() + ")", free);
                }
                if (count) {
                    contacts.insert(ask.tenantId(), subject, ask.channel(), at.truncatedTo(ChronoUnit.MICROS),
                            ask.contactKey());
                }
            }
        }
        return Decision.allow(Reason.GRANTED, "granted " + describe(latest.get()));
    }

    /**
     * The reply to an opt-out keyword may still go: it is a service message naming the withdrawal it confirms, that
     * withdrawal is the newest line (a later one of any kind ends the exception) and it is at most an hour old, so a
     * confirmation stuck in the queue does not reach the person days later.
     */
    private boolean acknowledges(Ask ask, Entry withdrawal, Instant at) {
        if (ask.acknowledges() == null || ask.purpose() != Purpose.SERVICE
                || ask.acknowledges().startsWith(HelpRequests.PREFIX)
                || withdrawal.recordedAt().isBefore(at.minus(ACKNOWLEDGE_WITHIN))) {
            return false;
        }
        return ledger.byOrigin(ask.tenantId(), ask.acknowledges()).map(e -> e.id() == withdrawal.id())
                .orElse(false);
    }

    /** The answer to HELP may go to someone who opted out (carriers require it) while the request is recent. */
    private boolean answersHelp(Ask ask, Instant at) {
        if (ask.acknowledges() == null || !ask.acknowledges().startsWith(HelpRequests.PREFIX)
                || ask.purpose() != Purpose.SERVICE || ask.address() == null) {
            return false;
        }
        UUID inbound;
        try {
            inbound = UUID.fromString(ask.acknowledges().substring(HelpRequests.PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        HelpRequests requests = helpRequests.getIfAvailable();
        return requests != null && requests.askedForHelp(ask.tenantId(), inbound, ask.channel(), ask.address(),
                at.minus(ACKNOWLEDGE_WITHIN));
    }

    /** The end of the quiet hours {@code at} falls in, or null when it is outside them. */
    static Instant quietUntil(Policy policy, Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalTime start = policy.quietStart();
        LocalTime end = policy.quietEnd();
        boolean overnight = start.isAfter(end);
        boolean quiet = overnight ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return null;
        }
        ZonedDateTime until = local.with(end).truncatedTo(ChronoUnit.MINUTES);
        if (!until.isAfter(local)) {
            until = until.plusDays(1).with(end);
        }
        return until.toInstant();
    }

    private static String describe(Entry entry) {
        return "on " + DateTimeFormatter.ISO_INSTANT.format(entry.occurredAt().truncatedTo(ChronoUnit.SECONDS))
                + " through " + entry.source();
    }
}
