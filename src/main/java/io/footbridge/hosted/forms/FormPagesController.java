package io.footbridge.hosted.forms;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.footbridge.hosted.placement.QrCodes;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Signatures;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pages customers fill in: the loyalty sign-up form at {@code /f/{code}}, an event's registration page at
 * {@code /e/{code}}, and the ticket at {@code /e/t/{token}}. Each form carries a signed token naming what it was
 * shown for, so a form sent twice is recorded once and nothing in it can be swapped.
 */
@Controller
@Hidden
class FormPagesController {

    private static final String STATE = "hosted-form";
    private static final Duration STATE_LIFETIME = Duration.ofHours(2);
    private static final int MAX_FIELD = 1000;

    private final SignupForms forms;
    private final ListedEvents events;
    private final FormsRepository repository;
    private final FormChecks checks;
    private final Brands brands;
    private final Signatures signatures;
    private final HostedPages pages;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    FormPagesController(SignupForms forms, ListedEvents events, FormsRepository repository, FormChecks checks,
                        Brands brands, Signatures signatures, HostedPages pages, JsonMapper json) {
        this.forms = forms;
        this.events = events;
        this.repository = repository;
        this.checks = checks;
        this.brands = brands;
        this.signatures = signatures;
        this.pages = pages;
        this.json = json;
    }

    @GetMapping("/f/{code}")
    ModelAndView signup(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<FormsRepository.SignupForm> form = repository.formByCode(code.toLowerCase(Locale.ROOT));
        if (form.isEmpty()) {
            return problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request);
        }
        return signupPage(form.get(), state("signup", form.get().code(), form.get().wordingVersion()),
                new SignupForms.Answer(null, null, null, null, null, null, null, null, null, null), Map.of(),
                HttpStatus.OK, request);
    }

    @PostMapping("/f/{code}")
    ModelAndView signUp(@PathVariable String code, @ModelAttribute SignupForms.Answer answer,
                        HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<FormsRepository.SignupForm> found = repository.formByCode(code.toLowerCase(Locale.ROOT));
        Optional<JsonNode> state = verify(answer.state(), "signup", code);
        if (found.isEmpty() || state.isEmpty()) {
            return problem("form.problem.expired", HttpStatus.BAD_REQUEST, null, request);
        }
        FormsRepository.SignupForm form = found.get();
        if (oversize(answer.firstName(), answer.lastName(), answer.email(), answer.phone(), answer.birthDate())
                || FormChecks.bot(answer.website())) {
            return problem("form.problem.rejected", HttpStatus.BAD_REQUEST, form.tenantId(), request);
        }
        if (checks.tooMany(request.getRemoteAddr())) {
            return problem("form.problem.tooMany", HttpStatus.TOO_MANY_REQUESTS, form.tenantId(), request);
        }
        if (state.get().path("v").asInt() != form.wordingVersion()) {
            // the wording changed while the form was open: show the new one rather than record the old
            return signupPage(form, state("signup", form.code(), form.wordingVersion()), answer,
                    Map.of("terms", "form.error.wordingChanged"), HttpStatus.CONFLICT, request);
        }
        Map<String, String> errors = forms.check(form, answer);
        if (!errors.isEmpty()) {
            return signupPage(form, answer.state(), answer, errors, HttpStatus.BAD_REQUEST, request);
        }
        forms.record(form, answer, state.get().path("n").asString(), request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        Brand brand = speak(form.tenantId(), request);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("title", form.title());
        model.put("firstName", answer.firstName().strip());
        return new ModelAndView("forms/signed-up", model, HttpStatus.OK);
    }

    @GetMapping("/e/{code}")
    ModelAndView event(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<FormsRepository.ListedEvent> event = repository.eventByCode(code.toLowerCase(Locale.ROOT));
        if (event.isEmpty()) {
            return problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request);
        }
        return eventPage(event.get(), state("event", event.get().code(), 0),
                new ListedEvents.Answer(null, null, null, 1, null), Map.of(), HttpStatus.OK, request);
    }

    @PostMapping("/e/{code}")
    ModelAndView register(@PathVariable String code, @ModelAttribute ListedEvents.Answer answer,
                          HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<FormsRepository.ListedEvent> found = repository.eventByCode(code.toLowerCase(Locale.ROOT));
        Optional<JsonNode> state = verify(answer.state(), "event", code);
        if (found.isEmpty() || state.isEmpty()) {
            return problem("form.problem.expired", HttpStatus.BAD_REQUEST, null, request);
        }
        FormsRepository.ListedEvent event = found.get();
        if (oversize(answer.firstName(), answer.email()) || FormChecks.bot(answer.website())) {
            return problem("form.problem.rejected", HttpStatus.BAD_REQUEST, event.tenantId(), request);
        }
        if (checks.tooMany(request.getRemoteAddr())) {
            return problem("form.problem.tooMany", HttpStatus.TOO_MANY_REQUESTS, event.tenantId(), request);
        }
        Map<String, String> errors = events.check(event, answer);
        if (!errors.isEmpty()) {
            return eventPage(event, answer.state(), answer, errors, HttpStatus.BAD_REQUEST, request);
        }
        FormsRepository.Ticket ticket;
        try {
            ticket = events.register(event, answer, state.get().path("n").asString());
        } catch (DuplicateKeyException sameFormAtTheSameMoment) {
            ticket = repository.ticket(ListedEvents.token(state.get().path("n").asString())).orElseThrow();
        }
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader(HttpHeaders.LOCATION, "/e/t/" + ticket.token());
        return null;
    }

    @GetMapping("/e/t/{token}")
    ModelAndView ticket(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<FormsRepository.Ticket> ticket = token.length() > 64 ? Optional.empty() : repository.ticket(token);
        if (ticket.isEmpty()) {
            return problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request);
        }
        FormsRepository.ListedEvent event = repository.eventById(ticket.get().eventId()).orElseThrow();
        Brand brand = speak(event.tenantId(), request);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("event", event);
        model.put("when", when(event, brand));
        model.put("ticket", ticket.get());
        model.put("position", ticket.get().status().equals(ListedEvents.WAITING)
                ? repository.waitingBefore(event.id(), ticket.get().createdAt()) + 1 : 0);
        model.put("qr", ticket.get().status().equals(ListedEvents.CONFIRMED) ? QrCodes.svg(pages.baseUrl() + "/e/t/"
                + ticket.get().token(), ErrorCorrectionLevel.M, null) : null);
        return new ModelAndView("forms/ticket", model, HttpStatus.OK);
    }

    @PostMapping("/e/t/{token}/cancel")
    ModelAndView cancel(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        if (token.length() > 64 || repository.ticket(token).isEmpty()) {
            return problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request);
        }
        events.cancel(token);
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader(HttpHeaders.LOCATION, "/e/t/" + token);
        return null;
    }

    private ModelAndView signupPage(FormsRepository.SignupForm form, String state, SignupForms.Answer answer,
                                    Map<String, String> errors, HttpStatus status, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("brand", speak(form.tenantId(), request));
        model.put("form", form);
        model.put("state", state);
        model.put("answer", answer);
        model.put("errors", errors);
        return new ModelAndView("forms/signup", model, status);
    }

    private ModelAndView eventPage(FormsRepository.ListedEvent event, String state, ListedEvents.Answer answer,
                                   Map<String, String> errors, HttpStatus status, HttpServletRequest request) {
        Brand brand = speak(event.tenantId(), request);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("event", event);
        model.put("when", when(event, brand));
        model.put("full", event.booked() >= event.capacity());
        model.put("state", state);
        model.put("answer", answer);
        model.put("errors", errors);
        return new ModelAndView("forms/event", model, status);
    }

    private ModelAndView problem(String key, HttpStatus status, java.util.UUID tenantId, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("brand", tenantId == null ? null : speak(tenantId, request));
        model.put("messageKey", key);
        return new ModelAndView("forms/problem", model, status);
    }

    private Brand speak(java.util.UUID tenantId, HttpServletRequest request) {
        Brand brand = brands.of(tenantId);
        HostedPages.speak(request, brand);
        return brand;
    }

    /** When the event is, in the store's time zone and the brand's language. */
    private static String when(FormsRepository.ListedEvent event, Brand brand) {
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
                .withLocale(Locale.forLanguageTag(brand.language())).withZone(ZoneId.of(event.timeZone()));
        return format.format(event.startsAt());
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

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }
}
