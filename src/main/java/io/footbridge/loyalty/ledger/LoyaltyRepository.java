package io.footbridge.loyalty.ledger;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The programme, members, ledger entries, redemptions and tier changes; the tenant in every WHERE. */
@Repository
class LoyaltyRepository {

    /** A member row; {@code id} is internal, the loyalty number is what people give. */
    record Member(UUID id, UUID tenantId, String loyaltyId, String tier, Instant tierReviewAt, Instant joinedAt) {
    }

    record Entry(UUID id, UUID tenantId, UUID memberId, String kind, long points, String source, String sourceId,
                 UUID lotId, UUID storeId, String reason, String actor, Instant occurredAt, Instant availableAt,
                 Instant expiresAt, Instant createdAt) {
    }

    record Balances(long available, long pending, long lifetime, long expired) {
    }

    /** {@code amount} and {@code currency}: what the points paid, when they were spent as payment. */
    record Redemption(String transactionId, UUID memberId, long points, long returned, String reward, UUID storeId,
                      long balanceAfter, Instant createdAt, UUID couponId, String couponCode, Long amount,
                      String currency) {
    }

    /** What a sale added to its member's spend, and what its refunds have taken back so far (zero or less). */
    record SaleSpend(UUID memberId, long amount, long returned) {
    }

    private static final String MEMBER = "SELECT id, tenant_id, loyalty_id, tier, tier_review_at, joined_at"
            + " FROM loyalty_member";
    private static final String ENTRY = "SELECT id, tenant_id, member_id, kind, points, source, source_id, lot_id,"
            + " store_id, reason, actor, occurred_at, available_at, expires_at, created_at FROM loyalty_entry";

    private final JdbcClient jdbc;
    private final WalletPassRegistry walletPasses;

    LoyaltyRepository(JdbcClient jdbc, WalletPassRegistry walletPasses) {
        this.jdbc = jdbc;
        this.walletPasses = walletPasses;
    }

    Optional<String> programme(UUID tenantId) {
        return jdbc.sql("SELECT settings FROM loyalty_program WHERE tenant_id = :t").param("t", tenantId)
                .query(String.class).optional();
    }

    void saveProgramme(UUID tenantId, String currency, String settings, Instant now) {
        int updated = jdbc.sql("""
                        UPDATE loyalty_program SET currency = :c, settings = :s, updated_at = :now WHERE tenant_id = :t
                        """).param("t", tenantId).param("c", currency).param("s", settings)
                .param("now", Timestamps.of(now)).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO loyalty_program (tenant_id, currency, settings, updated_at)
                            VALUES (:t, :c, :s, :now) ON CONFLICT DO NOTHING
                            """).param("t", tenantId).param("c", currency).param("s", settings)
                    .param("now", Timestamps.of(now)).update();
        }
    }

    Optional<Member> member(UUID tenantId, String loyaltyId) {
        return jdbc.sql(MEMBER + " WHERE tenant_id = :t AND loyalty_id = :l").param("t", tenantId)
                .param("l", loyaltyId).query(LoyaltyRepository::member).optional();
    }

    /** The member's row, locked until the transaction ends: every balance change of one member goes one by one. */
    Optional<Member> lock(UUID tenantId, String loyaltyId) {
        return jdbc.sql(MEMBER + " WHERE tenant_id = :t AND loyalty_id = :l FOR UPDATE").param("t", tenantId)
                .param("l", loyaltyId).query(LoyaltyRepository::member).optional();
    }

    /**
     * Keeps the club's consent answer a member gave again at the till, unless the very same answer was kept within
     * {@code window} before {@code now} (a till sending the request again): true when it is to be recorded. Locks
     * the member's row, so two copies racing record one.
     */
    boolean newConsentAnswer(UUID tenantId, UUID memberId, String answer, Instant now, java.time.Duration window) {
        lockById(tenantId, memberId);
        boolean same = jdbc.sql("""
                        SELECT COUNT(*) FROM loyalty_member WHERE tenant_id = :t AND id = :m
                          AND consent_answer = :answer AND consent_answered_at > :since
                        """).param("t", tenantId).param("m", memberId).param("answer", answer)
                .param("since", Timestamps.of(now.minus(window))).query(Long.class).single() > 0;
        if (same) {
            return false;
        }
        jdbc.sql("UPDATE loyalty_member SET consent_answer = :answer, consent_answered_at = :now"
                        + " WHERE tenant_id = :t AND id = :m").param("answer", answer).param("now", Timestamps.of(now))
                .param("t", tenantId).param("m", memberId).update();
        return true;
    }

    void lockById(UUID tenantId, UUID memberId) {
        jdbc.sql("SELECT id FROM loyalty_member WHERE tenant_id = :t AND id = :m FOR UPDATE").param("t", tenantId)
                .param("m", memberId).query(UUID.class).optional();
    }

    Optional<Member> memberById(UUID tenantId, UUID memberId) {
        return jdbc.sql(MEMBER + " WHERE tenant_id = :t AND id = :m").param("t", tenantId).param("m", memberId)
                .query(LoyaltyRepository::member).optional();
    }

    /** Makes the member if the number is new; answers whether it was. */
    boolean join(UUID tenantId, String loyaltyId, Instant joinedAt, UUID storeId) {
        return jdbc.sql("""
                        INSERT INTO loyalty_member (id, tenant_id, loyalty_id, joined_at, joined_store)
                        VALUES (:id, :t, :l, :at, :store) ON CONFLICT DO NOTHING
                        """).param("id", UUID.randomUUID()).param("t", tenantId).param("l", loyaltyId)
                .param("at", Timestamps.of(joinedAt)).param("store", storeId).update() == 1;
    }

    /** Who brought this member in, when someone did. */
    Optional<UUID> referrer(UUID tenantId, UUID memberId) {
        return jdbc.sql("SELECT referred_by FROM loyalty_member WHERE tenant_id = :t AND id = :m")
                .param("t", tenantId).param("m", memberId).query((rs, n) -> rs.getObject(1, UUID.class)).optional()
                .filter(java.util.Objects::nonNull);
    }

    /** Sets the referrer unless one is set already; answers whether it was set. */
    boolean setReferrer(UUID tenantId, UUID memberId, UUID referrerId) {
        return jdbc.sql("""
                        UPDATE loyalty_member SET referred_by = :r
                        WHERE tenant_id = :t AND id = :m AND referred_by IS NULL
                        """).param("r", referrerId).param("t", tenantId).param("m", memberId).update() == 1;
    }

    /** Whether a sale has earned the member points: a referral counts only for someone who has not bought yet. */
    boolean hasBought(UUID memberId) {
        return jdbc.sql("SELECT COUNT(*) FROM loyalty_entry WHERE member_id = :m AND source = 'sale'")
                .param("m", memberId).query(Long.class).single() > 0;
    }

    Optional<String> referralCode(UUID tenantId, UUID memberId) {
        return jdbc.sql("SELECT referral_code FROM loyalty_member WHERE tenant_id = :t AND id = :m")
                .param("t", tenantId).param("m", memberId).query((rs, n) -> rs.getString(1)).optional()
                .filter(java.util.Objects::nonNull);
    }

    /** Gives the member this code unless they have one; false when they had one or another member holds it. */
    boolean setReferralCode(UUID tenantId, UUID memberId, String code) {
        try {
            return jdbc.sql("""
                            UPDATE loyalty_member SET referral_code = :c
                            WHERE tenant_id = :t AND id = :m AND referral_code IS NULL
                            """).param("c", code).param("t", tenantId).param("m", memberId).update() == 1;
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return false;
        }
    }

    Optional<Member> memberByReferralCode(UUID tenantId, String code) {
        return jdbc.sql(MEMBER + " WHERE tenant_id = :t AND referral_code = :c").param("t", tenantId)
                .param("c", code).query(LoyaltyRepository::member).optional();
    }

    /** How many members this member brought in, and how many of them have bought. */
    long[] referred(UUID tenantId, UUID memberId) {
        return jdbc.sql("""
                        SELECT COUNT(*) AS joined, COUNT(e.id) AS bought FROM loyalty_member m
                        LEFT JOIN loyalty_entry e ON e.tenant_id = m.tenant_id AND e.source = 'referral'
                          AND e.source_id = CAST(m.id AS VARCHAR(36))
                        WHERE m.tenant_id = :t AND m.referred_by = :m
                        """).param("t", tenantId).param("m", memberId)
                .query((rs, n) -> new long[] {rs.getLong("joined"), rs.getLong("bought")}).single();
    }

    /** The store the member joined at: the clock of their birthday. */
    Optional<UUID> joinedStore(UUID tenantId, UUID memberId) {
        return jdbc.sql("SELECT joined_store FROM loyalty_member WHERE tenant_id = :t AND id = :m")
                .param("t", tenantId).param("m", memberId).query((rs, n) -> rs.getObject(1, UUID.class)).optional()
                .filter(java.util.Objects::nonNull);
    }

    /** Tenants running a programme, for the sweep's birthday bonuses. */
    List<UUID> programmeTenants() {
        return jdbc.sql("SELECT tenant_id FROM loyalty_program ORDER BY tenant_id").query(UUID.class).list();
    }

    List<Member> members(UUID tenantId, String prefix, int offset, int limit) {
        String page = " ORDER BY joined_at DESC, id OFFSET :o ROWS FETCH FIRST :n ROWS ONLY";
        if (prefix == null || prefix.isEmpty()) {
            return jdbc.sql(MEMBER + " WHERE tenant_id = :t" + page).param("t", tenantId).param("o", offset)
                    .param("n", limit).query(LoyaltyRepository::member).list();
        }
        return jdbc.sql(MEMBER + " WHERE tenant_id = :t AND loyalty_id LIKE :p ESCAPE '\\'" + page)
                .param("t", tenantId).param("p", escape(prefix) + "%").param("o", offset).param("n", limit)
                .query(LoyaltyRepository::member).list();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    Balances balances(UUID memberId, Instant now) {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(CASE WHEN available_at <= :now THEN points ELSE 0 END), 0) AS available,
                               COALESCE(SUM(CASE WHEN available_at > :now THEN points ELSE 0 END), 0) AS pending,
                               COALESCE(SUM(CASE WHEN kind IN ('earn', 'bonus')
                                   OR kind = 'reverse' AND lot_id IS NOT NULL THEN points ELSE 0 END), 0)
                                   AS lifetime,
                               COALESCE(SUM(CASE WHEN kind = 'expire' THEN -points ELSE 0 END), 0) AS expired
                        FROM loyalty_entry WHERE member_id = :m
                        """).param("m", memberId).param("now", Timestamps.of(now))
                .query((rs, n) -> new Balances(rs.getLong("available"), rs.getLong("pending"),
                        rs.getLong("lifetime"), rs.getLong("expired"))).single();
    }

    /**
     * Adds an entry unless one with its source and source id is there already; answers whether it was added. Every
     * change of points goes through here, so this is where the member's wallet card learns it is out of date.
     */
    boolean add(Entry e) {
        boolean added = jdbc.sql("""
                        INSERT INTO loyalty_entry (id, tenant_id, member_id, kind, points, source, source_id, lot_id,
                            store_id, reason, actor, occurred_at, available_at, expires_at, created_at)
                        VALUES (:id, :t, :m, :kind, :points, :source, :sourceId, :lot, :store, :reason, :actor,
                            :occurredAt, :availableAt, :expiresAt, :createdAt)
                        ON CONFLICT DO NOTHING
                        """).param("id", e.id()).param("t", e.tenantId()).param("m", e.memberId())
                .param("kind", e.kind()).param("points", e.points()).param("source", e.source())
                .param("sourceId", e.sourceId()).param("lot", e.lotId()).param("store", e.storeId())
                .param("reason", e.reason()).param("actor", e.actor())
                .param("occurredAt", Timestamps.of(e.occurredAt())).param("availableAt", Timestamps.of(e.availableAt()))
                .param("expiresAt", Timestamps.of(e.expiresAt())).param("createdAt", Timestamps.of(e.createdAt()))
                .update() == 1;
        if (added) {
            walletPasses.changed(e.memberId(), e.createdAt());
        }
        return added;
    }

    Optional<Entry> bySource(UUID tenantId, String source, String sourceId) {
        return jdbc.sql(ENTRY + " WHERE tenant_id = :t AND source = :s AND source_id = :id").param("t", tenantId)
                .param("s", source).param("id", sourceId).query(LoyaltyRepository::entry).optional();
    }

    /** What has been taken back from an earn so far (reversals are negative, so this is zero or less). */
    long reversed(UUID lotId) {
        return jdbc.sql("SELECT COALESCE(SUM(points), 0) FROM loyalty_entry WHERE lot_id = :lot AND kind = 'reverse'")
                .param("lot", lotId).query(Long.class).single();
    }

    /** What a member's sales earned net of their refunds and voids: zero once every purchase was given back. */
    long standingSalePoints(UUID memberId) {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(points), 0) FROM loyalty_entry WHERE member_id = :m
                          AND (source = 'sale' OR kind = 'reverse' AND lot_id IN
                              (SELECT id FROM loyalty_entry WHERE member_id = :m AND source = 'sale'))
                        """).param("m", memberId).query(Long.class).single();
    }

    /** Points earned from sales and bonuses in [from, to): what a daily cap counts. */
    long earnedBetween(UUID memberId, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(points), 0) FROM loyalty_entry WHERE member_id = :m
                          AND kind IN ('earn', 'bonus') AND occurred_at >= :from AND occurred_at < :to
                        """).param("m", memberId).param("from", Timestamps.of(from)).param("to", Timestamps.of(to))
                .query(Long.class).single();
    }

    /** Adds a sale's or refund's money to a member's spend unless its source is there; answers whether it was. */
    boolean addSpend(UUID tenantId, UUID memberId, long amount, String currency, String source, String sourceId,
                     String saleId, Instant occurredAt) {
        return jdbc.sql("""
                        INSERT INTO loyalty_spend (id, tenant_id, member_id, amount, currency, source, source_id,
                            sale_id, occurred_at)
                        VALUES (:id, :t, :m, :amount, :currency, :source, :sourceId, :sale, :at) ON CONFLICT DO NOTHING
                        """).param("id", UUID.randomUUID()).param("t", tenantId).param("m", memberId)
                .param("amount", amount).param("currency", currency).param("source", source)
                .param("sourceId", sourceId).param("sale", saleId).param("at", Timestamps.of(occurredAt))
                .update() == 1;
    }

    /** The spend a sale added, with what its refunds took back; empty when it added none. */
    Optional<SaleSpend> saleSpend(UUID tenantId, String saleId) {
        return jdbc.sql("""
                        SELECT member_id,
                               SUM(CASE WHEN source = 'sale' THEN amount ELSE 0 END) AS amount,
                               SUM(CASE WHEN source <> 'sale' THEN amount ELSE 0 END) AS returned
                        FROM loyalty_spend WHERE tenant_id = :t AND sale_id = :sale
                        GROUP BY member_id HAVING COUNT(CASE WHEN source = 'sale' THEN 1 END) > 0
                        """).param("t", tenantId).param("sale", saleId)
                .query((rs, n) -> new SaleSpend(rs.getObject("member_id", UUID.class), rs.getLong("amount"),
                        rs.getLong("returned"))).optional();
    }

    /** Money spent net of refunds on sales made since {@code since}: what a tier by spend is measured by. */
    long spent(UUID memberId, String currency, Instant since) {
        // in the programme's currency only: a programme that changed currency does not add francs to euros
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM loyalty_spend WHERE member_id = :m"
                        + " AND currency = :currency AND occurred_at >= :since")
                .param("m", memberId).param("currency", currency).param("since", Timestamps.of(since))
                .query(Long.class).single();
    }

    /** Points earned net of reversals since {@code since}: what a tier is measured by. */
    long qualifying(UUID memberId, Instant since) {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(points), 0) FROM loyalty_entry WHERE member_id = :m
                          AND (kind IN ('earn', 'bonus') OR kind = 'reverse' AND lot_id IS NOT NULL)
                          AND occurred_at >= :since
                        """).param("m", memberId).param("since", Timestamps.of(since)).query(Long.class).single();
    }

    List<Entry> entries(UUID memberId, int limit) {
        return jdbc.sql(ENTRY + " WHERE member_id = :m AND points <> 0"
                        + " ORDER BY created_at DESC, id FETCH FIRST :n ROWS ONLY")
                .param("m", memberId).param("n", limit).query(LoyaltyRepository::entry).list();
    }

    /** Every entry of a member, oldest first: for working out which points an expiry takes. */
    List<Entry> allEntries(UUID memberId) {
        return jdbc.sql(ENTRY + " WHERE member_id = :m ORDER BY available_at, created_at, id").param("m", memberId)
                .query(LoyaltyRepository::entry).list();
    }

    /** Members with points past their expiry that no expiry entry has taken yet. */
    List<Member> expiring(Instant now, int limit) {
        return jdbc.sql(MEMBER + """
                         m WHERE EXISTS (SELECT 1 FROM loyalty_entry e WHERE e.member_id = m.id AND e.points > 0
                            AND e.expires_at <= :now AND NOT EXISTS (SELECT 1 FROM loyalty_entry x
                                WHERE x.tenant_id = e.tenant_id AND x.source = 'expiry' AND x.lot_id = e.id))
                        FETCH FIRST :n ROWS ONLY
                        """).param("now", Timestamps.of(now)).param("n", limit).query(LoyaltyRepository::member)
                .list();
    }

    /** Points of a member that lapse at one moment: one reminder each. */
    record ExpiringBatch(UUID memberId, Instant expiresAt) {
    }

    /** A tenant's credits lapsing after {@code now} and by {@code horizon} whose batch has had no reminder yet. */
    List<ExpiringBatch> reminderDue(UUID tenantId, Instant now, Instant horizon, int limit) {
        return jdbc.sql("""
                        SELECT DISTINCT e.member_id, e.expires_at FROM loyalty_entry e
                        WHERE e.tenant_id = :t AND e.points > 0 AND e.lot_id IS NULL AND e.kind <> 'reverse'
                          AND e.expires_at > :now AND e.expires_at <= :horizon
                          AND NOT EXISTS (SELECT 1 FROM loyalty_expiry_reminder r
                              WHERE r.member_id = e.member_id AND r.expires_at = e.expires_at)
                        ORDER BY e.expires_at, e.member_id FETCH FIRST :n ROWS ONLY
                        """).param("t", tenantId).param("now", Timestamps.of(now))
                .param("horizon", Timestamps.of(horizon)).param("n", limit)
                .query((rs, n) -> new ExpiringBatch(rs.getObject("member_id", UUID.class),
                        Timestamps.instant(rs, "expires_at"))).list();
    }

    /** Claims a batch's reminder; false when it was claimed already (another node, an earlier pass). */
    boolean claimReminder(UUID tenantId, ExpiringBatch batch, long points, String outcome, Instant now) {
        return jdbc.sql("""
                        INSERT INTO loyalty_expiry_reminder (tenant_id, member_id, expires_at, points, outcome,
                            created_at)
                        VALUES (:t, :m, :exp, :points, :outcome, :now) ON CONFLICT DO NOTHING
                        """).param("t", tenantId).param("m", batch.memberId())
                .param("exp", Timestamps.of(batch.expiresAt())).param("points", points).param("outcome", outcome)
                .param("now", Timestamps.of(now)).update() == 1;
    }

    void reminded(UUID tenantId, ExpiringBatch batch, String outcome, UUID messageId) {
        jdbc.sql("""
                        UPDATE loyalty_expiry_reminder SET outcome = :outcome, message_id = :msg
                        WHERE tenant_id = :t AND member_id = :m AND expires_at = :exp
                        """).param("outcome", outcome).param("msg", messageId).param("t", tenantId)
                .param("m", batch.memberId()).param("exp", Timestamps.of(batch.expiresAt())).update();
    }

    /** The outcome of a batch's reminder: queued, blocked, undeliverable, no-person, nothing-left. */
    Optional<String> reminderOutcome(UUID memberId, Instant expiresAt) {
        return jdbc.sql("SELECT outcome FROM loyalty_expiry_reminder WHERE member_id = :m AND expires_at = :exp")
                .param("m", memberId).param("exp", Timestamps.of(expiresAt)).query(String.class).optional();
    }

    /** Members whose tier period has ended. */
    List<Member> tierDue(Instant now, int limit) {
        return jdbc.sql(MEMBER + " WHERE tier_review_at <= :now FETCH FIRST :n ROWS ONLY")
                .param("now", Timestamps.of(now)).param("n", limit).query(LoyaltyRepository::member).list();
    }

    /** {@code basis} and {@code measured}: what the member had over the period when the tier changed, and in what. */
    void setTier(UUID tenantId, UUID memberId, String from, String to, Instant reviewAt, String reason, String basis,
                 long measured, String currency, Instant now) {
        jdbc.sql("UPDATE loyalty_member SET tier = :tier, tier_review_at = :review WHERE tenant_id = :t AND id = :m")
                .param("tier", to).param("review", Timestamps.of(reviewAt)).param("t", tenantId).param("m", memberId)
                .update();
        if (!java.util.Objects.equals(from, to)) {
            addTierChange(tenantId, memberId, from, to, reason, basis, measured, currency, now);
            walletPasses.changed(memberId, now);
        }
    }

    /** A line of the tier history that is not a change of tier (the start of a grace period). */
    void addTierChange(UUID tenantId, UUID memberId, String from, String to, String reason, String basis,
                       Long measured, String currency, Instant now) {
        jdbc.sql("""
                        INSERT INTO loyalty_tier_change (id, tenant_id, member_id, from_tier, to_tier, reason,
                            basis, measured, currency, changed_at)
                        VALUES (:id, :t, :m, :from, :to, :reason, :basis, :measured, :currency, :now)
                        """).param("id", UUID.randomUUID()).param("t", tenantId).param("m", memberId)
                .param("from", from).param("to", to).param("reason", reason).param("basis", basis)
                .param("measured", measured).param("currency", currency).param("now", Timestamps.of(now)).update();
    }

    List<io.footbridge.loyalty.LoyaltyMembers.TierChange> tierChanges(UUID memberId) {
        return jdbc.sql("""
                        SELECT from_tier, to_tier, reason, basis, measured, currency, changed_at FROM loyalty_tier_change
                        WHERE member_id = :m ORDER BY changed_at DESC
                        """).param("m", memberId)
                .query((rs, n) -> new io.footbridge.loyalty.LoyaltyMembers.TierChange(rs.getString("from_tier"),
                        rs.getString("to_tier"), rs.getString("reason"), Timestamps.instant(rs, "changed_at"),
                        rs.getString("basis"), rs.getObject("measured") == null ? null : rs.getLong("measured"),
                        rs.getString("currency")))
                .list();
    }

    List<io.footbridge.loyalty.LoyaltyMembers.TierCount> tierCounts(UUID tenantId) {
        return jdbc.sql("""
                        SELECT tier, COUNT(*) AS members FROM loyalty_member WHERE tenant_id = :t GROUP BY tier
                        ORDER BY COUNT(*) DESC
                        """).param("t", tenantId)
                .query((rs, n) -> new io.footbridge.loyalty.LoyaltyMembers.TierCount(rs.getString("tier"),
                        rs.getLong("members"))).list();
    }

    Optional<Redemption> redemption(UUID tenantId, String transactionId) {
        return jdbc.sql("""
                        SELECT transaction_id, member_id, points, returned, reward, store_id, balance_after, created_at,
                            coupon_id, coupon_code, amount, currency
                        FROM loyalty_redemption WHERE tenant_id = :t AND transaction_id = :tx
                        """).param("t", tenantId).param("tx", transactionId)
                .query((rs, n) -> new Redemption(rs.getString("transaction_id"), rs.getObject("member_id", UUID.class),
                        rs.getLong("points"), rs.getLong("returned"), rs.getString("reward"),
                        rs.getObject("store_id", UUID.class), rs.getLong("balance_after"),
                        Timestamps.instant(rs, "created_at"), rs.getObject("coupon_id", UUID.class),
                        rs.getString("coupon_code"), rs.getObject("amount") == null ? null : rs.getLong("amount"),
                        rs.getString("currency"))).optional();
    }

    boolean addRedemption(UUID tenantId, Redemption r) {
        return jdbc.sql("""
                        INSERT INTO loyalty_redemption (tenant_id, transaction_id, member_id, points, returned, reward,
                            store_id, balance_after, created_at, coupon_id, coupon_code, amount, currency)
                        VALUES (:t, :tx, :m, :points, 0, :reward, :store, :after, :at, :coupon, :code, :amount,
                            :currency)
                        ON CONFLICT DO NOTHING
                        """).param("amount", r.amount()).param("currency", r.currency()).param("coupon", r.couponId()).param("code", r.couponCode()).param("t", tenantId).param("tx", r.transactionId()).param("m", r.memberId())
                .param("points", r.points()).param("reward", r.reward()).param("store", r.storeId())
                .param("after", r.balanceAfter()).param("at", Timestamps.of(r.createdAt())).update() == 1;
    }

    void returned(UUID tenantId, String transactionId, long returned) {
        jdbc.sql("UPDATE loyalty_redemption SET returned = :r WHERE tenant_id = :t AND transaction_id = :tx")
                .param("r", returned).param("t", tenantId).param("tx", transactionId).update();
    }

    /**
     * Detaches a member from the person: the number is replaced, staff's free-text reasons go; the entries stay
     * with their points, times and stores for the programme's figures.
     */
    /** The loyalty number an erased member is left with: it ties the entries to no one. */
    static final String ERASED = "erased-";

    void detach(UUID tenantId, UUID memberId) {
        jdbc.sql("UPDATE loyalty_member SET loyalty_id = :erased WHERE tenant_id = :t AND id = :m")
                .param("erased", ERASED + memberId).param("t", tenantId).param("m", memberId).update();
        jdbc.sql("UPDATE loyalty_entry SET reason = NULL WHERE tenant_id = :t AND member_id = :m")
                .param("t", tenantId).param("m", memberId).update();
        jdbc.sql("DELETE FROM loyalty_sign_in WHERE tenant_id = :t AND member_id = :m").param("t", tenantId)
                .param("m", memberId).update();
        // the phones' push tokens go with the person; the erased pass no longer answers its web service
        walletPasses.forgetMember(memberId);
    }

    private static Member member(ResultSet rs, int n) throws SQLException {
        return new Member(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("loyalty_id"), rs.getString("tier"), Timestamps.instant(rs, "tier_review_at"),
                Timestamps.instant(rs, "joined_at"));
    }

    private static Entry entry(ResultSet rs, int n) throws SQLException {
        return new Entry(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("member_id", UUID.class), rs.getString("kind"), rs.getLong("points"),
                rs.getString("source"), rs.getString("source_id"), rs.getObject("lot_id", UUID.class),
                rs.getObject("store_id", UUID.class), rs.getString("reason"), rs.getString("actor"),
                Timestamps.instant(rs, "occurred_at"), Timestamps.instant(rs, "available_at"),
                Timestamps.instant(rs, "expires_at"), Timestamps.instant(rs, "created_at"));
    }
}
