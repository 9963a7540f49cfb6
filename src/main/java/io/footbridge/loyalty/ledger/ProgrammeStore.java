package io.footbridge.loyalty.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps each tenant's programme, parsed; read on every sale and look-up, so it is cached briefly (a change shows
 * on other nodes within the cache's lifetime, at once on this one).
 */
@Component
class ProgrammeStore {

    private final LoyaltyRepository repository;
    private final JsonMapper json;
    private final jakarta.validation.Validator validator;
    private final io.footbridge.offers.Offers offers;
    private final Cache<UUID, Optional<Programme>> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(10)).build();

    ProgrammeStore(LoyaltyRepository repository, JsonMapper json, jakarta.validation.Validator validator,
                   io.footbridge.offers.Offers offers) {
        this.offers = offers;
        this.repository = repository;
        this.json = json;
        this.validator = validator;
    }

    Optional<Programme> find(UUID tenantId) {
        return cache.get(tenantId, t -> repository.programme(t).map(text -> json.readValue(text, Programme.class)));
    }

    Programme require(UUID tenantId) {
        return find(tenantId).orElseThrow(() -> new ProblemException(org.springframework.http.HttpStatus.NOT_FOUND,
                "loyalty-no-programme", "No loyalty programme", "This tenant has no loyalty programme yet; PUT"
                + " /api/v1/loyalty/program first.", java.util.List.of()));
    }

    /** The programme from JSON text as a form sends it, checked as the API checks its body. */
    Programme parse(String text) {
        Programme programme;
        try {
            programme = json.readValue(text == null ? "" : text, Programme.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw ProblemException.invalid("programme", "is not a programme in JSON: " + e.getOriginalMessage());
        }
        if (programme == null) {
            throw ProblemException.invalid("programme", "is empty");
        }
        var violations = validator.validate(programme);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations.stream().map(v -> new io.footbridge.platform.FieldError(
                    v.getPropertyPath().toString(), v.getMessage())).sorted(java.util.Comparator.comparing(
                    io.footbridge.platform.FieldError::field)).toList());
        }
        return programme;
    }

    String pretty(Programme programme) {
        return json.rebuild().enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(programme);
    }

    Programme save(UUID tenantId, Programme programme) {
        programme.check();
        for (int i = 0; i < programme.rewards().size(); i++) {
            UUID offer = programme.rewards().get(i).offer();
            if (offer != null && offers.find(tenantId, offer).filter(o -> !o.archived()).isEmpty()) {
                throw ProblemException.invalid("rewards[" + i + "].offer", "is not an offer of this tenant");
            }
        }
        repository.saveProgramme(tenantId, programme.currency(), json.writeValueAsString(programme), Instant.now());
        cache.invalidate(tenantId);
        return programme;
    }
}
