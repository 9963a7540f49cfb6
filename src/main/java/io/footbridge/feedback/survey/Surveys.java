package io.footbridge.feedback.survey;

import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.JsonErrors;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Surveys as marketers set them up: every rule checked field by field, every change audited. */
@Service
class Surveys {

    private static final String CODE_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz";

    record View(UUID id, String code, String name, String title, String intro, String npsQuestion,
                String commentQuestion, boolean askContact, List<Definition.Question> questions, UUID rewardOfferId,
                boolean rewardOpenResponses, String reviewUrl, Map<String, String> storeReviewUrls, boolean openCases,
                String status, int version, String url, long responses, Instant createdAt, Instant updatedAt,
                Instant archivedAt) {
    }

    private final SurveyRepository repository;
    private final Stores stores;
    private final Offers offers;
    private final AuditLog audit;
    private final HostedPages pages;
    private final Validator validator;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    Surveys(SurveyRepository repository, Stores stores, Offers offers, AuditLog audit, HostedPages pages,
            Validator validator, JsonMapper json) {
        this.repository = repository;
        this.stores = stores;
        this.offers = offers;
        this.audit = audit;
        this.pages = pages;
        this.validator = validator;
        this.json = json;
    }

    @Transactional
    View create(Actor actor, SurveyRequest request) {
        if (request.status() != null && !request.status().equals("active")) {
            throw ProblemException.invalid("status", "a new survey is active; archive it with PATCH");
        }
        Checked checked = check(actor.tenantId(), request);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 0; attempt < 10; attempt++) {
            SurveyRepository.StoredSurvey row = new SurveyRepository.StoredSurvey(UUID.randomUUID(), actor.tenantId(), code(),
                    request.name().strip(), checked.definition(), request.rewardOfferId(),
                    Boolean.TRUE.equals(request.rewardOpenResponses()), blankToNull(request.reviewUrl()),
                    checked.reviewUrls(), request.openCases() == null || request.openCases(), 1, now, now, null);
            if (repository.insert(row)) {
                audit.record(actor, "survey.created", "survey", row.id(), Map.of("name", row.name()));
                return view(row, 0);
            }
        }
        throw new IllegalStateException("could not draw a free survey code");
    }

    View get(Actor actor, UUID id) {
        SurveyRepository.StoredSurvey row = find(actor.tenantId(), id);
        return view(row, repository.responses(actor.tenantId(), id));
    }

    List<View> list(Actor actor, boolean archived, int limit, int offset) {
        return repository.list(actor.tenantId(), archived, limit, offset).stream()
                .map(row -> view(row, repository.responses(actor.tenantId(), row.id()))).toList();
    }

    SurveyRepository.StoredSurvey find(UUID tenantId, UUID id) {
        return repository.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("survey", id));
    }

    /**
     * Merges a partial body into the survey (RFC 7396: a field given replaces, null clears) and checks the result as
     * a whole. Answers already given keep the questions as they were asked.
     */
    @Transactional
    View patch(Actor actor, UUID id, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        SurveyRepository.StoredSurvey current = find(actor.tenantId(), id);
        ObjectNode merged = (ObjectNode) json.valueToTree(request(current));
        patch.properties().forEach(entry -> {
            if (entry.getValue().isNull()) {
                merged.remove(entry.getKey());
            } else {
                merged.set(entry.getKey(), entry.getValue());
            }
        });
        SurveyRequest request;
        try {
            request = json.treeToValue(merged, SurveyRequest.class);
        } catch (JacksonException wrong) {
            throw ProblemException.invalid(List.of(JsonErrors.describe(wrong, "body")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<SurveyRequest> violation : validator.validate(request)) {
            errors.add(new FieldError(violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "")
                    .replaceAll("<[^>]+>", ""), violation.getMessage()));
        }
        if (request.status() != null && !Set.of("active", "archived").contains(request.status())) {
            errors.add(new FieldError("status", "must be active or archived"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Checked checked = check(actor.tenantId(), request);
        SurveyRepository.StoredSurvey changed = new SurveyRepository.StoredSurvey(current.id(), current.tenantId(), current.code(),
                request.name().strip(), checked.definition(), request.rewardOfferId(),
                Boolean.TRUE.equals(request.rewardOpenResponses()), blankToNull(request.reviewUrl()),
                checked.reviewUrls(), request.openCases() == null || request.openCases(), current.version(),
                current.createdAt(), current.updatedAt(), current.archivedAt());
        boolean archived = "archived".equals(request.status());
        repository.update(changed, archived, Instant.now());
        audit.record(actor, archived && !current.archived() ? "survey.archived" : "survey.changed", "survey", id,
                Map.of("name", changed.name()));
        return get(actor, id);
    }

    private record Checked(Definition definition, Map<UUID, String> reviewUrls) {
    }

    private Checked check(UUID tenantId, SurveyRequest r) {
        List<FieldError> errors = new ArrayList<>();
        List<Definition.Question> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < r.questionsOrEmpty().size(); i++) {
            SurveyRequest.Question q = r.questionsOrEmpty().get(i);
            String at = "questions[" + i + "]";
            if (!ids.add(q.id())) {
                errors.add(new FieldError(at + ".id", "is used by another question"));
            }
            if (!Definition.TYPES.contains(q.type())) {
                errors.add(new FieldError(at + ".type", "must be one of: " + String.join(", ", Definition.TYPES)));
            }
            List<String> options = q.options() == null ? List.of() : q.options().stream().map(String::strip).toList();
            if (Definition.SINGLE_CHOICE.equals(q.type())) {
                if (options.size() < 2) {
                    errors.add(new FieldError(at + ".options", "a single choice needs 2 to 10 options"));
                } else if (new HashSet<>(options).size() != options.size()) {
                    errors.add(new FieldError(at + ".options", "has the same option twice"));
                }
            } else if (!options.isEmpty()) {
                errors.add(new FieldError(at + ".options", "are only for single_choice questions"));
            }
            questions.add(new Definition.Question(q.id(), q.type(), q.text().strip(), Boolean.TRUE.equals(q.required()),
                    options.isEmpty() ? null : options));
        }
        if (r.rewardOfferId() != null) {
            Optional<OfferSummary> offer = offers.find(tenantId, r.rewardOfferId());
            if (offer.isEmpty()) {
                errors.add(new FieldError("rewardOfferId", "is not an offer of this tenant"));
            } else if (offer.get().archived()) {
                errors.add(new FieldError("rewardOfferId", "is archived"));
            } else if (!offer.get().active(Instant.now())) {
                errors.add(new FieldError("rewardOfferId", "has ended"));
            } else if (!offer.get().channels().isEmpty() && !offer.get().channels().contains("survey")) {
                errors.add(new FieldError("rewardOfferId", "may not be issued through surveys (its channels are "
                        + String.join(", ", offer.get().channels()) + ")"));
            }
        }
        if (blankToNull(r.reviewUrl()) != null) {
            url(r.reviewUrl(), "reviewUrl", errors);
        }
        Map<UUID, String> reviewUrls = new LinkedHashMap<>();
        if (r.storeReviewUrls() != null) {
            r.storeReviewUrls().forEach((code, url) -> {
                Optional<StoreRef> store = stores.findByCode(tenantId, code);
                if (store.isEmpty()) {
                    errors.add(new FieldError("storeReviewUrls." + code, "is not a store of this tenant"));
                } else if (url(url, "storeReviewUrls." + code, errors)) {
                    reviewUrls.put(store.get().id(), url.strip());
                }
            });
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Checked(new Definition(blankToNull(r.title()), blankToNull(r.intro()), blankToNull(r.npsQuestion()),
                blankToNull(r.commentQuestion()), r.askContact() == null || r.askContact(), questions), reviewUrls);
    }

    private static boolean url(String url, String field, List<FieldError> errors) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return true;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be an absolute http(s) URL"));
        return false;
    }

    /** The survey as a request again, for a PATCH to merge into. */
    private SurveyRequest request(SurveyRepository.StoredSurvey row) {
        Definition d = row.definition();
        Map<String, String> reviewUrls = new LinkedHashMap<>();
        row.storeReviewUrls().forEach((storeId, url) -> stores.findById(row.tenantId(), storeId)
                .ifPresent(store -> reviewUrls.put(store.code(), url)));
        return new SurveyRequest(row.name(), d.title(), d.intro(), d.npsQuestion(), d.commentQuestion(),
                d.askContact(), d.questions().stream().map(q -> new SurveyRequest.Question(q.id(), q.type(), q.text(),
                q.required(), q.options())).toList(), row.rewardOfferId(), row.rewardOpen(), row.reviewUrl(),
                reviewUrls.isEmpty() ? null : reviewUrls, row.openCases(), row.archived() ? "archived" : "active");
    }

    View view(SurveyRepository.StoredSurvey row, long responses) {
        Definition d = row.definition();
        Map<String, String> reviewUrls = new LinkedHashMap<>();
        row.storeReviewUrls().forEach((storeId, url) -> reviewUrls.put(stores.findById(row.tenantId(), storeId)
                .map(StoreRef::code).orElse(storeId.toString()), url));
        return new View(row.id(), row.code(), row.name(), d.title(), d.intro(), d.npsQuestion(), d.commentQuestion(),
                d.askContact(), d.questions(), row.rewardOfferId(), row.rewardOpen(), row.reviewUrl(), reviewUrls,
                row.openCases(), row.archived() ? "archived" : "active", row.version(), openUrl(row.code()), responses,
                row.createdAt(), row.updatedAt(), row.archivedAt());
    }

    String openUrl(String code) {
        return base() + "/s/" + code;
    }

    String base() {
        return pages.baseUrl();
    }

    private String code() {
        StringBuilder code = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
