package io.footbridge.consent.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentSettings;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RequestChecks;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@link ConsentSettings} on the service behind the consent API, with the API's checks. */
@Service
class ConsentSettingsService implements ConsentSettings {

    private final ConsentService consents;
    private final LedgerRepository repository;
    private final Validator validator;

    ConsentSettingsService(ConsentService consents, LedgerRepository repository, Validator validator) {
        this.consents = consents;
        this.repository = repository;
        this.validator = validator;
    }

    @Override
    public List<Wording> wordings(Actor actor, int limit, int offset) {
        return repository.wordings(actor.tenantId(), limit, offset).stream().map(ConsentSettingsService::view)
                .toList();
    }

    @Override
    public Wording register(Actor actor, WordingForm form) {
        String version = blankToNull(form.version());
        if (version == null) {
            throw ProblemException.invalid("version", "must be 1 to 64 characters");
        }
        ConsentService.WordingRequest request = RequestChecks.valid(validator, new ConsentService.WordingRequest(
                form.text() == null ? null : form.text().strip(), blankToNull(form.language()),
                channel(form.channel()), purpose(form.purpose()), upper(form.country())));
        return view(consents.register(actor, version, request).wording());
    }

    @Override
    public PolicyForm policy(Actor actor) {
        return form(consents.policy(actor));
    }

    @Override
    public PolicyForm setPolicy(Actor actor, PolicyForm form) {
        boolean quiet = blankToNull(form.quietStart()) != null || blankToNull(form.quietEnd()) != null;
        boolean cap = form.capMessages() != null || form.capDays() != null;
        ConsentService.PolicyView request = RequestChecks.valid(validator, new ConsentService.PolicyView(
                form.doubleOptInEmail(), quiet ? new ConsentService.QuietHours(blankToNull(form.quietStart()),
                blankToNull(form.quietEnd())) : null, blankToNull(form.timeZone()),
                cap ? new ConsentService.FrequencyCap(form.capMessages(), form.capDays()) : null));
        return form(consents.setPolicy(actor, request));
    }

    private static PolicyForm form(ConsentService.PolicyView view) {
        return new PolicyForm(view.doubleOptInEmail(), view.quietHours() == null ? null : view.quietHours().start(),
                view.quietHours() == null ? null : view.quietHours().end(), view.timeZone(),
                view.frequencyCap() == null ? null : view.frequencyCap().messages(),
                view.frequencyCap() == null ? null : view.frequencyCap().days());
    }

    private static Wording view(LedgerRepository.Wording w) {
        return new Wording(w.version(), w.country(), w.language(), w.channel(), w.purpose(), w.text(),
                w.createdAt());
    }

    private static Channel channel(String value) {
        return blankToNull(value) == null ? null : Arrays.stream(Channel.values())
                .filter(c -> c.value().equals(value.strip())).findFirst()
                .orElseThrow(() -> ProblemException.invalid("channel", "is not a channel"));
    }

    private static Purpose purpose(String value) {
        return blankToNull(value) == null ? null : Arrays.stream(Purpose.values())
                .filter(p -> p.value().equals(value.strip())).findFirst()
                .orElseThrow(() -> ProblemException.invalid("purpose", "is not a purpose"));
    }

    private static String upper(String text) {
        return blankToNull(text) == null ? null : text.strip().toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
