package io.footbridge.hosted.forms;

import io.footbridge.platform.Signatures;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What happens when a customer sends a hosted form: the signed state it was shown with is checked, oversize and
 * bot answers are refused, the sender's address is rate-limited, and the answer is checked and recorded once. The
 * controller only turns the {@link Outcome} into a page.
 */
@Service
class FormSubmissions {

    private static final String STATE = "hosted-form";
    private static final Duration STATE_LIFETIME = Duration.ofHours(2);
    private static final int MAX_FIELD = 1000;

    /** Where a sent form ends; each names what its page needs. */
    sealed interface Outcome {
    }

    /** The form is gone or its state is forged or too old. */
    record Expired() implements Outcome {
    }

    /** Oversize fields or a bot's answer. */
    record Rejected(UUID tenantId) implements Outcome {
    }

    record TooMany(UUID tenantId) implements Outcome {
    }

    /** The form's wording changed while it was open: shown again with the new wording and a new state. */
    record WordingChanged(FormsRepository.SignupForm form, String state) implements Outcome {
    }

    /** The sign-up answer has problems, by field: the form is shown again with them. */
    record FormInvalid(FormsRepository.SignupForm form, Map<String, String> errors) implements Outcome {
    }

    /** The registration has problems, by field: the event page is shown again with them. */
    record EventInvalid(FormsRepository.ListedEvent event, Map<String, String> errors) implements Outcome {
    }

    record SignedUp(FormsRepository.SignupForm form) implements Outcome {
    }

    record Registered(FormsRepository.Ticket ticket) implements Outcome {
    }

    private final SignupForms forms;
    private final ListedEvents events;
    private final FormsRepository repository;
    private final FormChecks checks;
    private final Signatures signatures;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    FormSubmissions(SignupForms forms, ListedEvents events, FormsRepository repository, FormChecks checks,
              Signatures signatures, JsonMapper json) {
        this.forms = forms;
        this.events = events;
        this.repository = repository;
        this.checks = checks;
        this.signatures = signatures;
        this.json = json;
    }

    Optional<FormsRepository.SignupForm> form(String code) {
        return repository.formByCode(code.toLowerCase(Locale.ROOT));
    }

    Optional<FormsRepository.ListedEvent> event(String code) {
        return repository.eventByCode(code.toLowerCase(Locale.ROOT));
    }

    /** A ticket by its token, with its event; empty for unknown or absurd tokens. */
    Optional<FormsRepository.Ticket> ticket(String token) {
        return token.length() > 64 ? Optional.empty() : repository.ticket(token);
    }

    FormsRepository.ListedEvent eventOf(FormsRepository.Ticket ticket) {
        return repository.eventById(ticket.eventId()).orElseThrow();
    }

    /** The place in the waiting list, 1 for the first; 0 for a ticket that is not waiting. */
    int position(FormsRepository.Ticket ticket) {
        return ticket.status().equals(ListedEvents.WAITING)
                ? repository.waitingBefore(ticket.eventId(), ticket.createdAt()) + 1 : 0;
    }

    boolean cancel(String token) {
        if (ticket(token).isEmpty()) {
            return false;
        }
        events.cancel(token);
        return true;
    }

    /** A fresh signed state for a form page, naming what it is shown for. */
    String signupState(FormsRepository.SignupForm form) {
        return state("signup", form.code(), form.wordingVersion());
    }

    String eventState(FormsRepository.ListedEvent event) {
        return state("event", event.code(), 0);
    }

    Outcome signUp(String code, SignupForms.Answer answer, String address, String userAgent) {
        Optional<FormsRepository.SignupForm> found = form(code);
        Optional<JsonNode> state = verify(answer.state(), "signup", code);
        if (found.isEmpty() || state.isEmpty()) {
            return new Expired();
        }
        FormsRepository.SignupForm form = found.get();
        if (oversize(answer.firstName(), answer.lastName(), answer.email(), answer.phone(), answer.birthDate())
                || FormChecks.bot(answer.website())) {
            return new Rejected(form.tenantId());
        }
        if (checks.tooMany(address)) {
            return new TooMany(form.tenantId());
        }
        if (state.get().path("v").asInt() != form.wordingVersion()) {
            // the wording changed while the form was open: show the new one rather than record the old
            return new WordingChanged(form, signupState(form));
        }
        Map<String, String> errors = forms.check(form, answer);
        if (!errors.isEmpty()) {
            return new FormInvalid(form, errors);
        }
        forms.record(form, answer, state.get().path("n").asString(), address, userAgent);
        return new SignedUp(form);
    }

    Outcome register(String code, ListedEvents.Answer answer, String address) {
        Optional<FormsRepository.ListedEvent> found = event(code);
        Optional<JsonNode> state = verify(answer.state(), "event", code);
        if (found.isEmpty() || state.isEmpty()) {
            return new Expired();
        }
        FormsRepository.ListedEvent event = found.get();
        if (oversize(answer.firstName(), answer.email()) || FormChecks.bot(answer.website())) {
            return new Rejected(event.tenantId());
        }
        if (checks.tooMany(address)) {
            return new TooMany(event.tenantId());
        }
        Map<String, String> errors = events.check(event, answer);
        if (!errors.isEmpty()) {
            return new EventInvalid(event, errors);
        }
        String nonce = state.get().path("n").asString();
        try {
            return new Registered(events.register(event, answer, nonce));
        } catch (DuplicateKeyException sameFormAtTheSameMoment) {
            return new Registered(repository.ticket(ListedEvents.token(nonce)).orElseThrow());
        }
    }

    private String state(String kind, String code, int wordingVersion) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return signatures.sign(STATE, json.createObjectNode().put("k", kind).put("c", code).put("v", wordingVersion)
                .put("n", HexFormat.of().formatHex(nonce)).put("t", Instant.now().getEpochSecond()).toString());
    }

    private Optional<JsonNode> verify(String state, String kind, String code) {
        if (state == null || state.length() > 2000) {
            return Optional.empty();
        }
        return signatures.verify(STATE, state).flatMap(payload -> {
            try {
                return Optional.of(json.readTree(payload));
            } catch (JacksonException e) {
                return Optional.empty();
            }
        }).filter(node -> kind.equals(node.path("k").asString()) && code.equalsIgnoreCase(node.path("c").asString())
                && Instant.ofEpochSecond(node.path("t").asLong()).plus(STATE_LIFETIME).isAfter(Instant.now()));
    }

    private static boolean oversize(String... fields) {
        for (String field : fields) {
            if (field != null && field.length() > MAX_FIELD) {
                return true;
            }
        }
        return false;
    }
}
