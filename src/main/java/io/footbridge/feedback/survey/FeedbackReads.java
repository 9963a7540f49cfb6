package io.footbridge.feedback.survey;

import io.footbridge.feedback.FeedbackFigures;
import io.footbridge.feedback.PersonFeedback;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Tally;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Answers and cases, for figures and for staff; a person's are found by the profiles and identifiers they gave. */
@Repository
class FeedbackReads implements FeedbackFigures, PersonFeedback {

    private final JdbcClient jdbc;

    FeedbackReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Tally> answers(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        String quarter = Tally.quarterOf("answered_at");
        return jdbc.sql("SELECT store_id, " + quarter + " AS quarter, nps_group, COUNT(*) AS n" + """
                         FROM survey_response
                        WHERE tenant_id = :tenantId AND answered_at >= :from AND answered_at < :to
                          AND (:allStores OR store_id IN (:storeIds))
                        """ + " GROUP BY store_id, " + quarter + ", nps_group")
                .params(Tally.window(tenantId, storeIds, from, to))
                .query((rs, row) -> Tally.of(rs.getObject("store_id", UUID.class), rs.getLong("quarter"),
                        rs.getString("nps_group"), rs.getLong("n"), 0))
                .list();
    }

    @Override
    public List<Tally> cases(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        return jdbc.sql("SELECT store_id, quarter, state, COUNT(*) AS n FROM (SELECT store_id, "
                        + Tally.quarterOf("opened_at") + " AS quarter," + """
                         CASE WHEN status IN ('resolved', 'closed') THEN 'done' ELSE 'open' END AS state
                         FROM feedback_case
                        WHERE tenant_id = :tenantId AND opened_at >= :from AND opened_at < :to
                          AND (:allStores OR store_id IN (:storeIds))) x
                        GROUP BY store_id, quarter, state
                        """)
                .params(Tally.window(tenantId, storeIds, from, to))
                .query((rs, row) -> Tally.of(rs.getObject("store_id", UUID.class), rs.getLong("quarter"),
                        rs.getString("state"), rs.getLong("n"), 0))
                .list();
    }

    @Override
    public List<Answer> answers(PersonalData.Person person, Collection<UUID> storeIds, int limit) {
        return jdbc.sql("""
                        SELECT r.id, s.name, r.store_id, r.answered_at, r.score, r.comment
                        FROM survey_response r JOIN survey s ON s.id = r.survey_id
                        WHERE r.tenant_id = :tenantId AND r.erased_at IS NULL
                          AND (r.profile_id IN (:profileIds) OR r.email IN (:emails) OR r.phone IN (:phones)
                               OR r.loyalty_id IN (:loyaltyIds))
                          AND (:allStores OR r.store_id IN (:storeIds))
                        ORDER BY r.answered_at DESC
                        LIMIT :limit
                        """)
                .params(person(person, storeIds)).param("limit", limit)
                .query((rs, row) -> new Answer(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getObject("store_id", UUID.class), Timestamps.instant(rs, "answered_at"),
                        rs.getInt("score"), rs.getString("comment")))
                .list();
    }

    @Override
    public List<Case> cases(PersonalData.Person person, Collection<UUID> storeIds, int limit) {
        return jdbc.sql("""
                        SELECT id, reference, store_id, subject, status, opened_at FROM feedback_case
                        WHERE tenant_id = :tenantId AND erased_at IS NULL
                          AND (profile_id IN (:profileIds) OR email IN (:emails) OR phone IN (:phones)
                               OR loyalty_id IN (:loyaltyIds))
                          AND (:allStores OR store_id IN (:storeIds))
                        ORDER BY opened_at DESC
                        LIMIT :limit
                        """)
                .params(person(person, storeIds)).param("limit", limit)
                .query((rs, row) -> new Case(rs.getObject("id", UUID.class), rs.getString("reference"),
                        rs.getObject("store_id", UUID.class), rs.getString("subject"), rs.getString("status"),
                        Timestamps.instant(rs, "opened_at")))
                .list();
    }

    private static Map<String, Object> person(PersonalData.Person person, Collection<UUID> storeIds) {
        UUID none = new UUID(0, 0);
        return Map.of("tenantId", person.tenantId(),
                "profileIds", person.profileIds().isEmpty() ? List.of(none) : person.profileIds(),
                "emails", orNone(person.values("email")), "phones", orNone(person.values("phone")),
                "loyaltyIds", orNone(person.values("loyaltyId")), "allStores", storeIds == null,
                "storeIds", storeIds == null || storeIds.isEmpty() ? List.of(none) : storeIds);
    }

    private static List<String> orNone(List<String> values) {
        return values.isEmpty() ? List.of("") : values;
    }
}
