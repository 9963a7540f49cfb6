package io.footbridge.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the identity graph: which person a profile id stands for now, what identifies them, which events are theirs. */
public interface IdentityGraph {

    /** A profile; {@code rootId} differs from {@code id} when it was merged into another. */
    record ProfileRef(UUID id, UUID tenantId, UUID rootId, Instant anchorAt, Instant createdAt) {

        public boolean mergedAway() {
            return !id.equals(rootId);
        }
    }

    /** An identifier of a person, with where and when it was first and last seen. */
    record LinkedIdentifier(IdentifierType type, String value, String original, UUID homeProfileId,
                            Instant firstSeenAt, Instant lastSeenAt, UUID firstStoreId, UUID lastStoreId,
                            String firstEventType, String lastEventType, long events, boolean denied) {
    }

    /** A captured event of a person, by its place in the capture log. */
    record EventRef(long sequence, Instant occurredAt) {
    }

    /** A person found by name, with how alike the names are (0 to 1). */
    record NameMatch(UUID rootId, double similarity) {
    }

    Optional<ProfileRef> find(UUID tenantId, UUID profileId);

    /** The identifiers of the person whose root profile this is. */
    List<LinkedIdentifier> identifiers(UUID tenantId, UUID rootId);

    /** The person's events, newest first, before {@code before} (null for the newest). */
    List<EventRef> events(UUID tenantId, UUID rootId, EventRef before, int limit);

    /** The root profile that holds this normalised identifier. */
    Optional<UUID> findByIdentifier(UUID tenantId, IdentifierType type, String value);

    /**
     * People (root profile ids, in id order after {@code after}, null from the start) with a birth date on this day
     * of the year, for birthday journeys.
     */
    List<UUID> bornOn(UUID tenantId, java.time.MonthDay day, UUID after, int limit);

    /** Every profile that is part of the person whose root this is, the root included. */
    List<UUID> profileIds(UUID tenantId, UUID rootId);

    /**
     * The person a profile belongs to, with every identifier and event, for exporting or erasing their data. With
     * {@code hold}, identity resolution waits until the caller's transaction ends, so no event joins the person
     * while they are erased.
     */
    Optional<io.footbridge.platform.PersonalData.Person> person(UUID tenantId, UUID profileId, boolean hold);

    /** Whether this normalised identifier belonged to a person who was erased: it must not come back. */
    boolean erased(UUID tenantId, IdentifierType type, String value);

    /** People whose first or last name sounds like the given name's words, most alike first. */
    List<NameMatch> findByName(UUID tenantId, String name, int limit);
}
