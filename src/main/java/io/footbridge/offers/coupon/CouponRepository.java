package io.footbridge.offers.coupon;

import io.footbridge.platform.Database;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Repository
class CouponRepository {

    static final String ACTIVE = "active";
    static final String REDEEMED = "redeemed";
    static final String REVOKED = "revoked";
    static final String EXPIRED = "expired";

    /** A code as stored. A generic code has no max_uses; its issues are counted in {@code issuedCount}. */
    record Coupon(UUID id, UUID tenantId, UUID offerId, String code, String token, Integer maxUses, String status,
               UUID profileId, Integer holderSlot, String channel, String touchpoint, UUID batchId,
               String idempotencyKey, Instant issuedAt, Instant expiresAt, Instant redeemedAt, long issuedCount,
               long viewCount, Instant firstViewedAt) {

        boolean generic() {
            return maxUses == null;
        }
    }

    /** A code with its offer, as one read serves the till. */
    record Found(Coupon coupon, OfferRepository.StoredOffer offer) {
    }

    /** A redemption as stored; {@code rolledBackAt} is set once its sale was refunded or voided. */
    record Redemption(UUID id, UUID tenantId, UUID couponId, UUID offerId, String transactionId, UUID storeId,
                      String registerId, UUID profileId, String customerKey, Integer customerSlot, long basketTotal,
                      String currency, long discount, String freeSku, String channel, String touchpoint,
                      Long secondsToRedeem, Instant redeemedAt, Instant rolledBackAt, String rollbackReason,
                      String rollbackTransactionId, String code) {
    }

    private static final String COUPON_COLUMNS = """
            c.id AS c_id, c.tenant_id AS c_tenant_id, c.offer_id AS c_offer_id, c.code AS c_code, c.token AS c_token,
            c.max_uses AS c_max_uses, c.status AS c_status, c.profile_id AS c_profile_id,
            c.holder_slot AS c_holder_slot, c.channel AS c_channel, c.touchpoint AS c_touchpoint,
            c.batch_id AS c_batch_id, c.idempotency_key AS c_idempotency_key, c.issued_at AS c_issued_at,
            c.expires_at AS c_expires_at, c.redeemed_at AS c_redeemed_at, c.issued_count AS c_issued_count,
            c.view_count AS c_view_count, c.first_viewed_at AS c_first_viewed_at
            """;
    private static final String WITH_OFFER = "SELECT " + COUPON_COLUMNS + ", " + OfferRepository.COLUMNS
            + " FROM coupon c JOIN offer o ON o.id = c.offer_id ";
    private static final String REDEMPTION_COLUMNS = """
            r.id, r.tenant_id, r.coupon_id, r.offer_id, r.transaction_id, r.store_id, r.register_id, r.profile_id,
            r.customer_key, r.customer_slot, r.basket_total, r.currency, r.discount, r.free_sku, r.channel,
            r.touchpoint, r.seconds_to_redeem, r.redeemed_at, r.rolled_back_at, r.rollback_reason,
            r.rollback_transaction_id, c.code
            """;
    private static final String INSERT_COLUMNS = "(id, tenant_id, offer_id, code, token, max_uses, status, "
            + "profile_id, holder_slot, channel, touchpoint, batch_id, idempotency_key, issued_at, expires_at, "
            + "issued_count, view_count)";
    private static final String INSERT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)";
    private static final int INSERT_PARAMS = 15;
    /** PostgreSQL takes at most 65,535 parameters per statement. */
    private static final int ROWS_PER_STATEMENT = 2000;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final boolean postgres;

    CouponRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Database database) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.postgres = database.postgres();
    }

    /**
     * False when a unique key was hit instead: the code or token is taken, the holder's slot was filled by a racing
     * issue, or the idempotency key was used.
     */
    boolean insert(Coupon row) {
        return jdbc.sql("INSERT INTO coupon " + INSERT_COLUMNS + " VALUES (:id, :tenantId, :offerId, :code, :token,"
                        + " :maxUses, :status, :profileId, :holderSlot, :channel, :touchpoint, :batchId, :key,"
                        + " :issuedAt, :expiresAt, 0, 0) ON CONFLICT DO NOTHING")
                .param("id", row.id()).param("tenantId", row.tenantId()).param("offerId", row.offerId())
                .param("code", row.code()).param("token", row.token()).param("maxUses", row.maxUses())
                .param("status", row.status()).param("profileId", row.profileId())
                .param("holderSlot", row.holderSlot()).param("channel", row.channel())
                .param("touchpoint", row.touchpoint()).param("batchId", row.batchId())
                .param("key", row.idempotencyKey()).param("issuedAt", Timestamps.of(row.issuedAt()))
                .param("expiresAt", Timestamps.of(row.expiresAt()))
                .update() == 1;
    }

    /**
     * Inserts many codes; answers the codes that were taken already (by another code of the tenant, or a token), to
     * be drawn again. PostgreSQL gets multi-row INSERTs that RETURN what went in; H2 a JDBC batch whose per-row
     * counts say the same.
     */
    Set<String> insertAll(List<Coupon> rows) {
        Set<String> inserted = new HashSet<>();
        if (postgres) {
            for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                List<Coupon> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
                String sql = "INSERT INTO coupon " + INSERT_COLUMNS + " VALUES "
                        + String.join(", ", Collections.nCopies(chunk.size(), INSERT_VALUES))
                        + " ON CONFLICT DO NOTHING RETURNING code";
                inserted.addAll(jdbcTemplate.query(connection -> {
                    PreparedStatement ps = connection.prepareStatement(sql);
                    for (int i = 0; i < chunk.size(); i++) {
                        bind(ps, i * INSERT_PARAMS, chunk.get(i));
                    }
                    return ps;
                }, (rs, n) -> rs.getString(1)));
            }
        } else {
            int[] counts = jdbcTemplate.batchUpdate("INSERT INTO coupon " + INSERT_COLUMNS + " VALUES "
                    + INSERT_VALUES + " ON CONFLICT DO NOTHING", new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    bind(ps, 0, rows.get(i));
                }

                @Override
                public int getBatchSize() {
                    return rows.size();
                }
            });
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException("The JDBC driver hid per-row results");
                }
                if (counts[i] > 0) {
                    inserted.add(rows.get(i).code());
                }
            }
        }
        Set<String> taken = new HashSet<>();
        for (Coupon row : rows) {
            if (!inserted.contains(row.code())) {
                taken.add(row.code());
            }
        }
        return taken;
    }

    private static void bind(PreparedStatement ps, int offset, Coupon row) throws SQLException {
        ps.setObject(offset + 1, row.id());
        ps.setObject(offset + 2, row.tenantId());
        ps.setObject(offset + 3, row.offerId());
        ps.setString(offset + 4, row.code());
        ps.setString(offset + 5, row.token());
        ps.setObject(offset + 6, row.maxUses());
        ps.setString(offset + 7, row.status());
        ps.setObject(offset + 8, row.profileId());
        ps.setObject(offset + 9, row.holderSlot());
        ps.setString(offset + 10, row.channel());
        ps.setString(offset + 11, row.touchpoint());
        ps.setObject(offset + 12, row.batchId());
        ps.setString(offset + 13, row.idempotencyKey());
        ps.setObject(offset + 14, Timestamps.of(row.issuedAt()));
        ps.setObject(offset + 15, Timestamps.of(row.expiresAt()));
    }

    Optional<Found> findByCode(UUID tenantId, String code) {
        return jdbc.sql(WITH_OFFER + "WHERE c.tenant_id = :tenantId AND c.code = :code")
                .param("tenantId", tenantId).param("code", code)
                .query((rs, n) -> found(rs)).optional();
    }

    Optional<Coupon> findById(UUID tenantId, UUID id) {
        return jdbc.sql(WITH_OFFER + "WHERE c.tenant_id = :tenantId AND c.id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query((rs, n) -> found(rs).coupon()).optional();
    }

    /** The coupon behind a customer's page, of whichever tenant. */
    Optional<Found> findByToken(String token) {
        return jdbc.sql(WITH_OFFER + "WHERE c.token = :token")
                .param("token", token)
                .query((rs, n) -> found(rs)).optional();
    }

    Optional<Found> findByKey(UUID tenantId, UUID offerId, String key) {
        return jdbc.sql(WITH_OFFER + "WHERE c.tenant_id = :tenantId AND c.offer_id = :offerId"
                        + " AND c.idempotency_key = :key")
                .param("tenantId", tenantId).param("offerId", offerId).param("key", key)
                .query((rs, n) -> found(rs)).optional();
    }

    /** The offer's generic code, if it was issued under this key before. */
    Optional<Found> genericIssuedUnder(UUID tenantId, UUID offerId, String key) {
        return jdbc.sql(WITH_OFFER + """
                        WHERE c.tenant_id = :tenantId AND c.offer_id = :offerId AND c.id IN (
                            SELECT k.coupon_id FROM generic_coupon_issue k
                            WHERE k.tenant_id = :tenantId AND k.offer_id = :offerId AND k.idempotency_key = :key)
                        """).param("tenantId", tenantId).param("offerId", offerId).param("key", key)
                .query((rs, n) -> found(rs)).optional();
    }

    /** The offer's generic code, which every customer shares. */
    Optional<Found> genericOf(UUID tenantId, UUID offerId) {
        return jdbc.sql(WITH_OFFER + "WHERE c.tenant_id = :tenantId AND c.offer_id = :offerId AND c.max_uses IS NULL")
                .param("tenantId", tenantId).param("offerId", offerId)
                .query((rs, n) -> found(rs)).optional();
    }

    /** The slots a person's coupons of this offer take, to find a free one within the per-customer limit. */
    List<Integer> holderSlots(UUID offerId, UUID profileId) {
        return jdbc.sql("SELECT holder_slot FROM coupon WHERE offer_id = :offerId AND profile_id = :profileId"
                        + " AND holder_slot IS NOT NULL")
                .param("offerId", offerId).param("profileId", profileId)
                .query(Integer.class).list();
    }

    /** A paged list of an offer's codes in code order; {@code afterCode} continues after the previous page. */
    List<Coupon> list(UUID tenantId, UUID offerId, String status, Instant now, String afterCode, int limit) {
        return jdbc.sql("SELECT " + COUPON_COLUMNS + """
                         FROM coupon c JOIN offer o ON o.id = c.offer_id
                        WHERE c.tenant_id = :tenantId AND c.offer_id = :offerId
                          AND (CAST(:after AS VARCHAR) IS NULL OR c.code > :after)
                          AND (CAST(:status AS VARCHAR) IS NULL
                               OR (:status IN ('redeemed', 'revoked') AND c.status = :status)
                               OR (:status = 'expired' AND c.status = 'active'
                                   AND (c.expires_at <= :now OR o.ends_by <= :now))
                               OR (:status = 'active' AND c.status = 'active'
                                   AND (c.expires_at IS NULL OR c.expires_at > :now) AND o.ends_by > :now))
                        ORDER BY c.code
                        FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("offerId", offerId).param("after", afterCode)
                .param("status", status).param("now", Timestamps.of(now)).param("limit", limit)
                .query((rs, n) -> coupon(rs)).list();
    }

    /** A person's coupons, newest first. */
    List<Found> ofProfiles(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql(WITH_OFFER + "WHERE c.tenant_id = :tenantId AND c.profile_id IN (:profileIds)"
                        + " ORDER BY c.issued_at DESC, c.id")
                .param("tenantId", tenantId).param("profileIds", profileIds)
                .query((rs, n) -> found(rs)).list();
    }

    /**
     * Takes a single-use code: the one statement whose update count decides, on any number of nodes, which of many
     * racing redemptions wins.
     */
    boolean take(UUID tenantId, UUID id, Instant now) {
        return jdbc.sql("""
                        UPDATE coupon SET status = 'redeemed', redeemed_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND status = 'active'
                        """)
                .param("now", Timestamps.of(now)).param("tenantId", tenantId).param("id", id).update() == 1;
    }

    /** Gives a redeemed code back after its sale was refunded or voided. */
    void giveBack(UUID tenantId, UUID id) {
        jdbc.sql("""
                        UPDATE coupon SET status = 'active', redeemed_at = NULL
                        WHERE tenant_id = :tenantId AND id = :id AND status = 'redeemed'
                        """)
                .param("tenantId", tenantId).param("id", id).update();
    }

    boolean revoke(UUID tenantId, UUID id) {
        return jdbc.sql("UPDATE coupon SET status = 'revoked' WHERE tenant_id = :tenantId AND id = :id"
                        + " AND status = 'active'")
                .param("tenantId", tenantId).param("id", id).update() == 1;
    }

    /** False when the generic code was issued under this key before: a retry, not counted again. */
    boolean keyIssue(UUID tenantId, UUID offerId, String key, UUID couponId, Instant now) {
        return jdbc.sql("""
                        INSERT INTO generic_coupon_issue (tenant_id, offer_id, idempotency_key, coupon_id, created_at)
                        VALUES (:tenantId, :offerId, :key, :couponId, :now) ON CONFLICT DO NOTHING
                        """).param("tenantId", tenantId).param("offerId", offerId).param("key", key)
                .param("couponId", couponId).param("now", Timestamps.of(now)).update() == 1;
    }

    void countIssue(UUID tenantId, UUID id) {
        jdbc.sql("UPDATE coupon SET issued_count = issued_count + 1 WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).update();
    }

    void viewed(UUID id, Instant now) {
        jdbc.sql("""
                        UPDATE coupon SET view_count = view_count + 1, first_viewed_at = COALESCE(first_viewed_at, :now)
                        WHERE id = :id
                        """)
                .param("now", Timestamps.of(now)).param("id", id).update();
    }

    /** Erasure: the coupons stay for the offer's figures, but no longer say whose they were. */
    int detach(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("""
                        UPDATE coupon SET profile_id = NULL, holder_slot = NULL, idempotency_key = NULL
                        WHERE tenant_id = :tenantId AND profile_id IN (:profileIds)
                        """)
                .param("tenantId", tenantId).param("profileIds", profileIds).update();
    }

    // --- redemptions

    /** False when the same sale already redeemed this coupon, or a racing one took the customer's slot. */
    boolean insert(Redemption r) {
        return jdbc.sql("""
                        INSERT INTO coupon_redemption (id, tenant_id, coupon_id, offer_id, transaction_id, store_id,
                            register_id, profile_id, customer_key, customer_slot, basket_total, currency, discount,
                            free_sku, channel, touchpoint, seconds_to_redeem, redeemed_at)
                        VALUES (:id, :tenantId, :couponId, :offerId, :transactionId, :storeId, :registerId,
                            :profileId, :customerKey, :customerSlot, :basketTotal, :currency, :discount, :freeSku,
                            :channel, :touchpoint, :secondsToRedeem, :redeemedAt)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", r.id()).param("tenantId", r.tenantId()).param("couponId", r.couponId())
                .param("offerId", r.offerId()).param("transactionId", r.transactionId())
                .param("storeId", r.storeId()).param("registerId", r.registerId()).param("profileId", r.profileId())
                .param("customerKey", r.customerKey()).param("customerSlot", r.customerSlot())
                .param("basketTotal", r.basketTotal()).param("currency", r.currency()).param("discount", r.discount())
                .param("freeSku", r.freeSku()).param("channel", r.channel()).param("touchpoint", r.touchpoint())
                .param("secondsToRedeem", r.secondsToRedeem()).param("redeemedAt", Timestamps.of(r.redeemedAt()))
                .update() == 1;
    }

    Optional<Redemption> redemption(UUID tenantId, String transactionId, UUID couponId) {
        return jdbc.sql("SELECT " + REDEMPTION_COLUMNS + """
                         FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
                        WHERE r.tenant_id = :tenantId AND r.transaction_id = :transactionId AND r.coupon_id = :couponId
                        """)
                .param("tenantId", tenantId).param("transactionId", transactionId).param("couponId", couponId)
                .query((rs, n) -> redemption(rs)).optional();
    }

    List<Redemption> redemptionsOfSale(UUID tenantId, String transactionId) {
        return jdbc.sql("SELECT " + REDEMPTION_COLUMNS + """
                         FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
                        WHERE r.tenant_id = :tenantId AND r.transaction_id = :transactionId
                        ORDER BY r.redeemed_at, r.id
                        """)
                .param("tenantId", tenantId).param("transactionId", transactionId)
                .query((rs, n) -> redemption(rs)).list();
    }

    List<Redemption> redemptionsOfCoupon(UUID tenantId, UUID couponId) {
        return jdbc.sql("SELECT " + REDEMPTION_COLUMNS + """
                         FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
                        WHERE r.tenant_id = :tenantId AND r.coupon_id = :couponId
                        ORDER BY r.redeemed_at DESC, r.id
                        FETCH FIRST 100 ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("couponId", couponId)
                .query((rs, n) -> redemption(rs)).list();
    }

    List<Redemption> redemptionsOfProfiles(UUID tenantId, Collection<UUID> profileIds) {
        return jdbc.sql("SELECT " + REDEMPTION_COLUMNS + """
                         FROM coupon_redemption r JOIN coupon c ON c.id = r.coupon_id
                        WHERE r.tenant_id = :tenantId AND r.profile_id IN (:profileIds)
                        ORDER BY r.redeemed_at DESC, r.id
                        """)
                .param("tenantId", tenantId).param("profileIds", profileIds)
                .query((rs, n) -> redemption(rs)).list();
    }

    /** The per-customer slots a customer's live redemptions of a generic code take. */
    List<Integer> customerSlots(UUID offerId, Collection<String> customerKeys) {
        return jdbc.sql("SELECT customer_slot FROM coupon_redemption WHERE offer_id = :offerId"
                        + " AND customer_key IN (:customerKeys) AND customer_slot IS NOT NULL")
                .param("offerId", offerId).param("customerKeys", customerKeys)
                .query(Integer.class).list();
    }

    /** Marks a redemption undone; false when it was already (a retried refund). */
    boolean rollBack(UUID tenantId, UUID id, Instant now, String reason, String rollbackTransactionId) {
        return jdbc.sql("""
                        UPDATE coupon_redemption SET rolled_back_at = :now, rollback_reason = :reason,
                               rollback_transaction_id = :rollbackTransactionId, customer_slot = NULL
                        WHERE tenant_id = :tenantId AND id = :id AND rolled_back_at IS NULL
                        """)
                .param("now", Timestamps.of(now)).param("reason", reason)
                .param("rollbackTransactionId", rollbackTransactionId).param("tenantId", tenantId).param("id", id)
                .update() == 1;
    }

    int detachRedemptions(UUID tenantId, Collection<UUID> profileIds, Collection<String> customerKeys) {
        return jdbc.sql("""
                        UPDATE coupon_redemption SET profile_id = NULL, customer_key = NULL, customer_slot = NULL
                        WHERE tenant_id = :tenantId AND (profile_id IN (:profileIds) OR customer_key IN (:keys))
                        """)
                .param("tenantId", tenantId).param("profileIds", profileIds)
                .param("keys", customerKeys.isEmpty() ? List.of("-") : customerKeys).update();
    }

    private static Found found(ResultSet rs) throws SQLException {
        return new Found(coupon(rs), OfferRepository.toRow(rs));
    }

    private static Coupon coupon(ResultSet rs) throws SQLException {
        return new Coupon(rs.getObject("c_id", UUID.class), rs.getObject("c_tenant_id", UUID.class),
                rs.getObject("c_offer_id", UUID.class), rs.getString("c_code"), rs.getString("c_token"),
                rs.getObject("c_max_uses", Integer.class), rs.getString("c_status"),
                rs.getObject("c_profile_id", UUID.class), rs.getObject("c_holder_slot", Integer.class),
                rs.getString("c_channel"), rs.getString("c_touchpoint"), rs.getObject("c_batch_id", UUID.class),
                rs.getString("c_idempotency_key"), Timestamps.instant(rs, "c_issued_at"),
                Timestamps.instant(rs, "c_expires_at"), Timestamps.instant(rs, "c_redeemed_at"),
                rs.getLong("c_issued_count"), rs.getLong("c_view_count"), Timestamps.instant(rs, "c_first_viewed_at"));
    }

    private static Redemption redemption(ResultSet rs) throws SQLException {
        return new Redemption(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("coupon_id", UUID.class), rs.getObject("offer_id", UUID.class),
                rs.getString("transaction_id"), rs.getObject("store_id", UUID.class), rs.getString("register_id"),
                rs.getObject("profile_id", UUID.class), rs.getString("customer_key"),
                rs.getObject("customer_slot", Integer.class), rs.getLong("basket_total"), rs.getString("currency"),
                rs.getLong("discount"), rs.getString("free_sku"), rs.getString("channel"), rs.getString("touchpoint"),
                rs.getObject("seconds_to_redeem", Long.class), Timestamps.instant(rs, "redeemed_at"),
                Timestamps.instant(rs, "rolled_back_at"), rs.getString("rollback_reason"),
                rs.getString("rollback_transaction_id"), rs.getString("code"));
    }

    /** Whether the offer has codes held by no one (printed, or made to be handed out), whatever their state. */
    boolean anyUnheld(UUID tenantId, UUID offerId) {
        return jdbc.sql("SELECT COUNT(*) FROM coupon WHERE tenant_id = :t AND offer_id = :o AND profile_id IS NULL")
                .param("t", tenantId).param("o", offerId).query(Long.class).single() > 0;
    }
}
