package io.footbridge.journeys.flow;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Puts a person in a journey when its re-entry policy lets them: never again, always, or after a cool-down. */
@Component
class Entering {

    /** The triggering event's properties kept with the entry, at most this long (the column's size). */
    static final int CONTEXT = 4000;

    private final JourneyRepository repository;
    private final Programs programs;
    private final DueWake wake;

    Entering(JourneyRepository repository, Programs programs, DueWake wake) {
        this.repository = repository;
        this.programs = programs;
        this.wake = wake;
    }

    /**
     * Answers the new entry's id, or null when the person is inside already or may not enter again. Runs in the
     * caller's transaction; the person's row for the journey is locked, so concurrent triggers enter them once.
     */
    UUID enter(JourneyRepository.Saved journey, UUID personId, UUID storeId, String context, Instant now) {
        return enter(journey, personId, storeId, context, now, null);
    }

    /** As above; {@code notSince}: not when they entered at or after this moment (a date's trigger that day). */
    UUID enter(JourneyRepository.Saved journey, UUID personId, UUID storeId, String context, Instant now,
               Instant notSince) {
        if (!"active".equals(journey.status())) {
            return null;
        }
        Program program = programs.of(journey.id(), journey.version());
        Object[] person = repository.lockPerson(journey.tenantId(), journey.id(), personId, now);
        int entries = (Integer) person[0];
        Instant last = (Instant) person[1];
        if (entries > 0) {
            if (notSince != null && !last.isBefore(notSince)
                    || repository.inside(journey.tenantId(), journey.id(), personId)) {
                return null;
            }
            Program.Reentry reentry = program.reentry();
            if (reentry.policy().equals("never")
                    || reentry.policy().equals("after") && reentry.coolDown().after(last).isAfter(now)) {
                return null;
            }
        }
        UUID id = UUID.randomUUID();
        Instant goalUntil = program.goal() == null ? null : program.goal().within().after(now);
        repository.insertEntry(new JourneyRepository.Entry(id, journey.tenantId(), journey.id(), journey.version(),
                personId, storeId, holdout(journey.id(), personId, program.holdoutPercent()), "active", 0, null, 0, 0,
                now, now, goalUntil, context != null && context.length() <= CONTEXT ? context : null));
        wake.wake();
        return id;
    }

    /** One person a trigger would put in a journey, with the store and the event's properties. */
    record Start(UUID personId, UUID storeId, String context) {
    }

    /**
     * As {@link #enter} for many people at once, with a few statements for them all rather than a few each: their
     * rows for the journey are made and locked together, so concurrent triggers still enter each once, and the same
     * re-entry policy decides. A person given twice is taken once, with the first start (the second would find them
     * inside). Runs in the caller's transaction; answers how many entered.
     */
    int enterAll(JourneyRepository.Saved journey, List<Start> starts, Instant now) {
        if (!"active".equals(journey.status()) || starts.isEmpty()) {
            return 0;
        }
        Map<UUID, Start> first = new LinkedHashMap<>();
        starts.forEach(start -> first.putIfAbsent(start.personId(), start));
        List<UUID> people = List.copyOf(first.keySet());
        Program program = programs.of(journey.id(), journey.version());
        Map<UUID, Object[]> locked = repository.lockPeople(journey.tenantId(), journey.id(), people, now);
        List<UUID> before = people.stream().filter(p -> locked.containsKey(p) && (Integer) locked.get(p)[0] > 0)
                .toList();
        Set<UUID> inside = before.isEmpty() ? Set.of() : repository.inside(journey.tenantId(), journey.id(), before);
        Program.Reentry reentry = program.reentry();
        Instant goalUntil = program.goal() == null ? null : program.goal().within().after(now);
        List<JourneyRepository.Entry> entries = new ArrayList<>();
        for (Start start : first.values()) {
            Object[] person = locked.get(start.personId());
            if (person == null) {
                // their row went between making and locking it (erased, merged away): nobody to start
                continue;
            }
            Instant last = (Instant) person[1];
            if ((Integer) person[0] > 0 && (inside.contains(start.personId()) || reentry.policy().equals("never")
                    || reentry.policy().equals("after") && reentry.coolDown().after(last).isAfter(now))) {
                continue;
            }
            String context = start.context();
            entries.add(new JourneyRepository.Entry(UUID.randomUUID(), journey.tenantId(), journey.id(),
                    journey.version(), start.personId(), start.storeId(),
                    holdout(journey.id(), start.personId(), program.holdoutPercent()), "active", 0, null, 0, 0, now,
                    now, goalUntil, context != null && context.length() <= CONTEXT ? context : null));
        }
        repository.insertEntries(entries);
        if (!entries.isEmpty()) {
            wake.wake();
        }
        return entries.size();
    }

    /** The same person is always in the same arm of a journey, also when they enter it again. */
    static boolean holdout(UUID journeyId, UUID personId, int percent) {
        if (percent <= 0) {
            return false;
        }
        UUID mixed = UUID.nameUUIDFromBytes((journeyId + "/" + personId).getBytes(StandardCharsets.UTF_8));
        return Math.floorMod(mixed.getLeastSignificantBits(), 100) < percent;
    }
}
