package io.footbridge.profile;

import io.footbridge.platform.Actor;

import java.util.List;
import java.util.UUID;

/**
 * The customer 360 for staff pages. A store-bound caller (a store manager) sees only what happened in their stores:
 * the figures and the timeline leave the rest out, and a person never seen there is not found.
 */
public interface Customers {

    /**
     * The traits a person has, each the newest value of the property of that name in their events; a module sets one
     * by recording an event carrying it (capture's {@code EventRecorder}).
     */
    List<String> TRAITS = List.of("firstName", "lastName", "birthDate", "language", "street", "city", "postcode",
            "country");

    /** A page of the timeline, newest first; {@code next} continues it, null at the end. */
    record TimelinePage(UUID profileId, List<TimelineEntry> items, String next) {
    }

    /** The person whose root profile this is; a 404 problem when the caller may not see them. */
    CustomerView view(Actor actor, UUID rootId);

    TimelinePage timeline(Actor actor, UUID rootId, String before, int limit);

    /**
     * People holding an identifier spelled like {@code query} (an email, a phone number, read in {@code country} when
     * it has no +, a loyalty number, a device or visitor id), then people whose names sound like it; at most
     * {@code limit}, each the person's root profile.
     */
    List<UUID> search(Actor actor, String query, String country, int limit);
}
