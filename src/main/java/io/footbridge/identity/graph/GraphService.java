package io.footbridge.identity.graph;

import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.identity.matching.ProbableMatch;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads the graph for other modules and carries out what staff decide: merges, splits, reviews, denied values. */
@Service
class GraphService implements IdentityGraph {

    /** Below this Jaro-Winkler similarity a name is another name, not a spelling of it. */
    private static final double NAME_SIMILARITY = 0.85;
    private static final int NAME_CANDIDATES = 2_000;

    private final GraphRepository graph;
    private final Merges merges;
    private final IdentifierNormaliser normaliser;
    private final AuditLog audit;
    private final Tombstones tombstones;

    GraphService(GraphRepository graph, Merges merges, IdentifierNormaliser normaliser, AuditLog audit,
                 Tombstones tombstones) {
        this.tombstones = tombstones;
        this.graph = graph;
        this.merges = merges;
        this.normaliser = normaliser;
        this.audit = audit;
    }

    @Override
    public Optional<ProfileRef> find(UUID tenantId, UUID profileId) {
        return graph.profile(tenantId, profileId);
    }

    @Override
    public List<LinkedIdentifier> identifiers(UUID tenantId, UUID rootId) {
        return graph.identifiersOf(tenantId, rootId);
    }

    @Override
    public List<EventRef> events(UUID tenantId, UUID rootId, EventRef before, int limit) {
        return before == null ? graph.events(tenantId, rootId, Instant.parse("9999-12-31T00:00:00Z"), Long.MAX_VALUE, limit)
                : graph.events(tenantId, rootId, before.occurredAt(), before.sequence(), limit);
    }

    @Override
    public List<NameMatch> findByName(UUID tenantId, String name, int limit) {
        List<String> keys = ProbableMatch.nameKeys(name);
        if (keys.isEmpty()) {
            return List.of();
        }
        java.util.Map<UUID, Double> best = new java.util.HashMap<>();
        for (GraphRepository.TraitRow row : graph.traitsByNameKeys(tenantId, keys, NAME_CANDIDATES)) {
            double similarity = ProbableMatch.nameSimilarity(name, row.traits().firstName(), row.traits().lastName());
            if (similarity >= NAME_SIMILARITY) {
                best.merge(row.rootId(), similarity, Math::max);
            }
        }
        return best.entrySet().stream()
                .sorted(java.util.Map.Entry.<UUID, Double>comparingByValue().reversed()
                        .thenComparing(entry -> entry.getKey().toString()))
                .limit(limit).map(entry -> new NameMatch(entry.getKey(), entry.getValue())).toList();
    }

    @Override
    public List<UUID> profileIds(UUID tenantId, UUID rootId) {
        return graph.treeIds(tenantId, rootId);
    }

    @Override
    public Optional<PersonalData.Person> person(UUID tenantId, UUID profileId, boolean hold) {
        if (hold) {
            graph.lockCursor();
        }
        return graph.profile(tenantId, profileId).map(profile -> {
            UUID root = profile.rootId();
            List<PersonalData.Identifier> identifiers = graph.identifiersOf(tenantId, root).stream()
                    .map(i -> new PersonalData.Identifier(i.type().key(), i.value(), i.original())).toList();
            List<Long> events = new java.util.ArrayList<>();
            EventRef before = null;
            while (true) {
                List<EventRef> page = events(tenantId, root, before, 10_000);
                page.forEach(e -> events.add(e.sequence()));
                if (page.size() < 10_000) {
                    break;
                }
                before = page.get(page.size() - 1);
            }
            return new PersonalData.Person(tenantId, root, new java.util.LinkedHashSet<>(graph.treeIds(tenantId, root)),
                    identifiers, events);
        });
    }

    @Override
    public boolean erased(UUID tenantId, IdentifierType type, String value) {
        return tombstones.erased(tenantId, type, value);
    }

    @Override
    public Optional<UUID> findByIdentifier(UUID tenantId, IdentifierType type, String value) {
        return graph.rootOf(tenantId, type, value);
    }

    @Override
    @Transactional(readOnly = true)
    public List<UUID> bornOn(UUID tenantId, java.time.MonthDay day, UUID after, int limit) {
        return graph.bornOn(tenantId, day, after, limit);
    }

    List<GraphRepository.Merge> merges(Actor actor, UUID profileId) {
        ProfileRef profile = existing(actor, profileId);
        return graph.mergesOfTree(actor.tenantId(), profile.rootId());
    }

    /** Staff join two people: the one first seen survives. */
    @Transactional
    GraphRepository.Merge merge(Actor actor, UUID profileId, UUID otherId) {
        graph.lockCursor();
        ProfileRef a = existing(actor, profileId);
        ProfileRef b = existing(actor, otherId);
        if (a.rootId().equals(b.rootId())) {
            throw ProblemException.conflict("already-merged", "The two profiles are one person already.");
        }
        ProfileRef rootA = graph.profile(actor.tenantId(), a.rootId()).orElseThrow();
        ProfileRef rootB = graph.profile(actor.tenantId(), b.rootId()).orElseThrow();
        boolean aFirst = rootA.anchorAt().isBefore(rootB.anchorAt())
                || rootA.anchorAt().equals(rootB.anchorAt()) && rootA.id().compareTo(rootB.id()) < 0;
        ProfileRef survivor = aFirst ? rootA : rootB;
        ProfileRef joining = aFirst ? rootB : rootA;
        Instant now = Instant.now();
        UUID id = merges.merge(actor.tenantId(), joining.id(), survivor.id(), survivor.id(), "manual",
                Merges.Link.NONE, actor.label(), now);
        audit.record(actor, "profile.merged", "profile", survivor.id(), Map.of("merged", joining.id(), "merge", id));
        return graph.merge(actor.tenantId(), id).orElseThrow();
    }

    @Transactional
    GraphRepository.Merge undo(Actor actor, UUID mergeId) {
        graph.lockCursor();
        GraphRepository.Merge merge = graph.merge(actor.tenantId(), mergeId)
                .orElseThrow(() -> ProblemException.notFound("merge", mergeId));
        if (merge.undoneAt() != null) {
            throw ProblemException.conflict("merge-undone", "This merge was undone already.");
        }
        merges.undo(merge, actor.label(), "by staff", Instant.now());
        audit.record(actor, "profile.unmerged", "profile", merge.fromProfileId(), Map.of("merge", mergeId));
        return graph.merge(actor.tenantId(), mergeId).orElseThrow();
    }

    List<GraphRepository.Review> reviews(Actor actor, String status, Instant before, int limit) {
        return graph.reviews(actor.tenantId(), status, before == null ? Instant.parse("9999-12-31T00:00:00Z") : before,
                limit);
    }

    @Transactional
    GraphRepository.Review decide(Actor actor, UUID reviewId, String decision) {
        graph.lockCursor();
        GraphRepository.Review review = graph.review(actor.tenantId(), reviewId)
                .orElseThrow(() -> ProblemException.notFound("review", reviewId));
        if (!review.status().equals("open")) {
            throw ProblemException.conflict("review-decided", "This review item was decided already ("
                    + review.status() + ").");
        }
        switch (decision) {
            case "merge" -> {
                ProfileRef a = existing(actor, review.profileA());
                ProfileRef b = existing(actor, review.profileB());
                if (!a.rootId().equals(b.rootId())) {
                    merge(actor, a.id(), b.id());
                }
                graph.decideReview(reviewId, "merged", actor.label(), Instant.now());
            }
            case "dismiss" -> graph.decideReview(reviewId, "dismissed", actor.label(), Instant.now());
            default -> throw ProblemException.invalid("decision", "must be merge or dismiss");
        }
        audit.record(actor, "identity.review." + decision, "review", reviewId, Map.of());
        return graph.review(actor.tenantId(), reviewId).orElseThrow();
    }

    List<GraphRepository.Denied> denied(Actor actor) {
        return graph.deniedList(actor.tenantId());
    }

    /** A value staff know to be no one's (the store's phone, a placeholder email): it stops linking at once. */
    @Transactional
    GraphRepository.Denied deny(Actor actor, String typeKey, String raw) {
        graph.lockCursor();
        IdentifierType type = IdentifierType.ofKey(typeKey).filter(IdentifierType::linking).orElseThrow(() ->
                ProblemException.invalid("type", "must be one of email, phone, loyaltyId, deviceId, anonymousId"));
        Normalised value = normaliser.normalise(type, raw, null);
        if (!value.usable()) {
            throw ProblemException.invalid("value", value.problem());
        }
        Instant now = Instant.now();
        if (graph.insertDenied(actor.tenantId(), type, value.value(), "listed", now)) {
            for (GraphRepository.Merge merge : graph.mergesVia(actor.tenantId(), type, value.value())) {
                merges.undo(merge, actor.label(), "denied " + type.key(), now);
            }
            graph.dismissReviewsVia(actor.tenantId(), type, value.value(), now);
            audit.record(actor, "identity.denied", "identifier", type.key(), Map.of());
        }
        return graph.deniedList(actor.tenantId()).stream()
                .filter(d -> d.type() == type && d.value().equals(value.value())).findFirst().orElseThrow();
    }

    @Transactional
    void allow(Actor actor, String typeKey, String raw) {
        IdentifierType type = IdentifierType.ofKey(typeKey).orElseThrow(() ->
                ProblemException.invalid("type", "is not an identifier type"));
        Normalised value = normaliser.normalise(type, raw, null);
        String stored = value.usable() ? value.value() : raw;
        if (!graph.deleteDenied(actor.tenantId(), type, stored)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
                    "This value is not on the denied list.", List.of());
        }
        audit.record(actor, "identity.allowed", "identifier", type.key(), Map.of());
    }

    private ProfileRef existing(Actor actor, UUID id) {
        return graph.profile(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("profile", id));
    }
}
