package io.footbridge.hosted.forms;

import io.footbridge.capture.EventRecorder;
import io.footbridge.capture.touchpoint.JourneyStage;
import io.footbridge.capture.touchpoint.Touchpoint;
import io.footbridge.capture.touchpoint.TouchpointType;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hosted loyalty sign-up forms and what customers send through them. */
@Service
class SignupForms {

    /** What a customer typed, as the form sends it. */
    record Answer(String state, String firstName, String lastName, String email, String phone, String birthDate,
                  Boolean terms, Boolean marketingEmail, Boolean marketingSms, String website, Boolean club) {
    }

    private final FormsRepository repository;
    private final Touchpoints touchpoints;
    private final Stores stores;
    private final EventRecorder recorder;
    private final AuditLog audit;
    private final JsonMapper json;

    SignupForms(FormsRepository repository, Touchpoints touchpoints, Stores stores, EventRecorder recorder,
                AuditLog audit, JsonMapper json) {
        this.repository = repository;
        this.touchpoints = touchpoints;
        this.stores = stores;
        this.recorder = recorder;
        this.audit = audit;
        this.json = json;
    }

    @Transactional
    FormsRepository.SignupForm create(Actor actor, SignupFormRequest request, String code) {
        StoreRef store = null;
        if (request.store() != null) {
            store = stores.findByCode(actor.tenantId(), request.store()).filter(s -> !s.archived())
                    .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
            actor.requireStore(store.id());
        } else if (!actor.allStores()) {
            throw ProblemException.forbidden("Forms without a store need tenant-wide credentials.");
        }
        Touchpoint touchpoint = touchpoints.register(actor, "signup-" + code, TouchpointType.OTHER,
                store == null ? null : store.code(), request.title(), JourneyStage.POST_PURCHASE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        FormsRepository.SignupForm form = new FormsRepository.SignupForm(UUID.randomUUID(), actor.tenantId(), code,
                store == null ? null : store.id(), null, null, touchpoint.id(), request.title().strip(),
                request.program(), request.terms().strip(), FormChecks.trim(request.marketingEmail()),
                FormChecks.trim(request.marketingSms()), 1, now, now, FormChecks.trim(request.club()));
        repository.insertForm(form);
        audit.record(actor, "signup_form.created", "signup_form", form.id(), Map.of("code", code,
                "program", request.program()));
        return repository.form(actor.tenantId(), form.id()).orElseThrow();
    }

    /** Only what is given changes; an empty marketing text stops asking for that consent. */
    @Transactional
    FormsRepository.SignupForm change(Actor actor, UUID id, SignupFormChange change) {
        FormsRepository.SignupForm form = get(actor, id);
        if (form.storeId() != null) {
            actor.requireStore(form.storeId());
        } else if (!actor.allStores()) {
            throw ProblemException.forbidden("Forms without a store need tenant-wide credentials.");
        }
        String title = change.title() == null ? form.title() : change.title().strip();
        String terms = change.terms() == null ? form.terms() : change.terms().strip();
        if (title.isEmpty() || terms.isEmpty()) {
            throw ProblemException.invalid(title.isEmpty() ? "title" : "terms", "must not be blank");
        }
        String email = change.marketingEmail() == null ? form.marketingEmail() : FormChecks.trim(change.marketingEmail());
        String sms = change.marketingSms() == null ? form.marketingSms() : FormChecks.trim(change.marketingSms());
        String club = change.club() == null ? form.club() : FormChecks.trim(change.club());
        boolean newWording = !terms.equals(form.terms()) || !java.util.Objects.equals(email, form.marketingEmail())
                || !java.util.Objects.equals(sms, form.marketingSms()) || !java.util.Objects.equals(club, form.club());
        repository.updateForm(actor.tenantId(), id, title, terms, email, sms, club, newWording);
        FormsRepository.SignupForm changed = get(actor, id);
        // the wording customers agreed to before stays provable from the audit log
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("wordingVersion", changed.wordingVersion());
        details.put("previousTerms", form.terms());
        details.put("previousMarketingEmail", form.marketingEmail());
        details.put("previousMarketingSms", form.marketingSms());
        details.put("previousClub", form.club());
        audit.record(actor, "signup_form.changed", "signup_form", id, details);
        return changed;
    }

    FormsRepository.SignupForm get(Actor actor, UUID id) {
        return repository.form(actor.tenantId(), id).filter(f -> f.storeId() == null || actor.canAccessStore(f.storeId()))
                .orElseThrow(() -> ProblemException.notFound("signup form", id));
    }

    List<FormsRepository.SignupForm> list(Actor actor) {
        return repository.forms(actor.tenantId()).stream()
                .filter(f -> f.storeId() == null || actor.canAccessStore(f.storeId())).toList();
    }

    /** The fields the answer gets wrong, with message keys; empty when it can be recorded. */
    Map<String, String> check(FormsRepository.SignupForm form, Answer answer) {
        Map<String, String> errors = new LinkedHashMap<>();
        String first = FormChecks.trim(answer.firstName());
        String last = FormChecks.trim(answer.lastName());
        if (first == null || first.length() > 100) {
            errors.put("firstName", first == null ? "form.error.firstName" : "form.error.tooLong");
        }
        if (last == null || last.length() > 100) {
            errors.put("lastName", last == null ? "form.error.lastName" : "form.error.tooLong");
        }
        if (!FormChecks.email(FormChecks.trim(answer.email()))) {
            errors.put("email", "form.error.email");
        }
        String phone = FormChecks.trim(answer.phone());
        String country = form.country() == null ? "DE" : form.country();
        if (phone != null && !FormChecks.phone(phone, country)) {
            errors.put("phone", "form.error.phone");
        }
        if (Boolean.TRUE.equals(answer.marketingSms()) && form.marketingSms() != null && phone == null) {
            errors.put("phone", "form.error.smsNeedsPhone");
        }
        String birthDate = FormChecks.trim(answer.birthDate());
        if (birthDate != null) {
            try {
                LocalDate date = LocalDate.parse(birthDate);
                if (date.getYear() < 1900 || date.isAfter(LocalDate.now(ZoneOffset.UTC))) {
                    errors.put("birthDate", "form.error.birthDate");
                }
            } catch (DateTimeParseException e) {
                errors.put("birthDate", "form.error.birthDate");
            }
        }
        if (!Boolean.TRUE.equals(answer.terms())) {
            errors.put("terms", "form.error.terms");
        }
        return errors;
    }

    /** One sign-up per form shown: its nonce names the event, so sending the form twice keeps one. */
    @Transactional
    void record(FormsRepository.SignupForm form, Answer answer, String nonce, String ip, String userAgent) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("ip", ip);
        if (userAgent != null) {
            evidence.put("userAgent", userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent);
        }
        record(form, answer, nonce, evidence);
    }

    /** As a customer's own sign-up, with other proof: the staff member who took it at the till. */
    @Transactional
    void record(FormsRepository.SignupForm form, Answer answer, String nonce, Map<String, String> proof) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ObjectNode identifiers = json.createObjectNode().put("email", answer.email().strip());
        if (FormChecks.trim(answer.phone()) != null) {
            identifiers.put("phone", answer.phone().strip());
        }
        ObjectNode properties = json.createObjectNode().put("program", form.program())
                .put("firstName", answer.firstName().strip()).put("lastName", answer.lastName().strip())
                .put("form", form.code()).put("wordingVersion", form.wordingVersion());
        if (FormChecks.trim(answer.birthDate()) != null) {
            properties.put("birthDate", answer.birthDate().strip());
        }
        ArrayNode consents = properties.putArray("consents");
        consents.add(json.createObjectNode().put("purpose", "terms").put("granted", true)
                .put("wordingVersion", form.wordingVersion()));
        if (form.marketingEmail() != null) {
            consents.add(json.createObjectNode().put("channel", "email").put("purpose", "marketing")
                    .put("granted", Boolean.TRUE.equals(answer.marketingEmail()))
                    .put("wordingVersion", form.wordingVersion()));
        }
        if (form.marketingSms() != null) {
            consents.add(json.createObjectNode().put("channel", "sms").put("purpose", "marketing")
                    .put("granted", Boolean.TRUE.equals(answer.marketingSms()))
                    .put("wordingVersion", form.wordingVersion()));
        }
        if (form.club() != null) {
            // the club's own messages, asked apart from marketing: by e-mail, and by SMS when a phone was given
            for (String channel : identifiers.has("phone") ? List.of("email", "sms") : List.of("email")) {
                consents.add(json.createObjectNode().put("channel", channel).put("purpose", "loyalty")
                        .put("granted", Boolean.TRUE.equals(answer.club()))
                        .put("wordingVersion", form.wordingVersion()));
            }
        }
        ObjectNode evidence = properties.putObject("evidence");
        proof.forEach(evidence::put);
        recorder.record(form.tenantId(), "form", List.of(new EventRecorder.NewEvent("signup-" + nonce,
                "loyalty.signup", now, form.storeId(), form.touchpointId(), identifiers.toString(),
                properties.toString())));
    }
}
