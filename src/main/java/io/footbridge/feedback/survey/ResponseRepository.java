package io.footbridge.feedback.survey;

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
import java.util.function.Consumer;

@Repository
class ResponseRepository {

    /** One answer as stored; {@code answers} is JSON, {@code identifiers} JSON as the person gave them. */
    record SurveyResponse(UUID id, UUID tenantId, UUID surveyId, int surveyVersion, UUID storeId, String source, String onceKey,
               String nonce, UUID receiptId, UUID invitationId, UUID profileId, String email, String phone,
               String loyaltyId, String identifiers, String contactChannel, String contactAddress, int score,
               String group, String comment, String answers, String couponCode, String couponUrl, UUID caseId,
               Instant reviewClickedAt, Instant answeredAt, Instant erasedAt) {
    }

    /** What NPS needs of an answer. */
    record Score(UUID storeId, Instant answeredAt, int score) {
    }

    private static final String COLUMNS = """
            id, tenant_id, survey_id, survey_version, store_id, source, once_key, nonce, receipt_id, invitation_id,
            profile_id, email, phone, loyalty_id, identifiers, contact_channel, contact_address, score, nps_group,
            comment, answers, coupon_code, coupon_url, case_id, review_clicked_at, answered_at, erased_at
            """;

    private final JdbcClient jdbc;

    ResponseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the answer unless its receipt or invitation was answered before, or the same form was sent already;
     * two racing copies store one (the unique keys decide, on every node).
     */
    boolean insert(SurveyResponse r) {
        return jdbc.sql("""
                        INSERT INTO survey_response (id, tenant_id, survey_id, survey_version, store_id, source,
                            once_key, nonce, receipt_id, invitation_id, profile_id, email, phone, loyalty_id,
                            identifiers, contact_channel, contact_address, score, nps_group, comment, answers,
                            answered_at)
                        VALUES (:id, :tenantId, :surveyId, :surveyVersion, :storeId, :source, :onceKey, :nonce,
                            :receiptId, :invitationId, :profileId, :email, :phone, :loyaltyId, :identifiers,
                            :contactChannel, :contactAddress, :score, :group, :comment, :answers, :answeredAt)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", r.id()).param("tenantId", r.tenantId()).param("surveyId", r.surveyId())
                .param("surveyVersion", r.surveyVersion()).param("storeId", r.storeId()).param("source", r.source())
                .param("onceKey", r.onceKey()).param("nonce", r.nonce()).param("receiptId", r.receiptId())
                .param("invitationId", r.invitationId()).param("profileId", r.profileId())
                .param("email", r.email()).param("phone", r.phone()).param("loyaltyId", r.loyaltyId())
                .param("identifiers", r.identifiers()).param("contactChannel", r.contactChannel())
                .param("contactAddress", r.contactAddress()).param("score", r.score()).param("group", r.group())
                .param("comment", r.comment()).param("answers", r.answers())
                .param("answeredAt", Timestamps.of(r.answeredAt()))
                .update() == 1;
    }

    Optional<SurveyResponse> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM survey_response WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(ResponseRepository::toRow).optional();
    }

    Optional<SurveyResponse> findByNonce(UUID tenantId, String nonce) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM survey_response WHERE tenant_id = :tenantId AND nonce = :nonce")
                .param("tenantId", tenantId).param("nonce", nonce).query(ResponseRepository::toRow).optional();
    }

    boolean answered(UUID tenantId, String onceKey) {
        return jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE tenant_id = :tenantId AND once_key = :onceKey")
                .param("tenantId", tenantId).param("onceKey", onceKey).query(Long.class).single() > 0;
    }

    void followUp(UUID id, String couponCode, String couponUrl, UUID caseId) {
        jdbc.sql("""
                        UPDATE survey_response SET coupon_code = :couponCode, coupon_url = :couponUrl, case_id = :caseId
                        WHERE id = :id
                        """)
                .param("couponCode", couponCode).param("couponUrl", couponUrl).param("caseId", caseId)
                .param("id", id).update();
    }

    boolean reviewClicked(UUID tenantId, UUID id, Instant at) {
        return jdbc.sql("""
                        UPDATE survey_response SET review_clicked_at = COALESCE(review_clicked_at, :at)
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("at", Timestamps.of(at)).param("tenantId", tenantId).param("id", id).update() == 1;
    }

    /** Newest first; {@code storeIds} null for every store. */
    List<SurveyResponse> list(UUID tenantId, UUID surveyId, Collection<UUID> storeIds, Instant from, Instant to, String group,
                   int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM survey_response
                        WHERE tenant_id = :tenantId AND survey_id = :surveyId
                          AND (:allStores OR store_id IN (:storeIds))
                          AND (CAST(:from AS TIMESTAMP WITH TIME ZONE) IS NULL OR answered_at >= :from)
                          AND (CAST(:to AS TIMESTAMP WITH TIME ZONE) IS NULL OR answered_at < :to)
                          AND (CAST(:group AS VARCHAR) IS NULL OR nps_group = :group)
                        ORDER BY answered_at DESC, id
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("surveyId", surveyId).param("allStores", storeIds == null)
                .param("storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds)
                .param("from", Timestamps.of(from)).param("to", Timestamps.of(to)).param("group", group)
                .param("limit", limit).param("offset", offset)
                .query(ResponseRepository::toRow).list();
    }

    /** Every score of the window, streamed: the NPS is computed as they come, in memory per group only. */
    void scores(UUID tenantId, UUID surveyId, Collection<UUID> storeIds, Instant from, Instant to,
                Consumer<Score> each) {
        jdbc.sql("""
                        SELECT store_id, answered_at, score FROM survey_response
                        WHERE tenant_id = :tenantId AND answered_at >= :from AND answered_at < :to
                          AND (CAST(:surveyId AS UUID) IS NULL OR survey_id = :surveyId)
                          AND (:allStores OR store_id IN (:storeIds))
                        """)
                .param("tenantId", tenantId).param("from", Timestamps.of(from)).param("to", Timestamps.of(to))
                .param("surveyId", surveyId).param("allStores", storeIds == null)
                .param("storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds)
                .query(rs -> {
                    each.accept(new Score(rs.getObject("store_id", UUID.class), Timestamps.instant(rs, "answered_at"),
                            rs.getInt("score")));
                });
    }

    List<SurveyResponse> ofPerson(UUID tenantId, Collection<UUID> profileIds, Collection<String> emails,
                       Collection<String> phones, Collection<String> loyaltyIds) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM survey_response
                        WHERE tenant_id = :tenantId AND erased_at IS NULL
                          AND (profile_id IN (:profileIds) OR email IN (:emails) OR phone IN (:phones)
                               OR loyalty_id IN (:loyaltyIds))
                        ORDER BY answered_at
                        """)
                .param("tenantId", tenantId)
                .param("profileIds", profileIds.isEmpty() ? List.of(new UUID(0, 0)) : profileIds)
                .param("emails", orNone(emails)).param("phones", orNone(phones)).param("loyaltyIds", orNone(loyaltyIds))
                .query(ResponseRepository::toRow).list();
    }

    /** Keeps the score, its group, the store, time and choices; the words and who said them go. */
    void erase(UUID tenantId, UUID id, String keptAnswers, Instant at) {
        jdbc.sql("""
                        UPDATE survey_response SET profile_id = NULL, email = NULL, phone = NULL, loyalty_id = NULL,
                            identifiers = NULL, contact_channel = NULL, contact_address = NULL, comment = NULL,
                            answers = :answers, coupon_code = NULL, coupon_url = NULL, erased_at = :at
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("answers", keptAnswers).param("at", Timestamps.of(at)).param("tenantId", tenantId)
                .param("id", id).update();
    }

    private static Collection<String> orNone(Collection<String> values) {
        return values == null || values.isEmpty() ? List.of("") : values;
    }

    private static SurveyResponse toRow(ResultSet rs, int n) throws SQLException {
        return new SurveyResponse(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("survey_id", UUID.class), rs.getInt("survey_version"), rs.getObject("store_id", UUID.class),
                rs.getString("source"), rs.getString("once_key"), rs.getString("nonce"),
                rs.getObject("receipt_id", UUID.class), rs.getObject("invitation_id", UUID.class),
                rs.getObject("profile_id", UUID.class), rs.getString("email"), rs.getString("phone"),
                rs.getString("loyalty_id"), rs.getString("identifiers"), rs.getString("contact_channel"),
                rs.getString("contact_address"), rs.getInt("score"), rs.getString("nps_group"), rs.getString("comment"),
                rs.getString("answers"), rs.getString("coupon_code"), rs.getString("coupon_url"),
                rs.getObject("case_id", UUID.class), Timestamps.instant(rs, "review_clicked_at"),
                Timestamps.instant(rs, "answered_at"), Timestamps.instant(rs, "erased_at"));
    }
}
