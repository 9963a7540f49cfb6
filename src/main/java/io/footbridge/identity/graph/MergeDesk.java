package io.footbridge.identity.graph;

import io.footbridge.identity.ProfileMerges;
import io.footbridge.platform.Actor;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The identity API's merge and review operations, for other modules' staff pages. */
@Component
class MergeDesk implements ProfileMerges {

    private final GraphService service;

    MergeDesk(GraphService service) {
        this.service = service;
    }

    @Override
    public List<Merge> merges(Actor actor, UUID profileId) {
        return service.merges(actor, profileId).stream().map(MergeDesk::merge).toList();
    }

    @Override
    public Merge merge(Actor actor, UUID profileId, UUID otherProfileId) {
        return merge(service.merge(actor, profileId, otherProfileId));
    }

    @Override
    public Merge undo(Actor actor, UUID mergeId) {
        return merge(service.undo(actor, mergeId));
    }

    @Override
    public List<Review> reviews(Actor actor, String status, Instant before, int limit) {
        return service.reviews(actor, status, before, limit).stream().map(MergeDesk::review).toList();
    }

    @Override
    public Review decide(Actor actor, UUID reviewId, String decision) {
        return review(service.decide(actor, reviewId, decision));
    }

    private static Merge merge(GraphRepository.Merge m) {
        return new Merge(m.id(), m.fromProfileId(), m.intoProfileId(), m.reason(), m.identifierType(), m.actor(),
                m.mergedAt(), m.undoneAt(), m.undoneBy(), m.evidence());
    }

    private static Review review(GraphRepository.Review r) {
        return new Review(r.id(), r.profileA(), r.profileB(), r.reason(), r.detail(), r.identifierType(), r.status(),
                r.createdAt(), r.decidedAt(), r.decidedBy());
    }
}
