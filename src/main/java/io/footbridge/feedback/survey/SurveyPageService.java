package io.footbridge.feedback.survey;

import io.footbridge.feedback.cases.Cases;
import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.RateLimits;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptRef;
import io.footbridge.receipts.Receipts;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the survey pages customers answer do: find the survey and who answers behind a link (the open link of a QR
 * code, or a receipt's or invitation's personal link), check a sent form (its signed state, the honeypot, the rate
 * of its address, the answers) and record it once, and say what the thanks page offers (a coupon, the review page,
 * the case opened).
 */
@Service
class SurveyPageService {

    /** Answers one address may send a minute; a store's guests may share one. */
    private static final int PER_MINUTE = 60;

    private final SurveyRepository surveys;
    private final ResponseRepository responses;
    private final Responses answers;
    private final SurveyLinks links;
    private final SurveyRespondents respondents;
    private final SurveyFormStates states;
    private final SurveyAnswerReader reader;
    private final Receipts receipts;
    private final Cases cases;
    private final Offers offers;
    private final Stores stores;
    private final Brands brands;
    private final MessageSource messages;
    private final RateLimits.Limit perAddress;

    SurveyPageService(SurveyRepository surveys, ResponseRepository responses, Responses answers, SurveyLinks links,
                SurveyRespondents respondents, SurveyFormStates states, SurveyAnswerReader reader, Receipts receipts,
                Cases cases, Offers offers, Stores stores, Brands brands, MessageSource messages,
                RateLimits limits) {
        this.surveys = surveys;
        this.responses = responses;
        this.answers = answers;
        this.links = links;
        this.respondents = respondents;
        this.states = states;
        this.reader = reader;
        this.receipts = receipts;
        this.cases = cases;
        this.offers = offers;
        this.stores = stores;
        this.brands = brands;
        this.messages = messages;
        this.perAddress = limits.limit("survey-address", PER_MINUTE, Duration.ofMinutes(1));
    }

    /** What a survey page shows; each names the brand whose language it speaks, when it knows one. */
    sealed interface Page permits Problem, Form, Thanks, Redirect {
    }

    /** Why the survey cannot be answered here: a message key and the status to answer with. */
    record Problem(String messageKey, HttpStatus status, Brand brand) implements Page {
    }

    /** The survey's form: its texts (the brand's defaults where the marketer left them out), state and errors. */
    record Form(Brand brand, String title, String intro, String npsQuestion, String commentQuestion,
                List<Definition.Question> questions, boolean askContact, String action, String state,
                Map<String, String> values, Map<String, String> errors, String store, HttpStatus status)
            implements Page {
    }

    /** The answer recorded: the respondent's group and what they get next. */
    record Thanks(Brand brand, String group, String couponCode, String couponUrl, String couponText,
                  String review, String caseReference, String caseUrl) implements Page {
    }

    /** Where to send the browser on. */
    record Redirect(String url) implements Page {
    }

    /** What a link leads to: the survey and who answers, or the page that says why not. */
    private record Link(SurveyRepository.StoredSurvey survey, Responses.Respondent who, StoreRef store,
                        String action, Problem problem) {

        static Link problem(String key, HttpStatus status) {
            return new Link(null, null, null, null, new Problem(key, status, null));
        }
    }

    /** The open link's form; {@code storeCode} names the store the code was put up in. */
    Page openForm(String code, String storeCode) {
        return show(open(code, storeCode));
    }

    Page answerOpen(String code, String storeCode, MultiValueMap<String, String> form, String address) {
        return answer(open(code, storeCode), form, address);
    }

    /** A personal link's form: about one receipt or invitation, answerable once. */
    Page personalForm(String token) {
        return show(personal(token));
    }

    Page answerPersonal(String token, MultiValueMap<String, String> form, String address) {
        return answer(personal(token), form, address);
    }

    /** A promoter's way to the review page: counted, then sent on. */
    Page review(String token) {
        Optional<SurveyFormStates.ReviewLink> link = states.review(token);
        if (link.isEmpty()) {
            return new Problem("survey.problem.invalid", HttpStatus.BAD_REQUEST, null);
        }
        UUID tenantId = link.get().tenantId();
        UUID responseId = link.get().responseId();
        Optional<ResponseRepository.SurveyResponse> answered = responses.find(tenantId, responseId);
        Optional<String> url = answered.flatMap(r -> surveys.find(tenantId, r.surveyId()))
                .map(s -> s.reviewUrl(answered.get().storeId()));
        if (url.isEmpty()) {
            return problem("survey.problem.unknown", HttpStatus.NOT_FOUND, tenantId);
        }
        responses.reviewClicked(tenantId, responseId, Instant.now());
        return new Redirect(url.get());
    }

    private Link open(String code, String storeCode) {
        Optional<SurveyRepository.StoredSurvey> survey = code.length() > 16 ? Optional.empty()
                : surveys.findByCode(code.toLowerCase(Locale.ROOT));
        if (survey.isEmpty()) {
            return Link.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
        }
        if (survey.get().archived()) {
            return Link.problem("survey.problem.closed", HttpStatus.GONE);
        }
        StoreRef store = storeCode == null || storeCode.length() > 32 ? null
                : stores.findByCode(survey.get().tenantId(), storeCode).filter(s -> !s.archived()).orElse(null);
        String action = "/s/" + survey.get().code() + (store == null ? ""
                : "?store=" + URLEncoder.encode(store.code(), StandardCharsets.UTF_8));
        return new Link(survey.get(), respondents.anonymous(store), store, action, null);
    }

    private Link personal(String token) {
        Optional<SurveyLinks.Personal> personal = links.parse(token);
        if (personal.isEmpty()) {
            return Link.problem("survey.problem.invalid", HttpStatus.BAD_REQUEST);
        }
        SurveyLinks.Personal link = personal.get();
        Optional<SurveyRepository.StoredSurvey> found = surveys.findByCode(link.code());
        if (found.isEmpty()) {
            return Link.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
        }
        SurveyRepository.StoredSurvey survey = found.get();
        if (survey.archived()) {
            return Link.problem("survey.problem.closed", HttpStatus.GONE);
        }
        String action = "/s/t/" + token;
        if (link.kind().equals(SurveyLinks.RECEIPT)) {
            Optional<ReceiptRef> receipt = receipts.find(survey.tenantId(), link.id());
            if (receipt.isEmpty() || receipt.get().erased()) {
                return Link.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
            }
            if (receipt.get().voided()) {
                return Link.problem("survey.problem.void", HttpStatus.CONFLICT);
            }
            ReceiptRef r = receipt.get();
            StoreRef store = stores.findById(survey.tenantId(), r.storeId()).orElse(null);
            return new Link(survey, respondents.who(survey.tenantId(), r.storeId(), store, "receipt",
                    link.onceKey(), r.id(), null, null, r.identifiers(), r.channel(), r.address(), true), store,
                    action, null);
        }
        Optional<SurveyRepository.Invitation> invitation = surveys.invitation(survey.tenantId(), link.id())
                .filter(i -> i.surveyId().equals(survey.id()));
        if (invitation.isEmpty()) {
            return Link.problem("survey.problem.unknown", HttpStatus.NOT_FOUND);
        }
        SurveyRepository.Invitation i = invitation.get();
        StoreRef store = i.storeId() == null ? null : stores.findById(survey.tenantId(), i.storeId()).orElse(null);
        Map<String, String> typed = new LinkedHashMap<>();
        if (i.address() != null) {
            typed.put(i.channel().equals("email") ? "email" : "phone", i.address());
        }
        return new Link(survey, respondents.who(survey.tenantId(), i.storeId(), store, "message", link.onceKey(),
                null, i.id(), i.profileId(), typed, i.channel(), i.address(), true), store, action, null);
    }

    private Page show(Link link) {
        if (link.problem() != null) {
            return link.problem();
        }
        if (link.who().onceKey() != null && responses.answered(link.survey().tenantId(), link.who().onceKey())) {
            return problem("survey.answered", HttpStatus.OK, link.survey().tenantId());
        }
        return form(link, states.issue(link.survey().id(), link.who()), Map.of(), Map.of(), HttpStatus.OK);
    }

    private Page answer(Link link, MultiValueMap<String, String> form, String address) {
        if (link.problem() != null) {
            return link.problem();
        }
        SurveyRepository.StoredSurvey survey = link.survey();
        Optional<String> nonce = states.verify(form.getFirst("state"), survey.id(), link.who());
        if (nonce.isEmpty()) {
            return problem("survey.problem.expired", HttpStatus.BAD_REQUEST, survey.tenantId());
        }
        String honeypot = form.getFirst("website");
        if (honeypot != null && !honeypot.isEmpty()) {
            return problem("survey.problem.rejected", HttpStatus.BAD_REQUEST, survey.tenantId());
        }
        if (!perAddress.tryConsume(address).allowed()) {
            return problem("survey.problem.tooMany", HttpStatus.TOO_MANY_REQUESTS, survey.tenantId());
        }
        Locale locale = Locale.forLanguageTag(brands.of(survey.tenantId()).language());
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> values = new HashMap<>();
        Responses.Answer answer = reader.read(survey.definition(), form, locale, errors, values);
        Responses.Respondent who = link.who();
        String contact = trim(form.getFirst("contact"));
        if (contact != null && who.onceKey() == null && survey.definition().askContact()) {
            values.put("contact", contact.length() > 320 ? contact.substring(0, 320) : contact);
            Optional<Responses.Respondent> reachable = respondents.withContact(survey.tenantId(), who, link.store(),
                    contact);
            if (reachable.isPresent()) {
                who = reachable.get();
            } else {
                errors.put("contact", text("survey.error.contact", locale));
            }
        }
        if (!errors.isEmpty()) {
            return form(link, form.getFirst("state"), values, errors, HttpStatus.BAD_REQUEST);
        }
        if (who.receiptId() != null && receipts.find(survey.tenantId(), who.receiptId())
                .map(ReceiptRef::voided).orElse(true)) {
            return problem("survey.problem.void", HttpStatus.CONFLICT, survey.tenantId());
        }
        Responses.Outcome outcome = answers.submit(survey, who, answer, nonce.get());
        if (outcome.first() == null) {
            return problem("survey.answered", HttpStatus.CONFLICT, survey.tenantId());
        }
        return thanks(survey, outcome.first());
    }

    private Form form(Link link, String state, Map<String, String> values, Map<String, String> errors,
                      HttpStatus status) {
        SurveyRepository.StoredSurvey survey = link.survey();
        Brand brand = brands.of(survey.tenantId());
        Locale locale = Locale.forLanguageTag(brand.language());
        Definition d = survey.definition();
        return new Form(brand, d.title() != null ? d.title() : text("survey.title", locale), d.intro(),
                d.npsQuestion() != null ? d.npsQuestion() : text("survey.nps", locale, brand.name()),
                d.commentQuestion() != null ? d.commentQuestion() : text("survey.comment", locale), d.questions(),
                d.askContact() && link.who().onceKey() == null, link.action(), state, values, errors,
                link.store() == null ? null : link.store().name(), status);
    }

    private Thanks thanks(SurveyRepository.StoredSurvey survey, ResponseRepository.SurveyResponse answered) {
        String couponText = answered.couponCode() == null || survey.rewardOfferId() == null ? null
                : offers.find(survey.tenantId(), survey.rewardOfferId()).map(OfferSummary::discount).orElse(null);
        String reviewUrl = survey.reviewUrl(answered.storeId());
        String review = answered.group().equals("promoter") && reviewUrl != null
                ? "/s/review/" + states.reviewToken(survey.tenantId(), answered.id()) : null;
        Optional<Cases.Opened> opened = answered.caseId() == null ? Optional.empty()
                : cases.opened(survey.tenantId(), answered.caseId());
        return new Thanks(brands.of(survey.tenantId()), answered.group(), answered.couponCode(),
                answered.couponUrl(), couponText, review, opened.map(Cases.Opened::reference).orElse(null),
                opened.map(Cases.Opened::statusUrl).orElse(null));
    }

    private Problem problem(String key, HttpStatus status, UUID tenantId) {
        return new Problem(key, status, tenantId == null ? null : brands.of(tenantId));
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
