package io.footbridge.hosted.registrations;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Registrations for the tenant's listed events, by the e-mail address they were made with; read only. */
public interface EventRegistrations {

    /**
     * A registration for an event that has not ended: the event's title, its store's name and clock, when it runs,
     * the seats taken, {@code confirmed} or {@code waiting}, and the ticket's own page (its QR code for the door).
     */
    record Upcoming(String title, String store, ZoneId zone, Instant startsAt, Instant endsAt, int seats,
                    String status, String ticketUrl) {
    }

    /**
     * Registrations made with any of {@code emails} (compared without regard to case) for events ending after
     * {@code now}, soonest first; cancelled ones are left out.
     */
    List<Upcoming> upcoming(UUID tenantId, Collection<String> emails, Instant now, int limit);

    /**
     * An event kept for some loyalty tiers that is still open for registration: its title, store and clock, when it
     * runs and its registration page.
     */
    record Exclusive(String title, String store, ZoneId zone, Instant startsAt, Instant endsAt, boolean full,
                     String registrationUrl) {
    }

    /** Events kept for members of {@code tier} that have not started by {@code now}, soonest first. */
    List<Exclusive> openTo(UUID tenantId, String tier, Instant now, int limit);
}
