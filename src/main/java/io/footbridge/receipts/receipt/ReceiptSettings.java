package io.footbridge.receipts.receipt;

import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptSurveys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The marketer's receipt settings: tenant-wide, and optionally one store's own, which replaces the tenant's for that
 * store. Every reference is checked when it is saved (the offer may be issued through receipts, the survey exists);
 * they are checked again when a receipt is shown, as an offer can end and a survey be archived later.
 */
@Service
class ReceiptSettings {

    private final SettingsRepository repository;
    private final Stores stores;
    private final Offers offers;
    private final ObjectProvider<ReceiptSurveys> surveys;
    private final AuditLog audit;
    private final JsonMapper json;

    ReceiptSettings(SettingsRepository repository, Stores stores, Offers offers, ObjectProvider<ReceiptSurveys> surveys,
                    AuditLog audit, JsonMapper json) {
        this.repository = repository;
        this.stores = stores;
        this.offers = offers;
        this.surveys = surveys;
        this.audit = audit;
        this.json = json;
    }

    /** The settings that apply to a store's receipts. */
    Settings effective(UUID tenantId, UUID storeId) {
        List<SettingsRepository.Stored> found = repository.effective(tenantId, storeId);
        return found.isEmpty() ? Settings.DEFAULT : json.readValue(found.get(0).json(), Settings.class);
    }

    Settings.View get(Actor actor, String storeCode) {
        StoreRef store = store(actor, storeCode, false);
        Optional<SettingsRepository.Stored> own = repository.find(actor.tenantId(), scope(store));
        Optional<SettingsRepository.Stored> shown = own.isPresent() || store == null ? own
                : repository.find(actor.tenantId(), SettingsRepository.TENANT);
        Settings settings = shown.map(s -> json.readValue(s.json(), Settings.class)).orElse(Settings.DEFAULT);
        return view(store, store != null && own.isEmpty(), shown.map(SettingsRepository.Stored::updatedAt).orElse(null),
                settings);
    }

    @Transactional
    Settings.View put(Actor actor, String storeCode, Settings settings) {
        StoreRef store = store(actor, storeCode, true);
        check(actor.tenantId(), settings);
        Settings normal = normalise(settings);
        String text = json.writeValueAsString(normal);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String scope = scope(store);
        if (repository.update(actor.tenantId(), scope, text, now) == 0
                && repository.insert(actor.tenantId(), scope, text, now) == 0) {
            repository.update(actor.tenantId(), scope, text, now); // a racing first save won; ours is the newer
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", store == null ? null : store.code());
        details.put("enabled", normal.on());
        details.put("ctas", ctaNames(normal));
        audit.record(actor, "receipts.settings_changed", "receipt_settings", store == null ? "tenant" : store.code(),
                details);
        return view(store, false, now, normal);
    }

    /** A store goes back to the tenant's settings. */
    @Transactional
    void delete(Actor actor, String storeCode) {
        if (storeCode == null) {
            throw ProblemException.invalid("store", "name the store whose own settings to remove; the tenant's"
                    + " settings are replaced with PUT");
        }
        StoreRef store = store(actor, storeCode, true);
        if (repository.delete(actor.tenantId(), scope(store)) > 0) {
            audit.record(actor, "receipts.settings_removed", "receipt_settings", store.code(), Map.of());
        }
    }

    private StoreRef store(Actor actor, String code, boolean writing) {
        if (code == null) {
            if (writing && !actor.allStores()) {
                throw ProblemException.forbidden("The tenant's receipt settings need tenant-wide credentials; name"
                        + " your store with ?store= to set its own.");
            }
            return null;
        }
        StoreRef store = stores.requireByCode(actor.tenantId(), code);
        actor.requireStore(store.id());
        return store;
    }

    private static String scope(StoreRef store) {
        return store == null ? SettingsRepository.TENANT : store.id().toString();
    }

    /** Every reference and address, reported together with its field. */
    void check(UUID tenantId, Settings s) {
        List<FieldError> errors = new ArrayList<>();
        if (s.shopOnline() != null && s.shopOnline().enabled()) {
            if (s.shopOnline().url() != null) {
                url(s.shopOnline().url(), "shopOnline.url", errors);
            }
            if (s.shopOnline().categoryUrls() != null) {
                s.shopOnline().categoryUrls().forEach((category, url) -> {
                    if (category.isBlank()) {
                        errors.add(new FieldError("shopOnline.categoryUrls", "a category name is empty"));
                    }
                    url(url, "shopOnline.categoryUrls." + category, errors);
                });
            }
        }
        if (s.reward() != null && s.reward().enabled()) {
            if (s.reward().offerId() == null) {
                errors.add(new FieldError("reward.offerId", "is required when the reward is enabled"));
            } else {
                Optional<OfferSummary> offer = offers.find(tenantId, s.reward().offerId());
                if (offer.isEmpty()) {
                    errors.add(new FieldError("reward.offerId", "is not an offer of this tenant"));
                } else if (offer.get().archived()) {
                    errors.add(new FieldError("reward.offerId", "is archived"));
                } else if (!offer.get().active(Instant.now())) {
                    errors.add(new FieldError("reward.offerId", "has ended"));
                } else if (!offer.get().channels().isEmpty() && !offer.get().channels().contains("receipt")) {
                    errors.add(new FieldError("reward.offerId", "may not be issued through receipts (its channels"
                            + " are " + String.join(", ", offer.get().channels()) + ")"));
                }
            }
        }
        if (s.survey() != null && s.survey().enabled()) {
            if (s.survey().surveyId() == null) {
                errors.add(new FieldError("survey.surveyId", "is required when the survey is enabled"));
            } else {
                ReceiptSurveys linked = surveys.getIfAvailable();
                Optional<String> problem = linked == null ? Optional.of("surveys are not available")
                        : linked.problem(tenantId, s.survey().surveyId());
                problem.ifPresent(p -> errors.add(new FieldError("survey.surveyId", p)));
            }
        }
        if (s.joinClub() != null && s.joinClub().enabled()) {
            if (s.joinClub().url() == null) {
                errors.add(new FieldError("joinClub.url", "is required when joining the club is offered"));
            } else {
                url(s.joinClub().url(), "joinClub.url", errors);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void url(String url, String field, List<FieldError> errors) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                errors.add(new FieldError(field, "must be an absolute http(s) URL"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be an absolute http(s) URL"));
        }
    }

    private static Settings normalise(Settings s) {
        String footer = s.footer() == null || s.footer().isBlank() ? null : s.footer().strip();
        Settings.ShopOnline shop = s.shopOnline() == null ? null : new Settings.ShopOnline(s.shopOnline().enabled(),
                s.shopOnline().url() == null ? null : s.shopOnline().url().strip(),
                s.shopOnline().categoryUrls() == null ? null : Map.copyOf(s.shopOnline().categoryUrls()));
        Settings.JoinClub club = s.joinClub() == null ? null : new Settings.JoinClub(s.joinClub().enabled(),
                s.joinClub().url() == null ? null : s.joinClub().url().strip());
        return new Settings(s.on(), shop, s.reward(), s.survey(), club, footer);
    }

    private static List<String> ctaNames(Settings s) {
        List<String> names = new ArrayList<>();
        if (s.shop()) {
            names.add(Ctas.SHOP);
        }
        if (s.rewards()) {
            names.add(Ctas.REWARD);
        }
        if (s.surveys()) {
            names.add(Ctas.SURVEY);
        }
        if (s.club()) {
            names.add(Ctas.CLUB);
        }
        return names;
    }

    private static Settings.View view(StoreRef store, boolean inherited, Instant updatedAt, Settings s) {
        return new Settings.View(store == null ? null : store.code(), inherited, updatedAt, s.on(), s.shopOnline(),
                s.reward(), s.survey(), s.joinClub(), s.footer());
    }
}
