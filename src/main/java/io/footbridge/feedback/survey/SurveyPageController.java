package io.footbridge.feedback.survey;

import io.footbridge.feedback.cases.Cases;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.RateLimits;
import io.footbridge.platform.Signatures;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptRef;
import io.footbridge.receipts.Receipts;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The survey customers answer: {@code /s/{code}} (the open link, for QR codes; {@code ?store=CODE} names the
 * store) and {@code /s/t/{token}} (about one receipt or invitation, answerable once). Each form carries a signed
 * state with its own id, so a form sent twice is one answer and nothing in it can be swapped. No JavaScript needed.
 */
@Controller
@Hidden
class SurveyPageController {

    private static final String STATE = "survey-form";
    private static final String REVIEW = "survey-review";
    private static final Duration STATE_LIFETIME = Duration.ofHours(12);
    /** Answers one address may send a minute; a store's guests may share one. */
    private static final int PER_MINUTE = 60;

    private final SurveyRepository surveys;
    private final ResponseRepository responses;
    private final Responses answers;
    private final SurveyLinks links;
    private final Receipts receipts;
    private final Cases cases;
    private final Offers offers;
    private final IdentityGraph identity;
    private final IdentifierNormaliser normaliser;
    private final Stores stores;
    private final Brands brands;
    private final Signatures signatures;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Surveys service;
    private final SurveyAnswerReader reader;
    private final SecureRandom random = new SecureRandom();
    private final RateLimits.Limit perAddress;

    SurveyPageController(SurveyRepository surveys, ResponseRepository responses, Responses answers, SurveyLinks links,
                         Receipts receipts, Cases cases, Offers offers, IdentityGraph identity,
                         IdentifierNormaliser normaliser, Stores stores, Brands brands, Signatures signatures,
                         MessageSource messages, JsonMapper json, Surveys service, SurveyAnswerReader reader,
                         RateLimits limits) {
        this.surveys = surveys;
        this.responses = responses;
        this.answers = answers;
        this.links = links;
        this.receipts = receipts;
        this.cases = cases;
        this.offers = offers;
        this.identity = identity;
        this.normaliser = normaliser;
        this.stores = stores;
        this.brands = brands;
        this.signatures = signatures;
        this.messages = messages;
        this.json = json;
        this.service = service;
        this.reader = reader;
        this.perAddress = limits.limit("survey-address", PER_MINUTE, Duration.ofMinutes(1));
    }

    /** What a link leads to: the survey and who answers, or the page that says why not. */
    private record Context(SurveyRepository.StoredSurvey survey, Responses.Respondent who, StoreRef store, String action,
                           String problem, HttpStatus status) {

        static Context problem(String key, HttpStatus status) {
            return new Context(null, null, null, null, key, status);
        }
    }

    @GetMapping("/s/{code}")
    ModelAndView open(@PathVariable String code, @RequestParam(name = "store", required = false) String store,
                      HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        return show(openContext(code, store), request);
    }

    @PostMapping("/s/{code}")
    ModelAndView answerOpen(@PathVariable String code, @RequestParam(name = "store", required = false) String store,
                            @RequestParam MultiValueMap<String, String> form, HttpServletRequest request,
                            HttpServletResponse response) {
        noStore(response);
        return answer(openContext(code, store), form, request);
    }

    @GetMapping("/s/t/{token}")
    ModelAndView personal(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        return show(personalContext(token), request);
    }

    @PostMapping("/s/t/{token}")
    ModelAndView answerPersonal(@PathVariable String token, @RequestParam MultiValueMap<String, String> form,
                                HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        return answer(personalContext(token), form, request);
    }

    /** A promoter's way to the review page: counted, then sent on. */
    @GetMapping("/s/review/{token}")
    ModelAndView review(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<String[]> parts = token.length() > 300 ? Optional.empty()
                : signatures.verify(REVIEW, token).map(p -> p.split("\\|"));
        if (parts.isEmpty() || parts.get().length != 2) {
            return problem("survey.problem.invalid", HttpStatus.BAD_REQUEST, null, request);
        }
        UUID tenantId = UUID.fromString(parts.get()[0]);
        UUID responseId = UUID.fromString(parts.get()[1]);
        Optional<ResponseRepository.SurveyResponse> answered = responses.find(tenantId, responseId);
        Optional<String> url = answered.flatMap(r -> surveys.find(tenantId, r.surveyId()))
                .map(s -> s.reviewUrl(answered.get().storeId()));
        if (url.isEmpty()) {
            return problem("survey.problem.unknown", HttpStatus.NOT_FOUND, tenantId, request);
        }
        responses.reviewClicked(tenantId, responseId, Instant.now());
        response.setStatus(HttpStatus.FOUND.value());
        response.setHeader(HttpHeaders.LOCATION, url.get());
        return null;
    }

    private Context openContext(String code, String storeCode) {
        Optional<SurveyRepository.StoredSurvey> survey = code.length() > 16 ? Optional.empty()
                : surveys.findByCode(code.toLowerCase(Locale.ROOT));
        if (survey.isEmpty()) {
            return Context.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
        }
        if (survey.get().archived()) {
            return Context.problem("survey.problem.closed", HttpStatus.GONE);
        }
        StoreRef store = storeCode == null || storeCode.length() > 32 ? null
                : stores.findByCode(survey.get().tenantId(), storeCode).filter(s -> !s.archived()).orElse(null);
        String action = "/s/" + survey.get().code() + (store == null ? "" : "?store="
                + java.net.URLEncoder.encode(store.code(), java.nio.charset.StandardCharsets.UTF_8));
        return new Context(survey.get(), new Responses.Respondent(store == null ? null : store.id(), "link", null,
                null, null, null, null, null, null, null, null, null, false), store, action, null, null);
    }

    private Context personalContext(String token) {
        Optional<SurveyLinks.Personal> personal = links.parse(token);
        if (personal.isEmpty()) {
            return Context.problem("survey.problem.invalid", HttpStatus.BAD_REQUEST);
        }
        SurveyLinks.Personal link = personal.get();
        Optional<SurveyRepository.StoredSurvey> found = surveys.findByCode(link.code());
        if (found.isEmpty()) {
            return Context.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
        }
        SurveyRepository.StoredSurvey survey = found.get();
        if (survey.archived()) {
            return Context.problem("survey.problem.closed", HttpStatus.GONE);
        }
        String action = "/s/t/" + token;
        if (link.kind().equals(SurveyLinks.RECEIPT)) {
            Optional<ReceiptRef> receipt = receipts.find(survey.tenantId(), link.id());
            if (receipt.isEmpty() || receipt.get().erased()) {
                return Context.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
            }
            if (receipt.get().voided()) {
                return Context.problem("survey.problem.void", HttpStatus.CONFLICT);
            }
            ReceiptRef r = receipt.get();
            StoreRef store = stores.findById(survey.tenantId(), r.storeId()).orElse(null);
            return new Context(survey, who(survey.tenantId(), r.storeId(), store, "receipt", link.onceKey(), r.id(),
                    null, null, r.identifiers(), r.channel(), r.address(), true), store, action, null, null);
        }
        Optional<SurveyRepository.Invitation> invitation = surveys.invitation(survey.tenantId(), link.id())
                .filter(i -> i.surveyId().equals(survey.id()));
        if (invitation.isEmpty()) {
            return Context.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
        }
        SurveyRepository.Invitation i = invitation.get();
        StoreRef store = i.storeId() == null ? null : stores.findById(survey.tenantId(), i.storeId()).orElse(null);
        Map<String, String> typed = new LinkedHashMap<>();
        if (i.address() != null) {
            typed.put(i.channel().equals("email") ? "email" : "phone", i.address());
        }
        return new Context(survey, who(survey.tenantId(), i.storeId(), store, "message", link.onceKey(), null, i.id(),
                i.profileId(), typed, i.channel(), i.address(), true), store, action, null, null);
    }

    /** The respondent behind identifiers as given: normalised to find their answers again, and their profile. */
    private Responses.Respondent who(UUID tenantId, UUID storeId, StoreRef store, String source, String onceKey,
                                     UUID receiptId, UUID invitationId, UUID profileId, Map<String, String> typed,
                                     String channel, String address, boolean trusted) {
        String country = store == null ? null : store.country();
        String email = normalised(IdentifierType.EMAIL, typed.get("email"), country);
        String phone = normalised(IdentifierType.PHONE, typed.get("phone"), country);
        String loyalty = normalised(IdentifierType.LOYALTY_ID, typed.get("loyaltyId"), country);
        UUID profile = profileId;
        if (profile == null && loyalty != null) {
            profile = identity.findByIdentifier(tenantId, IdentifierType.LOYALTY_ID, loyalty).orElse(null);
        }
        if (profile == null && phone != null) {
            profile = identity.findByIdentifier(tenantId, IdentifierType.PHONE, phone).orElse(null);
        }
        if (profile == null && email != null) {
            profile = identity.findByIdentifier(tenantId, IdentifierType.EMAIL, email).orElse(null);
        }
        ObjectNode identifiers = json.createObjectNode();
        typed.forEach(identifiers::put);
        return new Responses.Respondent(storeId, source, onceKey, receiptId, invitationId, profile, email, phone,
                loyalty, identifiers.isEmpty() ? null : identifiers.toString(), address == null ? null : channel,
                address, trusted);
    }

    private String normalised(IdentifierType type, String raw, String country) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Normalised n = normaliser.normalise(type, raw, country);
        return n.usable() ? n.value() : null;
    }

    private ModelAndView show(Context context, HttpServletRequest request) {
        if (context.problem() != null) {
            return problem(context.problem(), context.status(), context.survey() == null ? null
                    : context.survey().tenantId(), request);
        }
        if (context.who().onceKey() != null && responses.answered(context.survey().tenantId(),
                context.who().onceKey())) {
            return problem("survey.answered", HttpStatus.OK, context.survey().tenantId(), request);
        }
        return form(context, state(context), Map.of(), Map.of(), HttpStatus.OK, request);
    }

    private ModelAndView answer(Context context, MultiValueMap<String, String> form, HttpServletRequest request) {
        if (context.problem() != null) {
            return problem(context.problem(), context.status(), context.survey() == null ? null
                    : context.survey().tenantId(), request);
        }
        SurveyRepository.StoredSurvey survey = context.survey();
        Optional<String> nonce = verify(form.getFirst("state"), context);
        if (nonce.isEmpty()) {
            return problem("survey.problem.expired", HttpStatus.BAD_REQUEST, survey.tenantId(), request);
        }
        String honeypot = form.getFirst("website");
        if (honeypot != null && !honeypot.isEmpty()) {
            return problem("survey.problem.rejected", HttpStatus.BAD_REQUEST, survey.tenantId(), request);
        }
        if (!perAddress.tryConsume(request.getRemoteAddr()).allowed()) {
            return problem("survey.problem.tooMany", HttpStatus.TOO_MANY_REQUESTS, survey.tenantId(), request);
        }
        Brand brand = brands.of(survey.tenantId());
        Locale locale = Locale.forLanguageTag(brand.language());
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> values = new HashMap<>();
        Responses.Answer answer = reader.read(survey.definition(), form, locale, errors, values);
        Responses.Respondent who = context.who();
        String contact = trim(form.getFirst("contact"));
        if (contact != null && who.onceKey() == null && survey.definition().askContact()) {
            values.put("contact", contact.length() > 320 ? contact.substring(0, 320) : contact);
            who = withContact(survey.tenantId(), context, contact, locale, errors);
        }
        if (!errors.isEmpty()) {
            return form(context, form.getFirst("state"), values, errors, HttpStatus.BAD_REQUEST, request);
        }
        if (who.receiptId() != null && receipts.find(survey.tenantId(), who.receiptId())
                .map(ReceiptRef::voided).orElse(true)) {
            return problem("survey.problem.void", HttpStatus.CONFLICT, survey.tenantId(), request);
        }
        Responses.Outcome outcome = answers.submit(survey, who, answer, nonce.get());
        if (outcome.first() == null) {
            return problem("survey.answered", HttpStatus.CONFLICT, survey.tenantId(), request);
        }
        return thanks(survey, outcome.first(), request);
    }

    /** An open survey's respondent who left an email or phone to be answered on. */
    private Responses.Respondent withContact(UUID tenantId, Context context, String contact, Locale locale,
                                             Map<String, String> errors) {
        String country = context.store() == null ? null : context.store().country();
        boolean email = contact.contains("@");
        Normalised n = normaliser.normalise(email ? IdentifierType.EMAIL : IdentifierType.PHONE, contact, country);
        if (!n.usable()) {
            errors.put("contact", text("survey.error.contact", locale));
            return context.who();
        }
        Map<String, String> typed = Map.of(email ? "email" : "phone", contact);
        return who(tenantId, context.who().storeId(), context.store(), "link", null, null, null, null, typed,
                email ? "email" : "sms", n.value(), false);
    }

    private ModelAndView form(Context context, String state, Map<String, String> values, Map<String, String> errors,
                              HttpStatus status, HttpServletRequest request) {
        SurveyRepository.StoredSurvey survey = context.survey();
        Brand brand = speak(survey.tenantId(), request);
        Locale locale = Locale.forLanguageTag(brand.language());
        Definition d = survey.definition();
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("title", d.title() != null ? d.title() : text("survey.title", locale));
        model.put("intro", d.intro());
        model.put("npsQuestion", d.npsQuestion() != null ? d.npsQuestion() : text("survey.nps", locale, brand.name()));
        model.put("commentQuestion", d.commentQuestion() != null ? d.commentQuestion()
                : text("survey.comment", locale));
        model.put("questions", d.questions());
        model.put("askContact", d.askContact() && context.who().onceKey() == null);
        model.put("maxComment", Definition.MAX_COMMENT);
        model.put("maxText", Definition.MAX_TEXT);
        model.put("action", context.action());
        model.put("state", state);
        model.put("values", values);
        model.put("errors", errors);
        model.put("store", context.store() == null ? null : context.store().name());
        return new ModelAndView("feedback/survey", model, status);
    }

    private ModelAndView thanks(SurveyRepository.StoredSurvey survey, ResponseRepository.SurveyResponse answered,
                                HttpServletRequest request) {
        Brand brand = speak(survey.tenantId(), request);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("group", answered.group());
        model.put("couponCode", answered.couponCode());
        model.put("couponUrl", answered.couponUrl());
        model.put("couponText", answered.couponCode() == null || survey.rewardOfferId() == null ? null
                : offers.find(survey.tenantId(), survey.rewardOfferId()).map(OfferSummary::discount).orElse(null));
        String reviewUrl = survey.reviewUrl(answered.storeId());
        model.put("review", answered.group().equals("promoter") && reviewUrl != null
                ? "/s/review/" + signatures.sign(REVIEW, survey.tenantId() + "|" + answered.id()) : null);
        Optional<Cases.Opened> opened = answered.caseId() == null ? Optional.empty()
                : cases.opened(survey.tenantId(), answered.caseId());
        model.put("caseReference", opened.map(Cases.Opened::reference).orElse(null));
        model.put("caseUrl", opened.map(Cases.Opened::statusUrl).orElse(null));
        return new ModelAndView("feedback/thanks", model, HttpStatus.OK);
    }

    private ModelAndView problem(String key, HttpStatus status, UUID tenantId, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("brand", tenantId == null ? null : speak(tenantId, request));
        model.put("messageKey", key);
        return new ModelAndView("feedback/problem", model, status);
    }

    private Brand speak(UUID tenantId, HttpServletRequest request) {
        Brand brand = brands.of(tenantId);
        HostedPages.speak(request, brand);
        return brand;
    }

    /** A new form's signed state: which survey, which receipt or invitation and store, its own id, and when. */
    private String state(Context context) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return signatures.sign(STATE, json.createObjectNode().put("s", context.survey().id().toString())
                .put("k", String.valueOf(context.who().onceKey()))
                .put("st", String.valueOf(context.who().storeId()))
                .put("n", HexFormat.of().formatHex(nonce)).put("t", Instant.now().getEpochSecond()).toString());
    }

    /** The form's id, if the state is intact, recent and was made for this very link. */
    private Optional<String> verify(String state, Context context) {
        if (state == null || state.length() > 2000) {
            return Optional.empty();
        }
        return signatures.verify(STATE, state).flatMap(payload -> {
            try {
                return Optional.of(json.readTree(payload));
            } catch (JacksonException e) {
                return Optional.empty();
            }
        }).filter(node -> context.survey().id().toString().equals(node.path("s").asString())
                && String.valueOf(context.who().onceKey()).equals(node.path("k").asString())
                && String.valueOf(context.who().storeId()).equals(node.path("st").asString())
                && Instant.ofEpochSecond(node.path("t").asLong()).plus(STATE_LIFETIME).isAfter(Instant.now()))
                .map(node -> node.path("n").asString());
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }
}
