package io.footbridge.hosted.forms;

import io.footbridge.platform.Actor;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Sign-up and event pages", description = "Hosted loyalty sign-up forms, event registration, check-in")
@Reach(PER_STORE)
class FormsApiController {

    private final SignupForms forms;
    private final ListedEvents events;
    private final FormsRepository repository;
    private final HostedPages pages;

    FormsApiController(SignupForms forms, ListedEvents events, FormsRepository repository, HostedPages pages) {
        this.forms = forms;
        this.events = events;
        this.repository = repository;
        this.pages = pages;
    }

    record SignupFormView(UUID id, String code, String url, String store, String title, String program,
                          String terms, String marketingEmail, String marketingSms, int wordingVersion,
                          Instant createdAt, String club) {
    }

    record EventView(UUID id, String code, String url, String eventCode, String store, String title,
                     String description, Instant startsAt, Instant endsAt, int capacity, int maxSeats, int booked,
                     int waiting, Instant createdAt, List<String> tiers) {
    }

    record TicketView(String ticket, String eventCode, int seats, String status, String firstName,
                      Instant checkedInAt, String checkedInBy) {
    }

    record Page<T>(List<T> items) {
    }

    @PostMapping("/signup-forms")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A hosted loyalty sign-up form at /f/{code}")
    ResponseEntity<SignupFormView> createForm(@AuthenticationPrincipal Actor actor,
                                              @Valid @RequestBody SignupFormRequest request) {
        SignupFormView form = view(forms.create(actor, request, freeCode()));
        return ResponseEntity.created(URI.create("/api/v1/signup-forms/" + form.id())).body(form);
    }

    @GetMapping("/signup-forms")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "The hosted sign-up forms")
    Page<SignupFormView> listForms(@AuthenticationPrincipal Actor actor) {
        return new Page<>(forms.list(actor).stream().map(this::view).toList());
    }

    @GetMapping("/signup-forms/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "A hosted sign-up form")
    SignupFormView getForm(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return view(forms.get(actor, id));
    }

    @PatchMapping("/signup-forms/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @Operation(summary = "Change a form's title or wording; changed wording is a new version")
    SignupFormView changeForm(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                              @Valid @RequestBody SignupFormChange change) {
        return view(forms.change(actor, id, change));
    }

    @PostMapping("/listed-events")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "An event or workshop in a store, with a registration page at /e/{code}")
    ResponseEntity<EventView> createEvent(@AuthenticationPrincipal Actor actor,
                                          @Valid @RequestBody ListedEventRequest request) {
        EventView event = view(events.create(actor, request, freeCode()));
        return ResponseEntity.created(URI.create("/api/v1/listed-events/" + event.id())).body(event);
    }

    @GetMapping("/listed-events")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "Events and workshops, optionally of one store, soonest first")
    Page<EventView> listEvents(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store) {
        return new Page<>(events.list(actor, store).stream().map(this::view).toList());
    }

    @GetMapping("/listed-events/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "An event with its seats booked and its waiting list")
    EventView getEvent(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return view(events.get(actor, id));
    }

    @PostMapping("/listed-events/{id}/check-ins")
    @PreAuthorize("hasAuthority('SCOPE_stores:write') or hasAuthority('SCOPE_pos')")
    @Operation(summary = "Check a ticket in at the door (the token or the URL its QR code holds); once only")
    TicketView checkIn(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                       @Valid @RequestBody CheckInRequest request) {
        FormsRepository.Ticket ticket = events.checkIn(actor, id, request.ticket());
        FormsRepository.ListedEvent event = events.get(actor, id);
        return new TicketView(ticket.token(), event.eventCode(), ticket.seats(), ticket.status(), ticket.firstName(),
                ticket.checkedInAt(), ticket.checkedInBy());
    }

    private SignupFormView view(FormsRepository.SignupForm form) {
        return new SignupFormView(form.id(), form.code(), pages.baseUrl() + "/f/" + form.code(), form.storeCode(),
                form.title(), form.program(), form.terms(), form.marketingEmail(), form.marketingSms(),
                form.wordingVersion(), form.createdAt(), form.club());
    }

    private EventView view(FormsRepository.ListedEvent event) {
        return new EventView(event.id(), event.code(), pages.baseUrl() + "/e/" + event.code(), event.eventCode(),
                event.storeCode(), event.title(), event.description(), event.startsAt(), event.endsAt(),
                event.capacity(), event.maxSeats(), event.booked(), events.waiting(event), event.createdAt(),
                event.tiers());
    }

    private String freeCode() {
        return repository.freeCode();
    }
}
