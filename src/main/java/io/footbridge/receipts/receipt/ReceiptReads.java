package io.footbridge.receipts.receipt;

import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Tally;
import io.footbridge.receipts.PersonReceipts;
import io.footbridge.receipts.ReceiptFigures;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@Repository
class ReceiptReads implements ReceiptFigures, PersonReceipts {

    private static final String QUARTER = Tally.quarterOf("r.occurred_at");
    private static final String OPENED = """
            CASE WHEN r.views > 0 OR EXISTS (SELECT 1 FROM receipt_message m WHERE m.receipt_id = r.id
                                              AND (m.opened_at IS NOT NULL OR m.clicked_at IS NOT NULL))
                 THEN 'opened' ELSE 'unopened' END""";

    private final JdbcClient jdbc;

    ReceiptReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Tally> receipts(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        return jdbc.sql("SELECT store_id, quarter, opened, COUNT(*) AS n FROM (SELECT r.store_id, " + QUARTER
                        + " AS quarter, " + OPENED + " AS opened" + """
                         FROM receipt r
                        WHERE r.tenant_id = :tenantId AND r.occurred_at >= :from AND r.occurred_at < :to
                          AND (:allStores OR r.store_id IN (:storeIds))) x
                        GROUP BY store_id, quarter, opened
                        """)
                .params(Tally.window(tenantId, storeIds, from, to))
                .query((rs, row) -> Tally.of(rs.getObject("store_id", UUID.class), rs.getLong("quarter"),
                        rs.getString("opened"), rs.getLong("n"), 0))
                .list();
    }

    @Override
    public List<Summary> recent(PersonalData.Person person, Collection<UUID> storeIds, int limit) {
        List<String> emails = person.values("email");
        List<String> phones = person.values("phone");
        List<String> loyaltyIds = person.values("loyaltyId");
        if (emails.isEmpty() && phones.isEmpty() && loyaltyIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT id, transaction_id, store_id, occurred_at, currency, total, refunded, status, channel,
                               delivery, views
                        FROM receipt
                        WHERE tenant_id = :tenantId AND erased_at IS NULL
                          AND (email IN (:emails) OR phone IN (:phones) OR loyalty_id IN (:loyaltyIds))
                          AND (:allStores OR store_id IN (:storeIds))
                        ORDER BY occurred_at DESC
                        LIMIT :limit
                        """)
                .param("tenantId", person.tenantId()).param("emails", orNone(emails)).param("phones", orNone(phones))
                .param("loyaltyIds", orNone(loyaltyIds)).param("allStores", storeIds == null)
                .param("storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds).param("limit", limit)
                .query((rs, row) -> new Summary(rs.getObject("id", UUID.class), rs.getString("transaction_id"),
                        rs.getObject("store_id", UUID.class), io.footbridge.platform.Timestamps.instant(rs,
                        "occurred_at"), rs.getString("currency"), rs.getLong("total"), rs.getLong("refunded"),
                        ReceiptRepository.VOID.equals(rs.getString("status")), rs.getString("channel"),
                        rs.getString("delivery"), rs.getInt("views")))
                .list();
    }

    private static List<String> orNone(List<String> values) {
        return values.isEmpty() ? List.of("") : values;
    }
}
