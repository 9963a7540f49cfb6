package io.footbridge.platform;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Implemented by every module that keeps something about a person, so that a person's data can be exported and
 * erased everywhere from one place. Erasure runs in one transaction across all modules, in {@link #erasureOrder()}.
 */
public interface PersonalData {

    /**
     * One person as the identity graph knows them at the moment of the request.
     *
     * @param events the person's captured events, by their place in the capture log
     */
    record Person(UUID tenantId, UUID rootId, Set<UUID> profileIds, List<Identifier> identifiers, List<Long> events) {

        /** A person whose events are not needed (a module that keeps no events). */
        public Person(UUID tenantId, UUID rootId, Set<UUID> profileIds, List<Identifier> identifiers) {
            this(tenantId, rootId, profileIds, identifiers, List.of());
        }

        /** The normalised values of one type of identifier (email, phone …). */
        public List<String> values(String type) {
            return identifiers.stream().filter(i -> i.type().equals(type)).map(Identifier::value).toList();
        }

        /** Every value and original spelling of the person's identifiers, for finding them in free text. */
        public Set<String> spellings() {
            Set<String> all = new java.util.LinkedHashSet<>();
            identifiers.forEach(i -> {
                all.add(i.value());
                all.add(i.original());
            });
            return all;
        }
    }

    /** An identifier after normalisation ({@code type} as in events: email, phone, loyaltyId …) and as given. */
    record Identifier(String type, String value, String original) {
    }

    /** The name of this module's part of an export, such as {@code consents}. */
    String section();

    /** What the module holds about the person, as values Jackson can write (records, lists, maps); null for nothing. */
    Object export(Person person);

    /**
     * Removes what identifies the person and what they said about themselves; keeps what aggregates need (a sale's
     * amount, a scan's time and store) without anything that points back to them.
     */
    void erase(Person person);

    /** Lower runs first; identity runs last, as the others find the person's data through their identifiers. */
    default int erasureOrder() {
        return 0;
    }
}
