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
    private final Cache<UUID, Optional<Programme>> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(10)).build();

    ProgrammeStore(LoyaltyRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    Optional<Programme> find(UUID tenantId) {
        return cache.get(tenantId, t -> repository.programme(t).map(text -> json.readValue(text, Programme.class)));
    }

    Programme require(UUID tenantId) {
        return find(tenantId).orElseThrow(() -> new ProblemException(org.springframework.http.HttpStatus.NOT_FOUND,
                "loyalty-no-programme", "No loyalty programme", "This tenant has no loyalty programme yet; PUT"
                + " /api/v1/loyalty/program first.", java.util.List.of()));
    }

    Programme save(UUID tenantId, Programme programme) {
        programme.check();
        repository.saveProgramme(tenantId, programme.currency(), json.writeValueAsString(programme), Instant.now());
        cache.invalidate(tenantId);
        return programme;
    }
}
