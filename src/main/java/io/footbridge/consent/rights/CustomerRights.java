package io.footbridge.consent.rights;

import io.footbridge.identity.IdentityGraph;
import io.footbridge.consent.DataRights;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A person's rights over their data: to see all of it, from every module, and to have it erased everywhere at once.
 * Erasure runs in one transaction with identity resolution held, so nothing joins the person half-way; it is
 * audited without anything that identifies them.
 */
@Service
class CustomerRights implements DataRights {

    private final IdentityGraph identity;
    private final List<PersonalData> holders;
    private final AuditLog audit;
    private final io.footbridge.capture.CaptureFeeds feeds;

    CustomerRights(IdentityGraph identity, List<PersonalData> holders, AuditLog audit,
                   io.footbridge.capture.CaptureFeeds feeds) {
        this.feeds = feeds;
        this.identity = identity;
        this.holders = holders.stream().sorted(Comparator.comparingInt(PersonalData::erasureOrder)
                .thenComparing(PersonalData::section)).toList();
        this.audit = audit;
    }

    @Override
    @Transactional
    public Export export(Actor actor, UUID profileId) {
        if (!actor.allStores()) {
            throw ProblemException.forbidden("Exporting a person needs tenant-wide credentials: their data is in every"
                    + " store.");
        }
        PersonalData.Person person = person(actor, profileId, false);
        Map<String, Object> data = new LinkedHashMap<>();
        for (PersonalData holder : holders.stream().sorted(Comparator.comparingInt((PersonalData h) ->
                "identity".equals(h.section()) ? 0 : 1).thenComparing(PersonalData::section)).toList()) {
            Object section = holder.export(person);
            if (section != null) {
                data.put(holder.section(), section);
            }
        }
        audit.record(actor, "profile.exported", "profile", person.rootId(), Map.of());
        return new Export(person.rootId(), Instant.now().truncatedTo(ChronoUnit.SECONDS), data);
    }

    @Override
    @Transactional
    public Erased erase(Actor actor, UUID profileId) {
        if (!actor.allStores()) {
            throw ProblemException.forbidden("Erasing a person needs tenant-wide credentials: their data is in every"
                    + " store.");
        }
        PersonalData.Person person = person(actor, profileId, true);
        // nothing the feeds take from the log (a consent tick, a receipt) may land for the person half-way
        feeds.holdAll();
        for (PersonalData holder : holders) {
            holder.erase(person);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        audit.record(actor, "profile.erased", "profile", person.rootId(), Map.of(
                "profiles", person.profileIds().size(), "identifiers", person.identifiers().size(),
                "events", person.events().size()));
        return new Erased(person.rootId(), now, person.profileIds().size(), person.identifiers().size(),
                person.events().size());
    }

    private PersonalData.Person person(Actor actor, UUID profileId, boolean hold) {
        return identity.person(actor.tenantId(), profileId, hold)
                .orElseThrow(() -> ProblemException.notFound("profile", profileId));
    }
}
