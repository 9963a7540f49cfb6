package io.footbridge.platform.brand;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.Brand;
import io.footbridge.platform.BrandKit;
import io.footbridge.platform.Brands;
import io.footbridge.platform.RequestChecks;
import jakarta.validation.Validator;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Tenants;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

@Service
class BrandService implements Brands, BrandKit {

    static final String PRIMARY = "#1a56db";
    static final String BACKGROUND = "#ffffff";
    static final String TEXT = "#1a1a1a";
    /** WCAG AA for body text, and for large text and interface parts. */
    private static final double TEXT_CONTRAST = 4.5;
    private static final double UI_CONTRAST = 3.0;

    private final BrandRepository repository;
    private final Tenants tenants;
    private final AuditLog audit;
    // every hosted page asks; a change shows on other nodes within the expiry
    private final Cache<UUID, Brand> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30)).build();

    private final Validator validator;

    BrandService(BrandRepository repository, Tenants tenants, AuditLog audit, Validator validator) {
        this.repository = repository;
        this.tenants = tenants;
        this.audit = audit;
        this.validator = validator;
    }

    @Override
    public Brand of(UUID tenantId) {
        return cache.get(tenantId, this::load);
    }

    @Override
    public BrandKit.Draft draft(Actor actor, BrandKit.BrandForm form) {
        BrandRequest request = RequestChecks.valid(validator, request(form));
        String primary = lower(request.primaryColor(), PRIMARY);
        String background = lower(request.backgroundColor(), BACKGROUND);
        String text = lower(request.textColor(), TEXT);
        Brand brand = new Brand(actor.tenantId(), request.name().strip(), request.logoUrl(), primary,
                Colours.textOn(primary), background, text, request.language() == null ? "en" : request.language(),
                request.privacyUrl());
        return new BrandKit.Draft(brand, List.of(
                new BrandKit.Contrast("buttonText", Colours.contrast(brand.onPrimary(), primary), TEXT_CONTRAST,
                        false),
                new BrandKit.Contrast("bodyText", Colours.contrast(text, background), TEXT_CONTRAST, true),
                new BrandKit.Contrast("buttons", Colours.contrast(primary, background), UI_CONTRAST, true),
                // links are text in the primary colour: AA asks 4.5:1, the API holds buttons only to 3:1
                new BrandKit.Contrast("links", Colours.contrast(primary, background), TEXT_CONTRAST, false)));
    }

    @Override
    public Brand save(Actor actor, BrandKit.BrandForm form) {
        actor.requireTenantAdmin();
        return put(actor, RequestChecks.valid(validator, request(form)));
    }

    private static BrandRequest request(BrandKit.BrandForm form) {
        return new BrandRequest(form.name(), blankToNull(form.logoUrl()), blankToNull(form.primaryColor()),
                blankToNull(form.backgroundColor()), blankToNull(form.textColor()), blankToNull(form.language()),
                blankToNull(form.privacyUrl()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    @Transactional
    Brand put(Actor actor, BrandRequest request) {
        String primary = lower(request.primaryColor(), PRIMARY);
        String background = lower(request.backgroundColor(), BACKGROUND);
        String text = lower(request.textColor(), TEXT);
        double textContrast = Colours.contrast(text, background);
        if (textContrast < TEXT_CONTRAST) {
            throw ProblemException.invalid("textColor", String.format(Locale.ROOT, "contrast with backgroundColor is"
                    + " %.1f:1; readable text needs at least 4.5:1", textContrast));
        }
        double primaryContrast = Colours.contrast(primary, background);
        if (primaryContrast < UI_CONTRAST) {
            throw ProblemException.invalid("primaryColor", String.format(Locale.ROOT, "contrast with"
                    + " backgroundColor is %.1f:1; buttons and links need at least 3:1", primaryContrast));
        }
        BrandRepository.Stored stored = new BrandRepository.Stored(request.name().strip(), request.logoUrl(), primary,
                background, text, request.language() == null ? "en" : request.language(), request.privacyUrl());
        if (repository.update(actor.tenantId(), stored) == 0) {
            repository.insert(actor.tenantId(), stored);
        }
        cache.invalidate(actor.tenantId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", stored.name());
        details.put("primaryColor", primary);
        details.put("language", stored.language());
        audit.record(actor, "brand.updated", "tenant", actor.tenantId(), details);
        return of(actor.tenantId());
    }

    private Brand load(UUID tenantId) {
        return repository.find(tenantId)
                .map(b -> new Brand(tenantId, b.name(), b.logoUrl(), b.primaryColor(), Colours.textOn(b.primaryColor()),
                        b.backgroundColor(), b.textColor(), b.language(), b.privacyUrl()))
                .orElseGet(() -> new Brand(tenantId, tenants.find(tenantId).map(Tenants.TenantRef::name).orElse(""),
                        null, PRIMARY, Colours.textOn(PRIMARY), BACKGROUND, TEXT, "en", null));
    }

    private static String lower(String colour, String fallback) {
        return colour == null ? fallback : colour.toLowerCase(Locale.ROOT);
    }
}
