package io.footbridge.identity.graph;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.identity.matching.ProbableMatch.Traits;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Repository
class GraphRepository {

    /** An identifier as stored, with the person (root) it belongs to now. */
    record Known(IdentifierType type, String value, UUID homeId, UUID rootId, Instant rootAnchor, int refusals) {
    }

    record Node(UUID id, UUID rootId, UUID mergedInto, Instant anchorAt) {
    }

    record Merge(UUID id, UUID tenantId, UUID fromProfileId, UUID intoProfileId, String reason,
                 String identifierType, String identifierValue, String otherType, String otherValue, Long eventSeq,
                 String actor, Instant mergedAt, Instant undoneAt, String undoneBy, String undoReason,
                 String evidence) {
    }

    record Review(UUID id, UUID profileA, UUID profileB, String reason, String detail, String identifierType,
                  Long eventSeq, String status, Instant createdAt, Instant decidedAt, String decidedBy) {
    }

    private final JdbcClient jdbc;

    GraphRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Holds the graph for this transaction: one writer at a time, across nodes. */
    long lockCursor() {
        return jdbc.sql("SELECT position FROM identity_cursor WHERE name = 'capture' FOR UPDATE")
                .query(Long.class).single();
    }

    long processedCount(long from, long to) {
        return jdbc.sql("SELECT COUNT(*) FROM identity_event WHERE seq BETWEEN :from AND :to")
                .param("from", from).param("to", to).query(Long.class).single();
    }

    Set<Long> processed(long from, long to) {
        return new HashSet<>(jdbc.sql("SELECT seq FROM identity_event WHERE seq BETWEEN :from AND :to")
                .param("from", from).param("to", to).query(Long.class).list());
    }

    /**
     * The stored ones among these identifiers. The type is part of the condition so that the key (tenant, type,
     * value) is used for every probe rather than scanned across types; a value under another type is dropped by
     * the caller.
     */
    List<Known> findIdentifiers(UUID tenantId, Collection<Normalised> identifiers) {
        return jdbc.sql("""
                        SELECT i.type, i.id_value, i.profile_id, p.root_id, r.anchor_at, i.refusals
                        FROM profile_identifier i
                        JOIN profile p ON p.id = i.profile_id
                        JOIN profile r ON r.id = p.root_id
                        WHERE i.tenant_id = :tenantId AND i.type IN (:types) AND i.id_value IN (:values)
                        """)
                .param("tenantId", tenantId).param("types", types(identifiers)).param("values", values(identifiers))
                .query((rs, n) -> new Known(type(rs.getString(1)), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), instant(rs, 5), rs.getInt(6)))
                .list();
    }

    /** The denied values among these, as {@code type:value}. */
    Set<String> denied(UUID tenantId, Collection<Normalised> identifiers) {
        return new HashSet<>(jdbc.sql("""
                        SELECT type, id_value FROM identity_denied
                        WHERE tenant_id = :tenantId AND type IN (:types) AND id_value IN (:values)
                        """)
                .param("tenantId", tenantId).param("types", types(identifiers)).param("values", values(identifiers))
                .query((rs, n) -> rs.getString(1) + ":" + rs.getString(2)).list());
    }

    /** Why each of these values is denied ({@code shared}, {@code over_shared}, {@code listed}), by {@code type:value}. */
    Map<String, String> deniedWhy(UUID tenantId, Collection<Normalised> identifiers) {
        Map<String, String> why = new HashMap<>();
        jdbc.sql("""
                        SELECT type, id_value, reason FROM identity_denied
                        WHERE tenant_id = :tenantId AND type IN (:types) AND id_value IN (:values)
                        """)
                .param("tenantId", tenantId).param("types", types(identifiers)).param("values", values(identifiers))
                .query((rs, n) -> why.put(rs.getString(1) + ":" + rs.getString(2), rs.getString(3))).list();
        return why;
    }

    /** The profiles that came with a value found shared: the one holding it and those that brought it since. */
    List<UUID> sharedHolders(UUID tenantId, IdentifierType type, String value) {
        return jdbc.sql("""
                        SELECT profile_id FROM profile_identifier
                        WHERE tenant_id = :tenantId AND type = :type AND id_value = :value
                        UNION
                        SELECT profile_id FROM identity_shared_holder
                        WHERE tenant_id = :tenantId AND type = :type AND id_value = :value
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .query(UUID.class).list();
    }

    void insertSharedHolder(UUID tenantId, IdentifierType type, String value, UUID profileId) {
        jdbc.sql("""
                        INSERT INTO identity_shared_holder (tenant_id, type, id_value, profile_id)
                        VALUES (:tenantId, :type, :value, :profileId) ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .param("profileId", profileId).update();
    }

    void insertProfile(UUID id, UUID tenantId, Instant anchorAt, Instant now) {
        jdbc.sql("""
                        INSERT INTO profile (id, tenant_id, root_id, merged_into, anchor_at, created_at, updated_at)
                        VALUES (:id, :tenantId, :id, NULL, :anchorAt, :now, :now)
                        """)
                .param("id", id).param("tenantId", tenantId).param("anchorAt", utc(anchorAt)).param("now", utc(now))
                .update();
    }

    void insertIdentifier(UUID tenantId, IdentifierType type, String value, String original, UUID profileId,
                          Instant seenAt, UUID storeId, String eventType) {
        jdbc.sql("""
                        INSERT INTO profile_identifier (tenant_id, type, id_value, original, profile_id, first_seen_at,
                            last_seen_at, first_store_id, last_store_id, first_event_type, last_event_type, events,
                            refusals)
                        VALUES (:tenantId, :type, :value, :original, :profileId, :seenAt, :seenAt, :storeId, :storeId,
                            :eventType, :eventType, 1, 0)
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .param("original", original).param("profileId", profileId).param("seenAt", utc(seenAt))
                .param("storeId", storeId).param("eventType", eventType)
                .update();
    }

    /** Counts a sighting, keeping first and last by the time it happened, not the order events arrive in. */
    void touchIdentifier(UUID tenantId, IdentifierType type, String value, Instant seenAt, UUID storeId,
                         String eventType) {
        jdbc.sql("""
                        UPDATE profile_identifier SET events = events + 1,
                            first_store_id = CASE WHEN :seenAt < first_seen_at THEN :storeId ELSE first_store_id END,
                            first_event_type = CASE WHEN :seenAt < first_seen_at THEN :eventType ELSE first_event_type END,
                            first_seen_at = CASE WHEN :seenAt < first_seen_at THEN :seenAt ELSE first_seen_at END,
                            last_store_id = CASE WHEN :seenAt >= last_seen_at THEN :storeId ELSE last_store_id END,
                            last_event_type = CASE WHEN :seenAt >= last_seen_at THEN :eventType ELSE last_event_type END,
                            last_seen_at = CASE WHEN :seenAt >= last_seen_at THEN :seenAt ELSE last_seen_at END
                        WHERE tenant_id = :tenantId AND type = :type AND id_value = :value
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .param("seenAt", utc(seenAt)).param("storeId", storeId).param("eventType", eventType)
                .update();
    }

    int addRefusal(UUID tenantId, IdentifierType type, String value) {
        jdbc.sql("""
                        UPDATE profile_identifier SET refusals = refusals + 1
                        WHERE tenant_id = :tenantId AND type = :type AND id_value = :value
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value).update();
        return jdbc.sql("""
                        SELECT refusals FROM profile_identifier WHERE tenant_id = :tenantId AND type = :type
                        AND id_value = :value
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .query(Integer.class).optional().orElse(0);
    }

    void insertEvent(long seq, UUID tenantId, UUID profileId, Instant occurredAt, String note) {
        jdbc.sql("""
                        INSERT INTO identity_event (seq, tenant_id, profile_id, occurred_at, note)
                        VALUES (:seq, :tenantId, :profileId, :occurredAt, :note)
                        """)
                .param("seq", seq).param("tenantId", tenantId).param("profileId", profileId)
                .param("occurredAt", utc(occurredAt)).param("note", note)
                .update();
    }

    /** The identifiers of a person: of every profile whose root this is. */
    List<IdentityGraph.LinkedIdentifier> identifiersOf(UUID tenantId, UUID rootId) {
        return jdbc.sql("""
                        SELECT i.type, i.id_value, i.original, i.profile_id, i.first_seen_at, i.last_seen_at,
                               i.first_store_id, i.last_store_id, i.first_event_type, i.last_event_type, i.events,
                               d.reason
                        FROM profile_identifier i
                        LEFT JOIN identity_denied d ON d.tenant_id = i.tenant_id AND d.type = i.type
                            AND d.id_value = i.id_value
                        WHERE i.tenant_id = :tenantId
                          AND i.profile_id IN (SELECT id FROM profile WHERE root_id = :rootId)
                        ORDER BY i.type, i.first_seen_at, i.id_value
                        """)
                .param("tenantId", tenantId).param("rootId", rootId)
                .query((rs, n) -> new IdentityGraph.LinkedIdentifier(type(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getObject(4, UUID.class), instant(rs, 5), instant(rs, 6),
                        rs.getObject(7, UUID.class), rs.getObject(8, UUID.class), rs.getString(9),
                        rs.getString(10), rs.getLong(11), rs.getString(12) != null))
                .list();
    }

    Optional<Node> node(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT id, root_id, merged_into, anchor_at FROM profile WHERE id = :id AND tenant_id = :tenantId")
                .param("id", id).param("tenantId", tenantId)
                .query(GraphRepository::node).optional();
    }

    Optional<IdentityGraph.ProfileRef> profile(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        SELECT id, tenant_id, root_id, anchor_at, created_at FROM profile
                        WHERE id = :id AND tenant_id = :tenantId AND erased_at IS NULL
                        """)
                .param("id", id).param("tenantId", tenantId)
                .query((rs, n) -> new IdentityGraph.ProfileRef(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), instant(rs, 4), instant(rs, 5)))
                .optional();
    }

    List<UUID> treeIds(UUID tenantId, UUID rootId) {
        return jdbc.sql("SELECT id FROM profile WHERE root_id = :rootId AND tenant_id = :tenantId ORDER BY anchor_at, id")
                .param("rootId", rootId).param("tenantId", tenantId).query(UUID.class).list();
    }

    boolean tombstoned(UUID tenantId, Collection<String> digests) {
        return jdbc.sql("SELECT COUNT(*) FROM identity_tombstone WHERE tenant_id = :tenantId AND digest IN (:digests)")
                .param("tenantId", tenantId).param("digests", digests).query(Long.class).single() > 0;
    }

    boolean hasTombstones(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM identity_tombstone WHERE tenant_id = :tenantId")
                .param("tenantId", tenantId).query(Long.class).single() > 0;
    }

    void insertTombstone(UUID tenantId, String digest, Instant now) {
        jdbc.sql("""
                        INSERT INTO identity_tombstone (tenant_id, digest, erased_at) VALUES (:tenantId, :digest, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("digest", digest).param("now", utc(now)).update();
    }

    /** What the person's profiles said about themselves. */
    List<TraitRow> traitsOf(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("""
                        SELECT t.profile_id, p.root_id, t.first_name, t.last_name, t.birth_date, t.street, t.city,
                               t.postcode
                        FROM profile_trait t JOIN profile p ON p.id = t.profile_id
                        WHERE t.tenant_id = :tenantId AND t.profile_id IN (:ids)
                        """)
                .param("tenantId", tenantId).param("ids", profileIds).query(this::traitRow).list();
    }

    int deleteIdentifiers(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("DELETE FROM profile_identifier WHERE tenant_id = :tenantId AND profile_id IN (:ids)")
                .param("tenantId", tenantId).param("ids", profileIds).update();
    }

    int deleteSharedHolders(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("DELETE FROM identity_shared_holder WHERE tenant_id = :tenantId AND profile_id IN (:ids)")
                .param("tenantId", tenantId).param("ids", profileIds).update();
    }

    int deleteTraits(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("DELETE FROM profile_trait WHERE tenant_id = :tenantId AND profile_id IN (:ids)")
                .param("tenantId", tenantId).param("ids", profileIds).update();
    }

    /** The merges stay (the shape of the graph) but no longer say through which values. */
    int scrubMerges(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("""
                        UPDATE profile_merge SET identifier_value = NULL, other_value = NULL
                        WHERE tenant_id = :tenantId AND (from_profile_id IN (:ids) OR into_profile_id IN (:ids))
                        """)
                .param("tenantId", tenantId).param("ids", profileIds).update();
    }

    int deleteReviews(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("""
                        DELETE FROM identity_review
                        WHERE tenant_id = :tenantId AND (profile_a IN (:ids) OR profile_b IN (:ids))
                        """)
                .param("tenantId", tenantId).param("ids", profileIds).update();
    }

    /** Erased profiles stay as rows, so that counts of known customers stay true, but are never found again. */
    int markErased(UUID tenantId, Collection<UUID> profileIds, Instant now) {
        return jdbc.sql("UPDATE profile SET erased_at = :now, updated_at = :now WHERE tenant_id = :tenantId AND id IN (:ids)")
                .param("now", utc(now)).param("tenantId", tenantId).param("ids", profileIds).update();
    }

    /** Every profile of a person: the root and all that were merged into it, directly or not. */
    List<Node> tree(UUID rootId) {
        return jdbc.sql("SELECT id, root_id, merged_into, anchor_at FROM profile WHERE root_id = :rootId")
                .param("rootId", rootId).query(GraphRepository::node).list();
    }

    void mergeInto(UUID fromRootId, UUID intoProfileId, UUID newRootId, Instant now) {
        jdbc.sql("UPDATE profile SET merged_into = :into, updated_at = :now WHERE id = :from")
                .param("into", intoProfileId).param("from", fromRootId).param("now", utc(now)).update();
        jdbc.sql("UPDATE profile SET root_id = :newRoot, updated_at = :now WHERE root_id = :from")
                .param("newRoot", newRootId).param("from", fromRootId).param("now", utc(now)).update();
    }

    void detach(UUID profileId, Instant now) {
        jdbc.sql("UPDATE profile SET merged_into = NULL, updated_at = :now WHERE id = :id")
                .param("id", profileId).param("now", utc(now)).update();
    }

    void setRoot(Collection<UUID> ids, UUID rootId, Instant now) {
        jdbc.sql("UPDATE profile SET root_id = :rootId, updated_at = :now WHERE id IN (:ids)")
                .param("rootId", rootId).param("ids", ids).param("now", utc(now)).update();
    }

    void insertMerge(Merge merge) {
        jdbc.sql("""
                        INSERT INTO profile_merge (id, tenant_id, from_profile_id, into_profile_id, reason,
                            identifier_type, identifier_value, other_type, other_value, event_seq, actor, merged_at,
                            evidence)
                        VALUES (:id, :tenantId, :from, :into, :reason, :identifierType, :identifierValue,
                            :otherType, :otherValue, :eventSeq, :actor, :mergedAt, :evidence)
                        """)
                .param("id", merge.id()).param("tenantId", merge.tenantId()).param("from", merge.fromProfileId())
                .param("into", merge.intoProfileId()).param("reason", merge.reason())
                .param("identifierType", merge.identifierType()).param("identifierValue", merge.identifierValue())
                .param("otherType", merge.otherType()).param("otherValue", merge.otherValue())
                .param("eventSeq", merge.eventSeq()).param("actor", merge.actor())
                .param("mergedAt", utc(merge.mergedAt())).param("evidence", merge.evidence())
                .update();
    }

    private static final String MERGE_COLUMNS = """
            SELECT id, tenant_id, from_profile_id, into_profile_id, reason, identifier_type, identifier_value,
                   other_type, other_value, event_seq, actor, merged_at, undone_at, undone_by, undo_reason,
                   evidence
            FROM profile_merge
            """;

    Optional<Merge> merge(UUID tenantId, UUID id) {
        return jdbc.sql(MERGE_COLUMNS + " WHERE id = :id AND tenant_id = :tenantId")
                .param("id", id).param("tenantId", tenantId).query(GraphRepository::merge).optional();
    }

    /** The merges in force that this identifier made, on either side. */
    List<Merge> mergesVia(UUID tenantId, IdentifierType type, String value) {
        return jdbc.sql(MERGE_COLUMNS + """
                         WHERE tenant_id = :tenantId AND undone_at IS NULL
                           AND ((identifier_type = :type AND identifier_value = :value)
                             OR (other_type = :type AND other_value = :value))
                         ORDER BY merged_at DESC
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .query(GraphRepository::merge).list();
    }

    /** The merge in force that brought this profile into another one. */
    Optional<Merge> mergeOf(UUID tenantId, UUID fromProfileId) {
        return jdbc.sql(MERGE_COLUMNS + " WHERE tenant_id = :tenantId AND from_profile_id = :from AND undone_at IS NULL")
                .param("tenantId", tenantId).param("from", fromProfileId).query(GraphRepository::merge).optional();
    }

    /** The merges of a person's profiles, newest first. */
    List<Merge> mergesOfTree(UUID tenantId, UUID rootId) {
        return jdbc.sql(MERGE_COLUMNS + """
                         WHERE tenant_id = :tenantId AND (from_profile_id IN (SELECT id FROM profile WHERE root_id = :rootId)
                            OR into_profile_id IN (SELECT id FROM profile WHERE root_id = :rootId))
                         ORDER BY merged_at DESC, id
                        """)
                .param("tenantId", tenantId).param("rootId", rootId).query(GraphRepository::merge).list();
    }

    /**
     * Whether staff once undid a merge between these two people (a profile of each, either way round): what staff
     * split, the resolver does not join again.
     */
    boolean splitByStaff(UUID tenantId, UUID rootA, UUID rootB) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM profile_merge m
                        JOIN profile f ON f.id = m.from_profile_id AND f.tenant_id = m.tenant_id
                        JOIN profile i ON i.id = m.into_profile_id AND i.tenant_id = m.tenant_id
                        WHERE m.tenant_id = :tenantId AND m.undone_at IS NOT NULL AND m.undone_by <> :identity
                          AND ((f.root_id = :a AND i.root_id = :b) OR (f.root_id = :b AND i.root_id = :a))
                        """)
                .param("tenantId", tenantId).param("a", rootA).param("b", rootB).param("identity", "identity")
                .query(Long.class).single() > 0;
    }

    void markUndone(UUID mergeId, String actor, String reason, Instant now) {
        jdbc.sql("UPDATE profile_merge SET undone_at = :now, undone_by = :actor, undo_reason = :reason WHERE id = :id")
                .param("id", mergeId).param("actor", actor).param("reason", reason).param("now", utc(now)).update();
    }

    boolean openReviewExists(UUID tenantId, UUID rootA, UUID rootB) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM identity_review r
                        JOIN profile a ON a.id = r.profile_a JOIN profile b ON b.id = r.profile_b
                        WHERE r.tenant_id = :tenantId AND r.status = 'open'
                          AND ((a.root_id = :a AND b.root_id = :b) OR (a.root_id = :b AND b.root_id = :a))
                        """)
                .param("tenantId", tenantId).param("a", rootA).param("b", rootB).query(Long.class).single() > 0;
    }

    void insertReview(UUID id, UUID tenantId, UUID profileA, UUID profileB, String reason, String detail,
                      IdentifierType type, String value, Long eventSeq, Instant now) {
        jdbc.sql("""
                        INSERT INTO identity_review (id, tenant_id, profile_a, profile_b, reason, detail,
                            identifier_type, identifier_value, event_seq, status, created_at)
                        VALUES (:id, :tenantId, :a, :b, :reason, :detail, :type, :value, :eventSeq, 'open', :now)
                        """)
                .param("id", id).param("tenantId", tenantId).param("a", profileA).param("b", profileB)
                .param("reason", reason).param("detail", detail).param("type", type == null ? null : type.key())
                .param("value", value).param("eventSeq", eventSeq).param("now", utc(now))
                .update();
    }

    private static final String REVIEW_COLUMNS = """
            SELECT id, profile_a, profile_b, reason, detail, identifier_type, event_seq, status, created_at,
                   decided_at, decided_by
            FROM identity_review
            """;

    List<Review> reviews(UUID tenantId, String status, Instant before, int limit) {
        return jdbc.sql(REVIEW_COLUMNS + """
                         WHERE tenant_id = :tenantId AND status = :status AND created_at < :before
                         ORDER BY created_at DESC LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("status", status).param("before", utc(before))
                .param("limit", limit).query(GraphRepository::review).list();
    }

    Optional<Review> review(UUID tenantId, UUID id) {
        return jdbc.sql(REVIEW_COLUMNS + " WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(GraphRepository::review).optional();
    }

    void decideReview(UUID id, String status, String actor, Instant now) {
        jdbc.sql("UPDATE identity_review SET status = :status, decided_at = :now, decided_by = :actor WHERE id = :id")
                .param("id", id).param("status", status).param("actor", actor).param("now", utc(now)).update();
    }

    /** Closes the open review items that this identifier raised: it no longer links anyone. */
    int dismissReviewsVia(UUID tenantId, IdentifierType type, String value, Instant now) {
        return jdbc.sql("""
                        UPDATE identity_review SET status = 'dismissed', decided_at = :now, decided_by = 'identity'
                        WHERE tenant_id = :tenantId AND status = 'open' AND identifier_type = :type
                          AND identifier_value = :value
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value).param("now", utc(now))
                .update();
    }

    boolean insertDenied(UUID tenantId, IdentifierType type, String value, String reason, Instant now) {
        if (isDenied(tenantId, type, value)) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO identity_denied (tenant_id, type, id_value, reason, created_at)
                        VALUES (:tenantId, :type, :value, :reason, :now)
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value).param("reason", reason)
                .param("now", utc(now)).update();
        return true;
    }

    boolean isDenied(UUID tenantId, IdentifierType type, String value) {
        return jdbc.sql("SELECT COUNT(*) FROM identity_denied WHERE tenant_id = :tenantId AND type = :type AND id_value = :value")
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .query(Long.class).single() > 0;
    }

    boolean deleteDenied(UUID tenantId, IdentifierType type, String value) {
        return jdbc.sql("DELETE FROM identity_denied WHERE tenant_id = :tenantId AND type = :type AND id_value = :value")
                .param("tenantId", tenantId).param("type", type.key()).param("value", value).update() > 0;
    }

    record Denied(IdentifierType type, String value, String reason, Instant createdAt) {
    }

    List<Denied> deniedList(UUID tenantId) {
        return jdbc.sql("""
                        SELECT type, id_value, reason, created_at FROM identity_denied WHERE tenant_id = :tenantId
                        ORDER BY created_at DESC, type, id_value
                        """)
                .param("tenantId", tenantId)
                .query((rs, n) -> new Denied(type(rs.getString(1)), rs.getString(2), rs.getString(3), instant(rs, 4)))
                .list();
    }

    List<IdentityGraph.EventRef> events(UUID tenantId, UUID rootId, Instant beforeAt, long beforeSeq, int limit) {
        return jdbc.sql("""
                        SELECT e.seq, e.occurred_at FROM identity_event e
                        JOIN profile p ON p.id = e.profile_id
                        WHERE p.root_id = :rootId AND e.tenant_id = :tenantId
                          AND (e.occurred_at < :beforeAt OR (e.occurred_at = :beforeAt AND e.seq < :beforeSeq))
                        ORDER BY e.occurred_at DESC, e.seq DESC
                        LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("rootId", rootId).param("beforeAt", utc(beforeAt))
                .param("beforeSeq", beforeSeq).param("limit", limit)
                .query((rs, n) -> new IdentityGraph.EventRef(rs.getLong(1), instant(rs, 2))).list();
    }

    /** The profile a stored value belongs to. */
    Optional<UUID> profileOf(UUID tenantId, IdentifierType type, String value) {
        return jdbc.sql("""
                        SELECT profile_id FROM profile_identifier
                        WHERE tenant_id = :tenantId AND type = :type AND id_value = :value
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .query(UUID.class).optional();
    }

    /** The events whose home is this profile, in the order they were captured. */
    List<Long> eventsHomedIn(UUID tenantId, UUID profileId) {
        return jdbc.sql("SELECT seq FROM identity_event WHERE tenant_id = :tenantId AND profile_id = :profileId ORDER BY seq")
                .param("tenantId", tenantId).param("profileId", profileId).query(Long.class).list();
    }

    void deleteEvent(UUID tenantId, long seq) {
        jdbc.sql("DELETE FROM identity_event WHERE tenant_id = :tenantId AND seq = :seq")
                .param("tenantId", tenantId).param("seq", seq).update();
    }

    Optional<UUID> rootOf(UUID tenantId, IdentifierType type, String value) {
        return jdbc.sql("""
                        SELECT p.root_id FROM profile_identifier i JOIN profile p ON p.id = i.profile_id
                        WHERE i.tenant_id = :tenantId AND i.type = :type AND i.id_value = :value
                        """)
                .param("tenantId", tenantId).param("type", type.key()).param("value", value)
                .query(UUID.class).optional();
    }

    /** Birth dates are kept normalised as ISO dates, so the day of the year is their end. */
    List<UUID> bornOn(UUID tenantId, java.time.MonthDay day, UUID after, int limit) {
        return jdbc.sql("""
                        SELECT DISTINCT p.root_id FROM profile_identifier i JOIN profile p ON p.id = i.profile_id
                        WHERE i.tenant_id = :tenantId AND i.type = 'birthDate' AND i.id_value LIKE :day
                          AND (CAST(:after AS UUID) IS NULL OR p.root_id > :after)
                        ORDER BY p.root_id FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("day", String.format("%%-%02d-%02d", day.getMonthValue(),
                        day.getDayOfMonth()))
                .param("after", after).param("limit", limit).query(UUID.class).list();
    }

    private static Node node(ResultSet rs, int n) throws SQLException {
        return new Node(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                instant(rs, 4));
    }

    private static Merge merge(ResultSet rs, int n) throws SQLException {
        long seq = rs.getLong(10);
        return new Merge(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.wasNull() ? null : seq, rs.getString(11), instant(rs, 12), instant(rs, 13),
                rs.getString(14), rs.getString(15), rs.getString(16));
    }

    private static Review review(ResultSet rs, int n) throws SQLException {
        long seq = rs.getLong(7);
        return new Review(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.wasNull() ? null : seq, rs.getString(8),
                instant(rs, 9), instant(rs, 10), rs.getString(11));
    }

    /** What a profile said about itself, with the person it belongs to now. */
    record TraitRow(UUID profileId, UUID rootId, Traits traits) {
    }

    /** Keeps what was known where the event says nothing, and a first name where it gives only the initial. */
    int updateTraits(UUID tenantId, UUID profileId, Traits traits, Instant now) {
        return jdbc.sql("""
                        UPDATE profile_trait SET
                            first_name = CASE WHEN first_name IS NULL OR LENGTH(:firstName) > 1
                                THEN COALESCE(:firstName, first_name) ELSE first_name END,
                            first_key = CASE WHEN first_name IS NULL OR LENGTH(:firstName) > 1
                                THEN COALESCE(:firstKey, first_key) ELSE first_key END,
                            last_name = COALESCE(:lastName, last_name),
                            last_key = COALESCE(:lastKey, last_key), birth_date = COALESCE(:birthDate, birth_date),
                            street = COALESCE(:street, street), city = COALESCE(:city, city),
                            postcode = COALESCE(:postcode, postcode), updated_at = :now
                        WHERE tenant_id = :tenantId AND profile_id = :profileId
                        """)
                .paramSource(traitParams(tenantId, profileId, traits, now)).update();
    }

    void insertTraits(UUID tenantId, UUID profileId, Traits traits, Instant now) {
        jdbc.sql("""
                        INSERT INTO profile_trait (tenant_id, profile_id, first_name, last_name, first_key, last_key,
                            birth_date, street, city, postcode, updated_at)
                        VALUES (:tenantId, :profileId, :firstName, :lastName, :firstKey, :lastKey, :birthDate,
                            :street, :city, :postcode, :now)
                        """)
                .paramSource(traitParams(tenantId, profileId, traits, now)).update();
    }

    /** People who might be this one: the same birth date, the same-sounding names, or surname and postcode. */
    List<TraitRow> traitCandidates(UUID tenantId, UUID rootId, Traits traits, int limit) {
        return jdbc.sql("""
                        SELECT t.profile_id, p.root_id, t.first_name, t.last_name, t.birth_date, t.street, t.city,
                               t.postcode
                        FROM profile_trait t JOIN profile p ON p.id = t.profile_id
                        WHERE t.tenant_id = :tenantId AND p.root_id <> :rootId
                          AND (t.birth_date = :birthDate
                               OR (t.last_key = :lastKey AND t.first_key = :firstKey)
                               OR (t.last_key = :firstKey AND t.first_key = :lastKey)
                               OR (t.postcode = :postcode AND t.last_key = :lastKey))
                        ORDER BY t.updated_at DESC
                        LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("rootId", rootId).param("birthDate", traits.birthDate())
                .param("lastKey", traits.lastKey()).param("firstKey", traits.firstKey())
                .param("postcode", traits.postcode()).param("limit", limit)
                .query(this::traitRow).list();
    }

    /** The most recently updated people of a tenant, to estimate the matching weights from. */
    List<Traits> traitSample(UUID tenantId, int limit) {
        return jdbc.sql("""
                        SELECT profile_id, profile_id, first_name, last_name, birth_date, street, city, postcode
                        FROM profile_trait WHERE tenant_id = :tenantId
                        ORDER BY updated_at DESC
                        LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("limit", limit).query(this::traitRow).list()
                .stream().map(TraitRow::traits).toList();
    }

    /** People either of whose names sounds like one of these keys. */
    List<TraitRow> traitsByNameKeys(UUID tenantId, Collection<String> keys, int limit) {
        return jdbc.sql("""
                        SELECT t.profile_id, p.root_id, t.first_name, t.last_name, t.birth_date, t.street, t.city,
                               t.postcode
                        FROM profile_trait t JOIN profile p ON p.id = t.profile_id
                        WHERE t.tenant_id = :tenantId AND (t.last_key IN (:keys) OR t.first_key IN (:keys))
                        LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("keys", keys).param("limit", limit)
                .query(this::traitRow).list();
    }

    private TraitRow traitRow(ResultSet rs, int n) throws SQLException {
        return new TraitRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), new Traits(rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource traitParams(UUID tenantId,
            UUID profileId, Traits traits, Instant now) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("tenantId", tenantId).addValue("profileId", profileId)
                .addValue("firstName", traits.firstName(), java.sql.Types.VARCHAR)
                .addValue("lastName", traits.lastName(), java.sql.Types.VARCHAR)
                .addValue("firstKey", traits.firstKey(), java.sql.Types.VARCHAR)
                .addValue("lastKey", traits.lastKey(), java.sql.Types.VARCHAR)
                .addValue("birthDate", traits.birthDate(), java.sql.Types.VARCHAR)
                .addValue("street", traits.street(), java.sql.Types.VARCHAR)
                .addValue("city", traits.city(), java.sql.Types.VARCHAR)
                .addValue("postcode", traits.postcode(), java.sql.Types.VARCHAR)
                .addValue("now", utc(now));
    }

    private static Set<String> types(Collection<Normalised> identifiers) {
        return identifiers.stream().map(n -> n.type().key()).collect(java.util.stream.Collectors.toSet());
    }

    private static Set<String> values(Collection<Normalised> identifiers) {
        return identifiers.stream().map(Normalised::value).collect(java.util.stream.Collectors.toSet());
    }

    private static IdentifierType type(String key) {
        return IdentifierType.ofKey(key).orElseThrow();
    }

    private static OffsetDateTime utc(Instant instant) {
        return Timestamps.of(instant);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
