package io.footbridge.feedback.survey;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Repository
class SurveyRepository {

    /** A survey as stored; {@code storeReviewUrls} by store id. */
    record StoredSurvey(UUID id, UUID tenantId, String code, String name, Definition definition, UUID rewardOfferId,
               boolean rewardOpen, String reviewUrl, Map<UUID, String> storeReviewUrls, boolean openCases, int version,
               Instant createdAt, Instant updatedAt, Instant archivedAt) {

        boolean archived() {
            return archivedAt != null;
        }

        /** The store's own review page, else the survey's. */
        String reviewUrl(UUID storeId) {
            return storeId != null && storeReviewUrls.containsKey(storeId) ? storeReviewUrls.get(storeId) : reviewUrl;
        }
    }

    private static final TypeReference<Map<UUID, String>> URLS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, tenant_id, code, name, definition, reward_offer_id, reward_open, review_url, store_review_urls,
            open_cases, version, created_at, updated_at, archived_at
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SurveyRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** False when the code is taken (drawn again by the caller). */
    boolean insert(StoredSurvey r) {
        return jdbc.sql("""
                        INSERT INTO survey (id, tenant_id, code, name, definition, reward_offer_id, reward_open,
                            review_url, store_review_urls, open_cases, version, created_at, updated_at)
                        VALUES (:id, :tenantId, :code, :name, :definition, :rewardOfferId, :rewardOpen, :reviewUrl,
                            :storeReviewUrls, :openCases, 1, :now, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", r.id()).param("tenantId", r.tenantId()).param("code", r.code()).param("name", r.name())
                .param("definition", json.writeValueAsString(r.definition()))
                .param("rewardOfferId", r.rewardOfferId()).param("rewardOpen", r.rewardOpen())
                .param("reviewUrl", r.reviewUrl()).param("storeReviewUrls", urls(r.storeReviewUrls()))
                .param("openCases", r.openCases()).param("now", Timestamps.of(r.createdAt()))
                .update() == 1;
    }

    int update(StoredSurvey r, boolean archived, Instant now) {
        return jdbc.sql("""
                        UPDATE survey SET name = :name, definition = :definition, reward_offer_id = :rewardOfferId,
                            reward_open = :rewardOpen, review_url = :reviewUrl, store_review_urls = :storeReviewUrls,
                            open_cases = :openCases, version = version + 1, updated_at = :now,
                            archived_at = CASE WHEN :archived THEN COALESCE(archived_at, :now) ELSE NULL END
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("name", r.name()).param("definition", json.writeValueAsString(r.definition()))
                .param("rewardOfferId", r.rewardOfferId()).param("rewardOpen", r.rewardOpen())
                .param("reviewUrl", r.reviewUrl()).param("storeReviewUrls", urls(r.storeReviewUrls()))
                .param("openCases", r.openCases()).param("now", Timestamps.of(now)).param("archived", archived)
                .param("tenantId", r.tenantId()).param("id", r.id())
                .update();
    }

    Optional<StoredSurvey> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM survey WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(this::toRow).optional();
    }

    Optional<StoredSurvey> findByCode(String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM survey WHERE code = :code")
                .param("code", code).query(this::toRow).optional();
    }

    List<StoredSurvey> list(UUID tenantId, boolean archived, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM survey WHERE tenant_id = :tenantId AND (:archived OR archived_at IS NULL)
                        ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("archived", archived).param("limit", limit)
                .param("offset", offset).query(this::toRow).list();
    }

    long responses(UUID tenantId, UUID surveyId) {
        return jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE tenant_id = :tenantId AND survey_id = :surveyId")
                .param("tenantId", tenantId).param("surveyId", surveyId).query(Long.class).single();
    }

    void insertInvitation(UUID id, UUID tenantId, UUID surveyId, UUID storeId, UUID profileId, String channel,
                          String address, Instant at) {
        jdbc.sql("""
                        INSERT INTO survey_invitation (id, tenant_id, survey_id, store_id, profile_id, channel, address,
                            created_at)
                        VALUES (:id, :tenantId, :surveyId, :storeId, :profileId, :channel, :address, :at)
                        """)
                .param("id", id).param("tenantId", tenantId).param("surveyId", surveyId).param("storeId", storeId)
                .param("profileId", profileId).param("channel", channel).param("address", address)
                .param("at", Timestamps.of(at)).update();
    }

    void invitationSent(UUID id, UUID messageId) {
        jdbc.sql("UPDATE survey_invitation SET message_id = :messageId WHERE id = :id")
                .param("messageId", messageId).param("id", id).update();
    }

    record Invitation(UUID id, UUID tenantId, UUID surveyId, UUID storeId, UUID profileId, String channel,
                      String address) {
    }

    Optional<Invitation> invitation(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        SELECT id, tenant_id, survey_id, store_id, profile_id, channel, address FROM survey_invitation
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("tenantId", tenantId).param("id", id)
                .query((rs, n) -> new Invitation(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getObject("survey_id", UUID.class), rs.getObject("store_id", UUID.class),
                        rs.getObject("profile_id", UUID.class), rs.getString("channel"), rs.getString("address")))
                .optional();
    }

    /** Erasure: invitations keep their survey, store and time, and lose whom they went to. */
    void eraseInvitations(UUID tenantId, java.util.Collection<UUID> profileIds, java.util.Collection<String> addresses) {
        jdbc.sql("""
                        UPDATE survey_invitation SET profile_id = NULL, address = NULL
                        WHERE tenant_id = :tenantId AND (profile_id IN (:profileIds) OR address IN (:addresses))
                        """)
                .param("tenantId", tenantId)
                .param("profileIds", profileIds.isEmpty() ? List.of(new UUID(0, 0)) : profileIds)
                .param("addresses", addresses.isEmpty() ? List.of("") : addresses).update();
    }

    private String urls(Map<UUID, String> urls) {
        return urls == null || urls.isEmpty() ? null : json.writeValueAsString(urls);
    }

    private StoredSurvey toRow(ResultSet rs, int n) throws SQLException {
        String urls = rs.getString("store_review_urls");
        return new StoredSurvey(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("code"),
                rs.getString("name"), json.readValue(rs.getString("definition"), Definition.class),
                rs.getObject("reward_offer_id", UUID.class), rs.getBoolean("reward_open"), rs.getString("review_url"),
                urls == null ? Map.of() : new LinkedHashMap<>(json.readValue(urls, URLS)), rs.getBoolean("open_cases"),
                rs.getInt("version"), Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "archived_at"));
    }
}
