package io.footbridge.hosted.forms;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.footbridge.hosted.placement.QrCodes;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pages customers fill in: the loyalty sign-up form at {@code /f/{code}}, an event's registration page at
 * {@code /e/{code}}, and the ticket at {@code /e/t/{token}}. Each form carries a signed token naming what it was
 * shown for, so a form sent twice is recorded once and nothing in it can be swapped. {@link FormSubmissions} does the
 * work; this controller reads the request and picks the page.
 */
@Controller
@Hidden
class FormPagesController {

    private final FormSubmissions forms;
    private final Brands brands;
    private final HostedPages pages;

    FormPagesController(FormSubmissions forms, Brands brands, HostedPages pages) {
        this.forms = forms;
        this.brands = brands;
        this.pages = pages;
    }

    @GetMapping("/f/{code}")
    ModelAndView signup(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        return forms.form(code)
                .map(form -> signupPage(form, forms.signupState(form), new SignupForms.Answer(null, null, null, null,
                        null, null, null, null, null, null, null), Map.of(), HttpStatus.OK, request))
                .orElseGet(() -> problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request));
    }

    @PostMapping("/f/{code}")
    ModelAndView signUp(@PathVariable String code, @ModelAttribute SignupForms.Answer answer,
                        HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        FormSubmissions.Outcome outcome = forms.signUp(code, answer, request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        if (outcome instanceof FormSubmissions.SignedUp done) {
            Map<String, Object> model = new HashMap<>();
            model.put("brand", speak(done.form().tenantId(), request));
            model.put("title", done.form().title());
            model.put("firstName", answer.firstName().strip());
            return new ModelAndView("forms/signed-up", model, HttpStatus.OK);
        }
        if (outcome instanceof FormSubmissions.WordingChanged changed) {
            return signupPage(changed.form(), changed.state(), answer, Map.of("terms", "form.error.wordingChanged"),
                    HttpStatus.CONFLICT, request);
        }
        if (outcome instanceof FormSubmissions.FormInvalid invalid) {
            return signupPage(invalid.form(), answer.state(), answer, invalid.errors(), HttpStatus.BAD_REQUEST,
                    request);
        }
        return refusal(outcome, request);
    }

    @GetMapping("/e/{code}")
    ModelAndView event(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        return forms.event(code)
                .map(event -> eventPage(event, forms.eventState(event), new ListedEvents.Answer(null, null, null, 1,
                        null), Map.of(), HttpStatus.OK, request))
                .orElseGet(() -> problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request));
    }

    @PostMapping("/e/{code}")
    ModelAndView register(@PathVariable String code, @ModelAttribute ListedEvents.Answer answer,
                          HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        FormSubmissions.Outcome outcome = forms.register(code, answer, request.getRemoteAddr());
        if (outcome instanceof FormSubmissions.Registered registered) {
            return seeOther("/e/t/" + registered.ticket().token(), response);
        }
        if (outcome instanceof FormSubmissions.EventInvalid invalid) {
            return eventPage(invalid.event(), answer.state(), answer, invalid.errors(), HttpStatus.BAD_REQUEST,
                    request);
        }
        return refusal(outcome, request);
    }

    @GetMapping("/e/t/{token}")
    ModelAndView ticket(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<FormsRepository.Ticket> ticket = forms.ticket(token);
        if (ticket.isEmpty()) {
            return problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request);
        }
        FormsRepository.ListedEvent event = forms.eventOf(ticket.get());
        Brand brand = speak(event.tenantId(), request);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("event", event);
        model.put("when", when(event, brand));
        model.put("ticket", ticket.get());
        model.put("position", forms.position(ticket.get()));
        model.put("qr", ticket.get().status().equals(ListedEvents.CONFIRMED) ? QrCodes.svg(pages.baseUrl() + "/e/t/"
                + ticket.get().token(), ErrorCorrectionLevel.M, null) : null);
        return new ModelAndView("forms/ticket", model, HttpStatus.OK);
    }

    @PostMapping("/e/t/{token}/cancel")
    ModelAndView cancel(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        if (!forms.cancel(token)) {
            return problem("form.problem.unknown", HttpStatus.NOT_FOUND, null, request);
        }
        return seeOther("/e/t/" + token, response);
    }

    /** The problem page for a form that was refused before its answer was looked at. */
    private ModelAndView refusal(FormSubmissions.Outcome outcome, HttpServletRequest request) {
        if (outcome instanceof FormSubmissions.Rejected rejected) {
            return problem("form.problem.rejected", HttpStatus.BAD_REQUEST, rejected.tenantId(), request);
        }
        if (outcome instanceof FormSubmissions.TooMany tooMany) {
            return problem("form.problem.tooMany", HttpStatus.TOO_MANY_REQUESTS, tooMany.tenantId(), request);
        }
        return problem("form.problem.expired", HttpStatus.BAD_REQUEST, null, request);
    }

    private static ModelAndView seeOther(String location, HttpServletResponse response) {
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader(HttpHeaders.LOCATION, location);
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

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }
}
