package io.footbridge.feedback.cases;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class CaseRepository {

    /** A case as stored; {@code identifiers} is JSON as the customer gave them. */
    record StoredCase(UUID id, UUID tenantId, String reference, String token, UUID storeId, UUID surveyId, UUID responseId,
               UUID receiptId, UUID profileId, String email, String phone, String loyaltyId, String identifiers,
               String contactChannel, String contactAddress, String subject, String description, Integer score,
               String source, CaseStatus status, UUID ownerId, String customerMessage, int resolutions, int version,
               Instant openedAt, Instant updatedAt, Instant resolvedAt, Instant closedAt, Instant erasedAt) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Note(UUID id, UUID authorId, String author, String text, Instant createdAt) {
    }

    record Change(Instant occurredAt, String actor, String kind, String from, String to) {
    }

    private static final String COLUMNS = """
            id, tenant_id, reference, token, store_id, survey_id, response_id, receipt_id, profile_id, email, phone,
            loyalty_id, identifiers, contact_channel, contact_address, subject, description, score, source, status,
            owner_id, customer_message, resolutions, version, opened_at, updated_at, resolved_at, closed_at, erased_at
            """;

    private final JdbcClient jdbc;

    CaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the reference is taken (drawn again by the caller). */
    boolean insert(StoredCase r) {
        return jdbc.sql("""
                        INSERT INTO feedback_case (id, tenant_id, reference, token, store_id, survey_id, response_id,
                            receipt_id, profile_id, email, phone, loyalty_id, identifiers, contact_channel,
                            contact_address, subject, description, score, source, status, owner_id, customer_message,
                            resolutions, version, opened_at, updated_at)
                        VALUES (:id, :tenantId, :reference, :token, :storeId, :surveyId, :responseId, :receiptId,
                            :profileId, :email, :phone, :loyaltyId, :identifiers, :contactChannel, :contactAddress,
                            :subject, :description, :score, :source, :status, NULL, NULL, 0, 1, :openedAt, :openedAt)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", r.id()).param("tenantId", r.tenantId()).param("reference", r.reference())
                .param("token", r.token()).param("storeId", r.storeId()).param("surveyId", r.surveyId())
                .param("responseId", r.responseId()).param("receiptId", r.receiptId())
                .param("profileId", r.profileId()).param("email", r.email()).param("phone", r.phone())
                .param("loyaltyId", r.loyaltyId()).param("identifiers", r.identifiers())
                .param("contactChannel", r.contactChannel()).param("contactAddress", r.contactAddress())
                .param("subject", r.subject()).param("description", r.description()).param("score", r.score())
                .param("source", r.source()).param("status", r.status().value())
                .param("openedAt", Timestamps.of(r.openedAt()))
                .update() == 1;
    }

    Optional<StoredCase> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feedback_case WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(CaseRepository::toRow).optional();
    }

    Optional<StoredCase> findByToken(String token) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feedback_case WHERE token = :token")
                .param("token", token).query(CaseRepository::toRow).optional();
    }

    /** Newest first. {@code storeIds} null: every store (and cases of none); else only those stores'. */
    List<StoredCase> list(UUID tenantId, Collection<UUID> storeIds, String status, UUID ownerId, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM feedback_case
                        WHERE tenant_id = :tenantId
                          AND (:allStores OR store_id IN (:storeIds))
                          AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                          AND (CAST(:ownerId AS UUID) IS NULL OR owner_id = :ownerId)
                        ORDER BY opened_at DESC, id
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("allStores", storeIds == null)
                .param("storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds)
                .param("status", status).param("ownerId", ownerId).param("limit", limit).param("offset", offset)
                .query(CaseRepository::toRow).list();
    }

    /**
     * Moves the case on, only from the version the change was decided on: two staff members changing a case at the
     * same moment cannot both apply a transition that was valid only from where it was.
     */
    boolean update(UUID tenantId, UUID id, int version, CaseStatus status, UUID ownerId, String customerMessage,
                   int resolutions, Instant resolvedAt, Instant closedAt, Instant now) {
        return jdbc.sql("""
                        UPDATE feedback_case SET status = :status, owner_id = :ownerId,
                            customer_message = :customerMessage, resolutions = :resolutions, resolved_at = :resolvedAt,
                            closed_at = :closedAt, updated_at = :now, version = version + 1
                        WHERE tenant_id = :tenantId AND id = :id AND version = :version
                        """)
                .param("status", status.value()).param("ownerId", ownerId).param("customerMessage", customerMessage)
                .param("resolutions", resolutions).param("resolvedAt", Timestamps.of(resolvedAt))
                .param("closedAt", Timestamps.of(closedAt)).param("now", Timestamps.of(now))
                .param("tenantId", tenantId).param("id", id).param("version", version).update() == 1;
    }

    void touch(UUID tenantId, UUID id, Instant now) {
        jdbc.sql("UPDATE feedback_case SET updated_at = :now WHERE tenant_id = :tenantId AND id = :id")
                .param("now", Timestamps.of(now)).param("tenantId", tenantId).param("id", id).update();
    }

    void insertNote(UUID id, UUID caseId, UUID tenantId, UUID authorId, String author, String text, Instant at) {
        jdbc.sql("""
                        INSERT INTO feedback_case_note (id, case_id, tenant_id, author_id, author, body, created_at)
                        VALUES (:id, :caseId, :tenantId, :authorId, :author, :body, :at)
                        """)
                .param("id", id).param("caseId", caseId).param("tenantId", tenantId).param("authorId", authorId)
                .param("author", author).param("body", text).param("at", Timestamps.of(at)).update();
    }

    List<Note> notes(UUID tenantId, UUID caseId) {
        return jdbc.sql("""
                        SELECT id, author_id, author, body, created_at FROM feedback_case_note
                        WHERE tenant_id = :tenantId AND case_id = :caseId ORDER BY created_at, id
                        """)
                .param("tenantId", tenantId).param("caseId", caseId)
                .query((rs, n) -> new Note(rs.getObject("id", UUID.class), rs.getObject("author_id", UUID.class),
                        rs.getString("author"), rs.getString("body"), Timestamps.instant(rs, "created_at")))
                .list();
    }

    void insertChange(UUID caseId, UUID tenantId, Instant at, String actor, String kind, String from, String to) {
        jdbc.sql("""
                        INSERT INTO feedback_case_history (case_id, tenant_id, occurred_at, actor, kind, from_value,
                            to_value)
                        VALUES (:caseId, :tenantId, :at, :actor, :kind, :from, :to)
                        """)
                .param("caseId", caseId).param("tenantId", tenantId)
                .param("at", Timestamps.of(at)).param("actor", actor).param("kind", kind).param("from", from)
                .param("to", to).update();
    }

    List<Change> history(UUID tenantId, UUID caseId) {
        return jdbc.sql("""
                        SELECT occurred_at, actor, kind, from_value, to_value FROM feedback_case_history
                        WHERE tenant_id = :tenantId AND case_id = :caseId ORDER BY occurred_at, id
                        """)
                .param("tenantId", tenantId).param("caseId", caseId)
                .query((rs, n) -> new Change(Timestamps.instant(rs, "occurred_at"), rs.getString("actor"),
                        rs.getString("kind"), rs.getString("from_value"), rs.getString("to_value")))
                .list();
    }

    /** The cases of a person, by profile or by any of their normalised identifiers. */
    List<StoredCase> ofPerson(UUID tenantId, Collection<UUID> profileIds, Collection<String> emails,
                       Collection<String> phones, Collection<String> loyaltyIds) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM feedback_case
                        WHERE tenant_id = :tenantId AND erased_at IS NULL
                          AND (profile_id IN (:profileIds) OR email IN (:emails) OR phone IN (:phones)
                               OR loyalty_id IN (:loyaltyIds))
                        ORDER BY opened_at
                        """)
                .param("tenantId", tenantId)
                .param("profileIds", profileIds.isEmpty() ? List.of(new UUID(0, 0)) : profileIds)
                .param("emails", orNone(emails)).param("phones", orNone(phones)).param("loyaltyIds", orNone(loyaltyIds))
                .query(CaseRepository::toRow).list();
    }

    /** Keeps the case's store, times, status and score; what the customer said and who they are go. */
    void erase(UUID tenantId, Collection<UUID> ids, Instant at) {
        jdbc.sql("""
                        UPDATE feedback_case SET token = NULL, profile_id = NULL, email = NULL, phone = NULL,
                            loyalty_id = NULL, identifiers = NULL, contact_channel = NULL, contact_address = NULL,
                            description = NULL, customer_message = NULL, erased_at = :at
                        WHERE tenant_id = :tenantId AND id IN (:ids)
                        """)
                .param("at", Timestamps.of(at)).param("tenantId", tenantId).param("ids", ids).update();
    }

    /** Staff's notes may name the customer ("Lena called back"); their words go, the notes' count and times stay. */
    void eraseNotes(UUID tenantId, Collection<UUID> caseIds) {
        jdbc.sql("UPDATE feedback_case_note SET body = NULL WHERE tenant_id = :tenantId AND case_id IN (:ids)")
                .param("tenantId", tenantId).param("ids", caseIds).update();
    }

    private static Collection<String> orNone(Collection<String> values) {
        return values == null || values.isEmpty() ? List.of("") : values;
    }

    private static StoredCase toRow(ResultSet rs, int n) throws SQLException {
        return new StoredCase(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("reference"), rs.getString("token"), rs.getObject("store_id", UUID.class),
                rs.getObject("survey_id", UUID.class), rs.getObject("response_id", UUID.class),
                rs.getObject("receipt_id", UUID.class), rs.getObject("profile_id", UUID.class), rs.getString("email"),
                rs.getString("phone"), rs.getString("loyalty_id"), rs.getString("identifiers"),
                rs.getString("contact_channel"), rs.getString("contact_address"), rs.getString("subject"),
                rs.getString("description"), rs.getObject("score", Integer.class), rs.getString("source"),
                CaseStatus.of(rs.getString("status")).orElseThrow(), rs.getObject("owner_id", UUID.class),
                rs.getString("customer_message"), rs.getInt("resolutions"), rs.getInt("version"),
                Timestamps.instant(rs, "opened_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "resolved_at"), Timestamps.instant(rs, "closed_at"),
                Timestamps.instant(rs, "erased_at"));
    }
}
