package io.footbridge.consent.ledger;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who a permission is about. The ledger keeps each line under what it was given for, a profile or an identifier;
 * a person's permissions are the lines under any of their profiles and identifiers, so they follow merges and
 * splits without a line being rewritten.
 */
@Component
public class People {

    /** A person and every subject their ledger lines may be kept under. */
    public record Person(UUID rootId, List<UUID> profileIds, List<IdentityGraph.LinkedIdentifier> identifiers,
                         Set<String> subjects) {

        public Optional<String> first(IdentifierType type) {
            return identifiers.stream().filter(i -> i.type() == type && !i.denied())
                    .map(IdentityGraph.LinkedIdentifier::value).findFirst();
        }

        public List<String> all(IdentifierType type) {
            return identifiers.stream().filter(i -> i.type() == type).map(IdentityGraph.LinkedIdentifier::value)
                    .toList();
        }

        public boolean holds(IdentifierType type, String value) {
            return identifiers.stream().anyMatch(i -> i.type() == type && i.value().equals(value));
        }
    }

    private final IdentityGraph identity;

    People(IdentityGraph identity) {
        this.identity = identity;
    }

    public static String profileSubject(UUID profileId) {
        return "profile:" + profileId;
    }

    public static String identifierSubject(String type, String value) {
        return type + ":" + value;
    }

    /** The person a profile id belongs to now (a merged-away id gives the person it joined). */
    public Optional<Person> of(UUID tenantId, UUID profileId) {
        return identity.find(tenantId, profileId).map(profile -> person(tenantId, profile.rootId()));
    }

    /** The person holding this normalised identifier, if any. */
    public Optional<Person> holding(UUID tenantId, String type, String value) {
        return IdentifierType.ofKey(type).flatMap(t -> identity.findByIdentifier(tenantId, t, value))
                .map(root -> person(tenantId, root));
    }

    private Person person(UUID tenantId, UUID rootId) {
        List<UUID> profiles = identity.profileIds(tenantId, rootId);
        List<IdentityGraph.LinkedIdentifier> identifiers = identity.identifiers(tenantId, rootId);
        Set<String> subjects = new LinkedHashSet<>();
        profiles.forEach(id -> subjects.add(profileSubject(id)));
        identifiers.stream().filter(i -> i.type().linking())
                .forEach(i -> subjects.add(identifierSubject(i.type().key(), i.value())));
        return new Person(rootId, profiles, new ArrayList<>(identifiers), subjects);
    }
}
