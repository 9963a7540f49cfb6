package io.footbridge.hosted.forms;

import io.footbridge.capture.EventRecorder;
import io.footbridge.capture.touchpoint.JourneyStage;
import io.footbridge.capture.touchpoint.Touchpoint;
import io.footbridge.capture.touchpoint.TouchpointType;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.hosted.registrations.EventTiers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.TierNames;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events and workshops in stores: registration against capacity with a waiting list, tickets, cancellation that
 * moves the waiting list up, and check-in by staff.
 */
@Service
class ListedEvents {

    static final String CONFIRMED = "confirmed";
    static final String WAITING = "waiting";
    static final String CANCELLED = "cancelled";

    record Answer(String state, String firstName, String email, Integer seats, String website) {
    }

    private final FormsRepository repository;
    private final Touchpoints touchpoints;
    private final Stores stores;
    private final EventRecorder recorder;
    private final AuditLog audit;
    private final JsonMapper json;
    private final ObjectProvider<EventTiers> tiers;

    ListedEvents(FormsRepository repository, Touchpoints touchpoints, Stores stores, EventRecorder recorder,
                 AuditLog audit, JsonMapper json, ObjectProvider<EventTiers> tiers) {
        this.tiers = tiers;
        this.repository = repository;
        this.touchpoints = touchpoints;
        this.stores = stores;
        this.recorder = recorder;
        this.audit = audit;
        this.json = json;
    }

    @Transactional
    FormsRepository.ListedEvent create(Actor actor, ListedEventRequest request, String code) {
        StoreRef store = stores.findByCode(actor.tenantId(), request.store()).filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        actor.requireStore(store.id());
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw ProblemException.invalid("endsAt", "must be after startsAt");
        }
        int maxSeats = request.maxSeats() == null ? 1 : request.maxSeats();
        if (maxSeats > request.capacity()) {
            throw ProblemException.invalid("maxSeats", "must not exceed capacity");
        }
        List<String> tierNames = tiers(actor, request);
        if (repository.eventCodeTaken(actor.tenantId(), request.eventCode())) {
            throw ProblemException.conflict("event-code-taken", "Another event has the code " + request.eventCode()
                    + ".");
        }
        Touchpoint touchpoint = touchpoints.register(actor, "event-" + code, TouchpointType.EVENT, store.code(),
                request.title(), JourneyStage.PRE_PURCHASE);
        FormsRepository.ListedEvent event = new FormsRepository.ListedEvent(UUID.randomUUID(), actor.tenantId(), code,
                request.eventCode(), store.id(), store.code(), store.name(), store.timeZone().getId(),
                touchpoint.id(), request.title().strip(), FormChecks.trim(request.description()),
                request.startsAt().truncatedTo(ChronoUnit.SECONDS), request.endsAt().truncatedTo(ChronoUnit.SECONDS),
                request.capacity(), maxSeats, 0, Instant.now().truncatedTo(ChronoUnit.MICROS), tierNames);
        repository.insertEvent(event);
        audit.record(actor, "listed_event.created", "listed_event", event.id(), Map.of("eventCode",
                request.eventCode(), "store", store.code(), "capacity", request.capacity(), "tiers", tierNames));
        return repository.event(actor.tenantId(), event.id()).orElseThrow();
    }

    /** The tiers named must be the loyalty programme's, each once; kept in the programme's order, lowest first. */
    private List<String> tiers(Actor actor, ListedEventRequest request) {
        if (request.tiersOrEmpty().isEmpty()) {
            return List.of();
        }
        EventTiers source = tiers.getIfAvailable();
        List<String> known = source == null ? List.of() : source.names(actor.tenantId());
        List<FieldError> errors = new ArrayList<>();
        List<String> checked = TierNames.check(request.tiersOrEmpty(), known, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return checked;
    }

    /**
     * Whether the person registering may: an event kept for some tiers takes members of those tiers, known by the
     * e-mail address they register with.
     */
    boolean admits(FormsRepository.ListedEvent event, String email) {
        if (event.tiers().isEmpty()) {
            return true;
        }
        EventTiers source = tiers.getIfAvailable();
        return source != null && source.tierOfEmail(event.tenantId(), email).filter(event.tiers()::contains)
                .isPresent();
    }

    FormsRepository.ListedEvent get(Actor actor, UUID id) {
        return repository.event(actor.tenantId(), id).filter(e -> actor.canAccessStore(e.storeId()))
                .orElseThrow(() -> ProblemException.notFound("event", id));
    }

    List<FormsRepository.ListedEvent> list(Actor actor, String storeCode) {
        UUID storeId = storeCode == null ? null : stores.requireByCode(actor.tenantId(), storeCode).id();
        return repository.events(actor.tenantId(), storeId).stream().filter(e -> actor.canAccessStore(e.storeId()))
                .toList();
    }

    int waiting(FormsRepository.ListedEvent event) {
        return repository.countWaiting(event.id());
    }

    Map<String, String> check(FormsRepository.ListedEvent event, Answer answer) {
        Map<String, String> errors = new LinkedHashMap<>();
        String first = FormChecks.trim(answer.firstName());
        if (first == null || first.length() > 100) {
            errors.put("firstName", first == null ? "form.error.firstName" : "form.error.tooLong");
        }
        if (!FormChecks.email(FormChecks.trim(answer.email()))) {
            errors.put("email", "form.error.email");
        }
        if (answer.seats() == null || answer.seats() < 1 || answer.seats() > event.maxSeats()) {
            errors.put("seats", "form.error.seats");
        }
        if (event.endsAt().isBefore(Instant.now())) {
            errors.put("seats", "form.error.over");
        }
        if (errors.isEmpty() && !admits(event, answer.email().strip())) {
            errors.put("email", "form.error.tiers");
        }
        return errors;
    }

    /**
     * A seat if there is one, else a place on the waiting list. The ticket's token comes from the form's nonce, so
     * the same form sent twice finds the ticket it made instead of booking again.
     */
    @Transactional
    FormsRepository.Ticket register(FormsRepository.ListedEvent event, Answer answer, String nonce) {
        String token = token(nonce);
        var existing = repository.ticket(token);
        if (existing.isPresent()) {
            return existing.get();
        }
        String status = repository.book(event.id(), answer.seats()) ? CONFIRMED : WAITING;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        FormsRepository.Ticket ticket = new FormsRepository.Ticket(token, event.tenantId(), event.id(), answer.seats(),
                status, answer.firstName().strip(), answer.email().strip(), now, null, null);
        repository.insertTicket(ticket);
        ObjectNode properties = json.createObjectNode().put("eventCode", event.eventCode()).put("ticketId", token)
                .put("seats", answer.seats()).put("status", status).put("firstName", ticket.firstName())
                .put("title", event.title()).put("startsAt", event.startsAt().toString());
        append(event, "event.registration", "registration-" + token, ticket.email(), properties, now);
        return ticket;
    }

    /** Cancels a ticket; freed seats go to the waiting list in the order people joined it. */
    @Transactional
    FormsRepository.Ticket cancel(String token) {
        FormsRepository.Ticket ticket = repository.ticketForUpdate(token)
                .orElseThrow(() -> ProblemException.notFound("ticket", token));
        if (ticket.status().equals(CANCELLED) || ticket.checkedInAt() != null) {
            return ticket;
        }
        repository.setStatus(token, ticket.status(), CANCELLED);
        if (ticket.status().equals(CONFIRMED)) {
            repository.release(ticket.eventId(), ticket.seats());
            for (FormsRepository.Ticket waiting : repository.waiting(ticket.eventId())) {
                if (repository.book(ticket.eventId(), waiting.seats())) {
                    repository.setStatus(waiting.token(), WAITING, CONFIRMED);
                }
            }
        }
        return repository.ticket(token).orElseThrow();
    }

    /** Staff scanned a ticket at the door. */
    @Transactional
    FormsRepository.Ticket checkIn(Actor actor, UUID eventId, String scanned) {
        FormsRepository.ListedEvent event = get(actor, eventId);
        actor.requireStore(event.storeId());
        String token = scanned.strip();
        int slash = token.lastIndexOf('/');
        if (slash >= 0) {
            token = token.substring(slash + 1);
        }
        FormsRepository.Ticket ticket = repository.ticketForUpdate(token).filter(t -> t.eventId().equals(eventId))
                .orElseThrow(() -> ProblemException.invalid("ticket", "is not a ticket of this event"));
        if (ticket.checkedInAt() != null) {
            throw ProblemException.conflict("ticket-used", "This ticket was checked in at " + ticket.checkedInAt()
                    + ".");
        }
        if (!ticket.status().equals(CONFIRMED)) {
            throw ProblemException.conflict("ticket-not-confirmed", "This ticket is " + ticket.status() + ".");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        repository.checkIn(token, now, actor.label());
        ObjectNode properties = json.createObjectNode().put("eventCode", event.eventCode()).put("ticketId", token)
                .put("seats", ticket.seats());
        append(event, "event.checkin", "checkin-" + token, ticket.email(), properties, now);
        return repository.ticket(token).orElseThrow();
    }

    private void append(FormsRepository.ListedEvent event, String type, String eventId, String email,
                        ObjectNode properties, Instant now) {
        recorder.record(event.tenantId(), "form", List.of(new EventRecorder.NewEvent(eventId, type, now,
                event.storeId(), event.touchpointId(), json.createObjectNode().put("email", email).toString(),
                properties.toString())));
    }

    /** 24 characters of a hash of the nonce: unguessable as the nonce is, and the same for the same form. */
    static String token(String nonce) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(nonce.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
