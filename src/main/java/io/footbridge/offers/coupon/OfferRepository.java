package io.footbridge.offers.coupon;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Repository
class OfferRepository {

    /** An offer as stored. Percentages are basis points (12.5 % is 1250), so they stay exact integers. */
    record StoredOffer(UUID id, UUID tenantId, String name, String description, String terms, OfferType type,
               Integer percentBp, Long amount, Long maxDiscount, String freeSku, String currency, long minBasket,
               String validFrom, String validUntil, Instant startsBy, Instant endsBy, Integer validDays,
               Integer perCustomerLimit, Long maxRedemptions, Long budget, long redeemedCount, long discountSpent,
               String channels, String codePrefix, int codeLength, boolean generic, int version, Instant createdAt,
               Instant updatedAt, Instant archivedAt, List<String> tiers) {

        StoredOffer {
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
        }

        /** Kept for members of some loyalty tiers. */
        boolean forTiers() {
            return !tiers.isEmpty();
        }

        Validity validity() {
            return Validity.of(validFrom, validUntil);
        }

        /** Offers with a cap or budget count their redemptions on their own row; others need not. */
        boolean counted() {
            return maxRedemptions != null || budget != null;
        }

        List<String> channelList() {
            return channels == null || channels.isEmpty() ? List.of() : Arrays.asList(channels.split(","));
        }

        boolean allows(String channel) {
            return channels == null || channels.isEmpty() || channelList().contains(channel);
        }
    }

    /** Where an offer applies; an empty set does not restrict. */
    record Targets(Set<UUID> stores, Set<String> skus, Set<String> categories) {

        static final Targets NONE = new Targets(Set.of(), Set.of(), Set.of());

        boolean byProduct() {
            return !skus.isEmpty() || !categories.isEmpty();
        }
    }

    static final String COLUMNS = """
            o.id, o.tenant_id, o.name, o.description, o.terms, o.type, o.percent_bp, o.amount, o.max_discount,
            o.free_sku, o.currency, o.min_basket, o.valid_from, o.valid_until, o.starts_by, o.ends_by, o.valid_days,
            o.per_customer_limit, o.max_redemptions, o.budget, o.redeemed_count, o.discount_spent, o.channels,
            o.code_prefix, o.code_length, o.generic, o.version, o.created_at, o.updated_at, o.archived_at, o.tiers
            """;
    /** Tier names as stored: a JSON array, since a tier's name may hold a comma. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    OfferRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    void insert(StoredOffer row) {
        jdbc.sql("""
                        INSERT INTO offer (id, tenant_id, name, description, terms, type, percent_bp, amount,
                            max_discount, free_sku, currency, min_basket, valid_from, valid_until, starts_by, ends_by,
                            valid_days, per_customer_limit, max_redemptions, budget, redeemed_count, discount_spent,
                            channels, code_prefix, code_length, generic, version, created_at, updated_at, tiers)
                        VALUES (:id, :tenantId, :name, :description, :terms, :type, :percentBp, :amount,
                            :maxDiscount, :freeSku, :currency, :minBasket, :validFrom, :validUntil, :startsBy, :endsBy,
                            :validDays, :perCustomerLimit, :maxRedemptions, :budget, 0, 0,
                            :channels, :codePrefix, :codeLength, :generic, 1, :createdAt, :createdAt, :tiers)
                        """)
                .param("id", row.id()).param("tenantId", row.tenantId()).param("name", row.name())
                .param("description", row.description()).param("terms", row.terms())
                .param("type", row.type().value()).param("percentBp", row.percentBp()).param("amount", row.amount())
                .param("maxDiscount", row.maxDiscount()).param("freeSku", row.freeSku())
                .param("currency", row.currency()).param("minBasket", row.minBasket())
                .param("validFrom", row.validFrom()).param("validUntil", row.validUntil())
                .param("startsBy", Timestamps.of(row.startsBy())).param("endsBy", Timestamps.of(row.endsBy()))
                .param("validDays", row.validDays()).param("perCustomerLimit", row.perCustomerLimit())
                .param("maxRedemptions", row.maxRedemptions()).param("budget", row.budget())
                .param("channels", row.channels()).param("codePrefix", row.codePrefix())
                .param("codeLength", row.codeLength()).param("generic", row.generic())
                .param("createdAt", Timestamps.of(row.createdAt())).param("tiers", tiers(row.tiers()))
                .update();
    }

    /**
     * Replaces what a marketer may change. When the offer has a cap or budget now, its counters are recounted from
     * the redemptions, as they were not kept while it had neither.
     */
    int replace(StoredOffer row) {
        return jdbc.sql("""
                        UPDATE offer SET name = :name, description = :description, terms = :terms,
                            percent_bp = :percentBp, amount = :amount, max_discount = :maxDiscount, free_sku = :freeSku,
                            min_basket = :minBasket, valid_from = :validFrom, valid_until = :validUntil,
                            starts_by = :startsBy, ends_by = :endsBy, valid_days = :validDays,
                            per_customer_limit = :perCustomerLimit, max_redemptions = :maxRedemptions,
                            budget = :budget, channels = :channels, tiers = :tiers, version = version + 1,
                            updated_at = :now,
                            redeemed_count = (SELECT COUNT(*) FROM coupon_redemption r
                                              WHERE r.offer_id = :id AND r.rolled_back_at IS NULL),
                            discount_spent = (SELECT COALESCE(SUM(r.discount), 0) FROM coupon_redemption r
                                              WHERE r.offer_id = :id AND r.rolled_back_at IS NULL)
                        WHERE tenant_id = :tenantId AND id = :id AND archived_at IS NULL
                        """)
                .param("name", row.name()).param("description", row.description()).param("terms", row.terms())
                .param("percentBp", row.percentBp()).param("amount", row.amount())
                .param("maxDiscount", row.maxDiscount()).param("freeSku", row.freeSku())
                .param("minBasket", row.minBasket()).param("validFrom", row.validFrom())
                .param("validUntil", row.validUntil()).param("startsBy", Timestamps.of(row.startsBy()))
                .param("endsBy", Timestamps.of(row.endsBy())).param("validDays", row.validDays())
                .param("perCustomerLimit", row.perCustomerLimit()).param("maxRedemptions", row.maxRedemptions())
                .param("budget", row.budget()).param("channels", row.channels()).param("tiers", tiers(row.tiers()))
                .param("now", Timestamps.now())
                .param("tenantId", row.tenantId()).param("id", row.id())
                .update();
    }

    int archive(UUID tenantId, UUID id) {
        var now = Timestamps.now();
        return jdbc.sql("""
                        UPDATE offer SET archived_at = :now, updated_at = :now, version = version + 1
                        WHERE tenant_id = :tenantId AND id = :id AND archived_at IS NULL
                        """)
                .param("now", now).param("tenantId", tenantId).param("id", id).update();
    }

    Optional<StoredOffer> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM offer o WHERE o.tenant_id = :tenantId AND o.id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query((rs, n) -> toRow(rs)).optional();
    }

    /**
     * The offer, locked until the transaction ends. A change recounts the redemptions; read committed, the recount
     * must start after a redemption holding the row has committed, or that one would be missed and the cap overrun.
     */
    Optional<StoredOffer> findForUpdate(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM offer o WHERE o.tenant_id = :tenantId AND o.id = :id FOR UPDATE")
                .param("tenantId", tenantId).param("id", id)
                .query((rs, n) -> toRow(rs)).optional();
    }

    /** Newest first; {@code status} is one of active, scheduled, ended, archived, or null for all. */
    List<StoredOffer> list(UUID tenantId, String status, Instant now, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM offer o
                        WHERE o.tenant_id = :tenantId
                          AND (CAST(:status AS VARCHAR) IS NULL
                               OR (:status = 'archived' AND o.archived_at IS NOT NULL)
                               OR (:status = 'active' AND o.archived_at IS NULL AND o.starts_by <= :now
                                   AND o.ends_by > :now)
                               OR (:status = 'scheduled' AND o.archived_at IS NULL AND o.starts_by > :now)
                               OR (:status = 'ended' AND o.archived_at IS NULL AND o.ends_by <= :now))
                        ORDER BY o.created_at DESC, o.id
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("status", status).param("now", Timestamps.of(now))
                .param("limit", limit).param("offset", offset)
                .query((rs, n) -> toRow(rs)).list();
    }

    /**
     * Counts one redemption against the cap and budget, in the same statement that checks them, so that racing
     * redemptions on any number of nodes cannot go over either. False when the offer is used up.
     */
    boolean count(UUID tenantId, UUID id, long discount) {
        return jdbc.sql("""
                        UPDATE offer SET redeemed_count = redeemed_count + 1, discount_spent = discount_spent + :discount
                        WHERE tenant_id = :tenantId AND id = :id
                          AND (max_redemptions IS NULL OR redeemed_count < max_redemptions)
                          AND (budget IS NULL OR discount_spent + :discount <= budget)
                        """)
                .param("discount", discount).param("tenantId", tenantId).param("id", id).update() == 1;
    }

    void uncount(UUID tenantId, UUID id, long discount) {
        jdbc.sql("""
                        UPDATE offer SET redeemed_count = GREATEST(redeemed_count - 1, 0),
                                         discount_spent = GREATEST(discount_spent - :discount, 0)
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("discount", discount).param("tenantId", tenantId).param("id", id).update();
    }

    void replaceTargets(UUID tenantId, UUID offerId, Targets targets) {
        jdbc.sql("DELETE FROM offer_target WHERE tenant_id = :tenantId AND offer_id = :offerId")
                .param("tenantId", tenantId).param("offerId", offerId).update();
        List<Object[]> rows = new ArrayList<>();
        targets.stores().forEach(s -> rows.add(new Object[]{offerId, tenantId, "store", s.toString()}));
        targets.skus().forEach(s -> rows.add(new Object[]{offerId, tenantId, "sku", s}));
        targets.categories().forEach(c -> rows.add(new Object[]{offerId, tenantId, "category", c}));
        if (!rows.isEmpty()) {
            insertTargets(rows);
        }
    }

    private void insertTargets(List<Object[]> rows) {
        jdbcTemplate.batchUpdate("INSERT INTO offer_target (offer_id, tenant_id, kind, target) VALUES (?, ?, ?, ?)",
                rows);
    }

    Targets targets(UUID tenantId, UUID offerId) {
        Set<UUID> stores = new HashSet<>();
        Set<String> skus = new HashSet<>();
        Set<String> categories = new HashSet<>();
        jdbc.sql("SELECT kind, target FROM offer_target WHERE tenant_id = :tenantId AND offer_id = :offerId")
                .param("tenantId", tenantId).param("offerId", offerId)
                .query(rs -> {
                    String target = rs.getString("target");
                    switch (rs.getString("kind")) {
                        case "store" -> stores.add(UUID.fromString(target));
                        case "sku" -> skus.add(target);
                        default -> categories.add(target);
                    }
                });
        return stores.isEmpty() && skus.isEmpty() && categories.isEmpty() ? Targets.NONE
                : new Targets(Set.copyOf(stores), Set.copyOf(skus), Set.copyOf(categories));
    }

    static StoredOffer toRow(ResultSet rs) throws SQLException {
        return new StoredOffer(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("name"),
                rs.getString("description"), rs.getString("terms"), OfferType.of(rs.getString("type")),
                rs.getObject("percent_bp", Integer.class), rs.getObject("amount", Long.class),
                rs.getObject("max_discount", Long.class), rs.getString("free_sku"), rs.getString("currency"),
                rs.getLong("min_basket"), rs.getString("valid_from"), rs.getString("valid_until"),
                Timestamps.instant(rs, "starts_by"), Timestamps.instant(rs, "ends_by"),
                rs.getObject("valid_days", Integer.class), rs.getObject("per_customer_limit", Integer.class),
                rs.getObject("max_redemptions", Long.class), rs.getObject("budget", Long.class),
                rs.getLong("redeemed_count"), rs.getLong("discount_spent"), rs.getString("channels"),
                rs.getString("code_prefix"), rs.getInt("code_length"), rs.getBoolean("generic"), rs.getInt("version"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "archived_at"), tiers(rs.getString("tiers")));
    }

    /**
     * Offers still running that are kept for some tiers, newest first: few per tenant, so the tiers are matched
     * here rather than in SQL, the same way on both databases.
     */
    List<StoredOffer> forTiers(UUID tenantId, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM offer o
                        WHERE o.tenant_id = :tenantId AND o.tiers IS NOT NULL AND o.archived_at IS NULL
                          AND o.starts_by <= :now AND o.ends_by > :now
                        ORDER BY o.created_at DESC, o.id
                        """)
                .param("tenantId", tenantId).param("now", Timestamps.of(now))
                .query((rs, n) -> toRow(rs)).list();
    }

    private static String tiers(List<String> tiers) {
        return tiers == null || tiers.isEmpty() ? null : JSON.writeValueAsString(tiers);
    }

    private static List<String> tiers(String stored) {
        return stored == null ? List.of() : List.of(JSON.readValue(stored, String[].class));
    }
}
