package io.footbridge.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The consent ledger, for modules that learn of a permission: a keyword reply, a confirmation, an unsubscribe. */
public interface Consents {

    /**
     * Appends to the ledger, in the caller's transaction. A marketing email grant from a tenant that requires double
     * opt-in is recorded as pending and a confirmation is requested. Answers false when the origin key was recorded
     * before or the identifier belongs to an erased person.
     */
    boolean record(NewConsent consent);

    /** The newest entry's status ({@code granted}, {@code withdrawn}, {@code pending}) for the person or address. */
    String status(UUID tenantId, UUID profileId, String identifierType, String identifierValue, Channel channel,
                  Purpose purpose);

    /** A channel and purpose, for asking about several at once. */
    record Permission(Channel channel, Purpose purpose) {
    }

    /**
     * {@link #status} for many people and permissions at once (a handful of queries, not one per person and
     * permission): by profile id as asked, the status of each permission that has a line; none, no entry.
     */
    Map<UUID, Map<Permission, String>> statuses(UUID tenantId, Collection<UUID> profileIds,
                                                Collection<Permission> permissions);

    /** The newest ledger line for a channel and purpose: its status, where it came from and when. */
    record Standing(String status, String source, Instant occurredAt) {
    }

    /**
     * The newest line for the person or address, for a decision that depends on where the permission came from
     * (START restores marketing only when a keyword took it away).
     */
    Optional<Standing> standing(UUID tenantId, UUID profileId, String identifierType, String identifierValue,
                                Channel channel, Purpose purpose);

    /** What messaging needs to send a double opt-in confirmation; see {@link ConfirmationRequested}. */
    record Confirmation(UUID id, UUID tenantId, UUID profileId, String email, String confirmUrl) {
    }

    Optional<Confirmation> confirmation(UUID tenantId, UUID confirmationId);
}
