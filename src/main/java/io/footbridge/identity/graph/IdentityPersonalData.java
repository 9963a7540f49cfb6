package io.footbridge.identity.graph;

import io.footbridge.identity.IdentifierType;
import io.footbridge.platform.PersonalData;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity graph's part of a person's data: their identifiers, what they said about themselves, their merges.
 * Erasing leaves the profiles as empty rows (counts of customers stay true), the merges without the values that
 * joined them, and a tombstone of keyed digests so that the identifiers cannot bring the person back.
 */
@Component
class IdentityPersonalData implements PersonalData {

    private final GraphRepository graph;
    private final Tombstones tombstones;

    IdentityPersonalData(GraphRepository graph, Tombstones tombstones) {
        this.graph = graph;
        this.tombstones = tombstones;
    }

    record Traits(String firstName, String lastName, String birthDate, String street, String city, String postcode) {
    }

    @Override
    public String section() {
        return "identity";
    }

    @Override
    public Object export(Person person) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("profileId", person.rootId());
        section.put("profiles", person.profileIds());
        section.put("identifiers", graph.identifiersOf(person.tenantId(), person.rootId()));
        section.put("traits", graph.traitsOf(person.tenantId(), person.profileIds()).stream()
                .map(t -> new Traits(t.traits().firstName(), t.traits().lastName(), t.traits().birthDate(),
                        t.traits().street(), t.traits().city(), t.traits().postcode()))
                .toList());
        section.put("merges", graph.mergesOfTree(person.tenantId(), person.rootId()));
        return section;
    }

    @Override
    public void erase(Person person) {
        Instant now = Instant.now();
        List<String> digests = person.identifiers().stream()
                .flatMap(i -> IdentifierType.ofKey(i.type()).stream().map(type -> tombstones.digest(type, i.value())))
                .toList();
        tombstones.add(person.tenantId(), digests, now);
        graph.deleteIdentifiers(person.tenantId(), person.profileIds());
        graph.deleteTraits(person.tenantId(), person.profileIds());
        graph.deleteSharedHolders(person.tenantId(), person.profileIds());
        graph.scrubMerges(person.tenantId(), person.profileIds());
        graph.deleteReviews(person.tenantId(), person.profileIds());
        graph.markErased(person.tenantId(), person.profileIds(), now);
    }

    /** Last: the other modules find the person's data through the identifiers this removes. */
    @Override
    public int erasureOrder() {
        return 100;
    }
}
