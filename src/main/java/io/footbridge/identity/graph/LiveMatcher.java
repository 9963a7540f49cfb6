package io.footbridge.identity.graph;

import io.footbridge.identity.matching.ProbableMatch;
import io.footbridge.identity.matching.ProbableMatch.Traits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what people say about themselves (names, birth date, address) and finds, for a new person who shares
 * no identifier with anyone, the people they probably are. The weights come from EM over a sample of the tenant's
 * own people, estimated again as that sample grows.
 */
@Component
class LiveMatcher {

    private static final Logger log = LoggerFactory.getLogger(LiveMatcher.class);
    private static final int CANDIDATES = 200;
    private static final int SAMPLE = 20_000;

    /**
     * A person the new one probably is, by the best-scoring of their profiles; {@code evidence} what agreed and
     * what did not.
     */
    record Candidate(UUID profileId, UUID rootId, double probability, String heldApart, String evidence) {
    }

    /** A tenant's weights and how many people were added since they were estimated. */
    private record Fitted(ProbableMatch model, int sampleSize, int added) {
    }

    private final GraphRepository graph;
    private final IdentityProperties properties;
    private final Map<UUID, Fitted> models = new ConcurrentHashMap<>();

    LiveMatcher(GraphRepository graph, IdentityProperties properties) {
        this.graph = graph;
        this.properties = properties;
    }

    /** The traits in an event's properties, or null when it carries none. */
    static Traits traits(JsonNode properties) {
        Traits traits = Traits.of(text(properties, "firstName"), text(properties, "lastName"),
                text(properties, "birthDate"), text(properties, "street"), text(properties, "city"),
                text(properties, "postcode"));
        return traits.isEmpty() ? null : traits;
    }

    /** Adds what the event says to its profile's traits. */
    void remember(UUID tenantId, UUID profileId, Traits traits, Instant now) {
        if (graph.updateTraits(tenantId, profileId, traits, now) == 0) {
            graph.insertTraits(tenantId, profileId, traits, now);
            models.computeIfPresent(tenantId, (id, fitted) -> new Fitted(fitted.model(), fitted.sampleSize(),
                    fitted.added() + 1));
        }
    }

    /** People scoring at least the review threshold against this one, best first, one entry per person. */
    List<Candidate> candidates(UUID tenantId, UUID rootId, Traits traits) {
        if (!traits.matchable()) {
            return List.of();
        }
        List<GraphRepository.TraitRow> rows = graph.traitCandidates(tenantId, rootId, traits, CANDIDATES);
        if (rows.isEmpty()) {
            return List.of();
        }
        ProbableMatch model = model(tenantId);
        Map<UUID, Candidate> best = new LinkedHashMap<>();
        for (GraphRepository.TraitRow row : rows) {
            ProbableMatch.Score score = model.score(traits, row.traits());
            if (score.probability() < properties.probableReviewAbove()) {
                continue;
            }
            Candidate candidate = new Candidate(row.profileId(), row.rootId(), score.probability(), score.heldApart(),
                    ProbableMatch.describe(traits, row.traits()));
            best.merge(row.rootId(), candidate, (a, b) -> a.probability() >= b.probability() ? a : b);
        }
        List<Candidate> found = new ArrayList<>(best.values());
        found.sort(Comparator.comparingDouble(Candidate::probability).reversed());
        return found;
    }

    /** The tenant's weights, estimated again once its people have grown by a quarter since the last time. */
    private ProbableMatch model(UUID tenantId) {
        Fitted fitted = models.get(tenantId);
        if (fitted == null || fitted.added() >= Math.max(ProbableMatch.MIN_SAMPLE, fitted.sampleSize() / 4)) {
            List<Traits> sample = graph.traitSample(tenantId, SAMPLE);
            fitted = new Fitted(ProbableMatch.estimate(sample), sample.size(), 0);
            models.put(tenantId, fitted);
            if (sample.size() >= ProbableMatch.MIN_SAMPLE) {
                log.info("Tenant {}: matching weights estimated from {} people", tenantId, sample.size());
            }
        }
        return fitted.model();
    }

    private static String text(JsonNode properties, String name) {
        JsonNode value = properties.get(name);
        return value != null && value.isString() ? value.asString() : null;
    }
}
