package io.footbridge.identity.graph;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.ProfileMerged;
import io.footbridge.identity.ProfileSplit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Joins two people into one and splits them again, recording both; callers hold the graph lock. */
@Component
class Merges {

    /** What joined two profiles: the event's identifier each side held. */
    record Link(IdentifierType type, String value, IdentifierType otherType, String otherValue, Long eventSeq) {

        static final Link NONE = new Link(null, null, null, null, null);
    }

    private final GraphRepository graph;
    private final ApplicationEventPublisher events;

    Merges(GraphRepository graph, ApplicationEventPublisher events) {
        this.graph = graph;
        this.events = events;
    }

    /** Puts the person rooted at {@code fromRootId} under {@code intoProfileId} (a profile of the other person). */
    UUID merge(UUID tenantId, UUID fromRootId, UUID intoProfileId, UUID intoRootId, String reason, Link link,
               String actor, Instant now) {
        return merge(tenantId, fromRootId, intoProfileId, intoRootId, reason, link, actor, null, now);
    }

    /** @param evidence why, in words for staff: what was shared or what agreed, and what was checked against it */
    UUID merge(UUID tenantId, UUID fromRootId, UUID intoProfileId, UUID intoRootId, String reason, Link link,
               String actor, String evidence, Instant now) {
        UUID id = UUID.randomUUID();
        graph.mergeInto(fromRootId, intoProfileId, intoRootId, now);
        graph.insertMerge(new GraphRepository.Merge(id, tenantId, fromRootId, intoProfileId, reason,
                link.type() == null ? null : link.type().key(), link.value(),
                link.otherType() == null ? null : link.otherType().key(), link.otherValue(), link.eventSeq(),
                actor, now, null, null, null,
                evidence == null || evidence.length() <= 500 ? evidence : evidence.substring(0, 500)));
        events.publishEvent(new ProfileMerged(tenantId, id, fromRootId, intoRootId, reason));
        return id;
    }

    /**
     * Events of a person were taken from them without a merge to undo (they came through a value found shared):
     * told as a split of no merge, so that what counts the person's events counts again.
     */
    void released(UUID tenantId, UUID profileId, UUID rootId, String why) {
        events.publishEvent(new ProfileSplit(tenantId, null, profileId, rootId, why));
    }

    /**
     * Undoes a merge: the merged profile, and every profile that came in through it, become a person of their own
     * again, and their events and identifiers go with them.
     */
    void undo(GraphRepository.Merge merge, String actor, String why, Instant now) {
        GraphRepository.Node from = graph.node(merge.tenantId(), merge.fromProfileId()).orElseThrow();
        UUID formerRoot = from.rootId();
        graph.detach(from.id(), now);
        Map<UUID, UUID> parent = new HashMap<>();
        for (GraphRepository.Node node : graph.tree(formerRoot)) {
            parent.put(node.id(), node.id().equals(from.id()) ? null : node.mergedInto());
        }
        List<UUID> moved = new ArrayList<>();
        for (UUID id : parent.keySet()) {
            UUID top = id;
            while (parent.get(top) != null && parent.containsKey(parent.get(top))) {
                top = parent.get(top);
            }
            if (top.equals(from.id())) {
                moved.add(id);
            }
        }
        graph.setRoot(moved, from.id(), now);
        graph.markUndone(merge.id(), actor, why, now);
        events.publishEvent(new ProfileSplit(merge.tenantId(), merge.id(), from.id(), formerRoot, why));
    }
}
