package io.footbridge.hosted.forms;

import io.footbridge.hosted.StoreForms;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RequestChecks;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import jakarta.validation.Validator;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Sign-up forms and listed events for staff pages, through the services the API uses. */
@Service
class StoreFormsService implements StoreForms {

    private final SignupForms forms;
    private final ListedEvents events;
    private final FormsRepository repository;
    private final Stores stores;
    private final HostedPages pages;
    private final Validator validator;
    private final MessageSource messages;

    StoreFormsService(SignupForms forms, ListedEvents events, FormsRepository repository, Stores stores,
                      HostedPages pages, Validator validator, MessageSource messages) {
        this.forms = forms;
        this.events = events;
        this.repository = repository;
        this.stores = stores;
        this.pages = pages;
        this.validator = validator;
        this.messages = messages;
    }

    @Override
    public List<SignupForm> signupForms(Actor actor) {
        return forms.list(actor).stream().map(this::view).toList();
    }

    @Override
    public SignupForm createSignupForm(Actor actor, NewSignupForm form) {
        SignupFormRequest request = RequestChecks.valid(validator, new SignupFormRequest(blank(form.store()),
                form.title(), form.program(), form.terms(), blank(form.marketingEmail()),
                blank(form.marketingSms()), blank(form.club())));
        return view(forms.create(actor, request, repository.freeCode()));
    }

    @Override
    public Optional<SignupForm> signupFormFor(Actor actor, String storeCode) {
        StoreRef store = stores.requireByCode(actor.tenantId(), storeCode);
        actor.requireStore(store.id());
        List<FormsRepository.SignupForm> all = forms.list(actor);
        Comparator<FormsRepository.SignupForm> newest = Comparator.comparing(FormsRepository.SignupForm::createdAt);
        return all.stream().filter(f -> store.id().equals(f.storeId())).max(newest)
                .or(() -> all.stream().filter(f -> f.storeId() == null).max(newest))
                .map(this::view);
    }

    @Override
    @Transactional
    public void signUp(Actor actor, UUID formId, String storeCode, TillSignup answer) {
        FormsRepository.SignupForm shared = forms.get(actor, formId);
        StoreRef store = stores.requireByCode(actor.tenantId(), storeCode);
        actor.requireStore(store.id());
        if (shared.storeId() != null && !shared.storeId().equals(store.id())) {
            throw ProblemException.invalid("form", "is another store's form");
        }
        // a form for every store, used at this till: the sign-up happened here, in this country
        FormsRepository.SignupForm form = new FormsRepository.SignupForm(shared.id(), shared.tenantId(),
                shared.code(), store.id(), store.code(), store.country(), shared.touchpointId(), shared.title(),
                shared.program(), shared.terms(), shared.marketingEmail(), shared.marketingSms(),
                shared.wordingVersion(), shared.createdAt(), shared.updatedAt(), shared.club());
        SignupForms.Answer given = new SignupForms.Answer(null, answer.firstName(), answer.lastName(),
                answer.email(), answer.phone(), null, answer.terms(), answer.marketingEmail(),
                answer.marketingSms(), null, answer.club());
        Map<String, String> wrong = forms.check(form, given);
        if (!wrong.isEmpty()) {
            List<FieldError> errors = new ArrayList<>();
            wrong.forEach((field, key) -> errors.add(new FieldError(field,
                    messages.getMessage(key, null, key, LocaleContextHolder.getLocale()))));
            throw ProblemException.invalid(errors);
        }
        // staff may sign a customer up twice on purpose (a corrected address): each sign-up is its own event
        forms.record(form, given, "till-" + UUID.randomUUID(), Map.of("staffId", String.valueOf(actor.id())));
    }

    @Override
    public List<ListedEvent> events(Actor actor, String storeCode) {
        if (storeCode != null) {
            actor.requireStore(stores.requireByCode(actor.tenantId(), storeCode).id());
        }
        return events.list(actor, storeCode).stream().map(this::view).toList();
    }

    @Override
    public ListedEvent createEvent(Actor actor, NewListedEvent event) {
        ListedEventRequest request = RequestChecks.valid(validator, new ListedEventRequest(event.store(),
                event.eventCode(), event.title(), blank(event.description()), event.startsAt(), event.endsAt(),
                event.capacity(), event.maxSeats(), event.tiers()));
        return view(events.create(actor, request, repository.freeCode()));
    }

    @Override
    public ListedEvent event(Actor actor, UUID id) {
        return view(events.get(actor, id));
    }

    @Override
    public List<Ticket> tickets(Actor actor, UUID eventId, int limit, int offset) {
        FormsRepository.ListedEvent event = events.get(actor, eventId);
        return repository.tickets(actor.tenantId(), eventId, limit, offset).stream().map(t -> view(t, event))
                .toList();
    }

    @Override
    public Ticket checkIn(Actor actor, String scanned) {
        String token = scanned == null ? "" : scanned.strip();
        token = token.substring(token.lastIndexOf('/') + 1);
        if (token.isEmpty() || token.length() > 100) {
            throw ProblemException.invalid("ticket", "is required: the ticket's code or its QR code");
        }
        FormsRepository.Ticket found = repository.ticket(token).filter(t -> t.tenantId().equals(actor.tenantId()))
                .orElseThrow(() -> ProblemException.invalid("ticket", "is not a ticket of this business"));
        FormsRepository.ListedEvent event = events.get(actor, found.eventId());
        return view(events.checkIn(actor, event.id(), token), event);
    }

    private SignupForm view(FormsRepository.SignupForm f) {
        return new SignupForm(f.id(), f.code(), pages.baseUrl() + "/f/" + f.code(), f.storeCode(), f.country(),
                f.title(), f.program(), f.terms(), f.marketingEmail(), f.marketingSms(), f.wordingVersion(), f.club());
    }

    private ListedEvent view(FormsRepository.ListedEvent e) {
        return new ListedEvent(e.id(), e.code(), pages.baseUrl() + "/e/" + e.code(), e.eventCode(), e.storeCode(),
                ZoneId.of(e.timeZone()), e.title(), e.description(), e.startsAt(), e.endsAt(), e.capacity(),
                e.maxSeats(), e.booked(), events.waiting(e), e.tiers());
    }

    private static Ticket view(FormsRepository.Ticket t, FormsRepository.ListedEvent event) {
        return new Ticket(t.token(), t.eventId(), event.title(), t.seats(), t.status(), t.firstName(), t.createdAt(),
                t.checkedInAt(), t.checkedInBy());
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
