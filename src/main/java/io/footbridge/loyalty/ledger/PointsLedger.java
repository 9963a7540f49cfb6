package io.footbridge.loyalty.ledger;

import io.footbridge.capture.Sales;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.offers.Offers;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes what sales, refunds, voids and actions do to members' points. Every method runs in the caller's
 * transaction (the feed's) and locks the member first; each is idempotent by the entry's source.
 */
@Component
class PointsLedger {

    static final String EARN = "earn";
    static final String BONUS = "bonus";
    static final String BURN = "burn";
    static final String EXPIRE = "expire";
    static final String ADJUST = "adjust";
    static final String REVERSE = "reverse";

    private final LoyaltyRepository repository;
    private final Tiers tiers;
    private final Stores stores;
    private final IdentityGraph identity;
    private final Offers offers;

    PointsLedger(LoyaltyRepository repository, Tiers tiers, Stores stores, IdentityGraph identity, Offers offers) {
        this.repository = repository;
        this.tiers = tiers;
        this.stores = stores;
        this.identity = identity;
        this.offers = offers;
    }

    /** Makes the member if new (with the join bonus) and answers its row, locked. */
    LoyaltyRepository.Member join(Programme programme, UUID tenantId, String loyaltyId, Instant at, UUID storeId) {
        boolean joined = repository.join(tenantId, loyaltyId, at, storeId);
        LoyaltyRepository.Member member = repository.lock(tenantId, loyaltyId).orElseThrow();
        Long bonus = programme.bonuses().get("join");
        if (joined && bonus != null && bonus > 0) {
            credit(programme, member, BONUS, capped(programme, member, bonus, at, storeId), "join", loyaltyId, storeId,
                    at, at);
        }
        return member;
    }

    /** Points for a sale: the rate of its currency, multipliers per line and store, then the daily cap. */
    void earn(Programme programme, Sales.Sale sale, String loyaltyId, String storeCode) {
        Optional<Programme.Rate> rate = programme.rate(sale.currency());
        if (rate.isEmpty() || sale.total() <= 0) {
            return;
        }
        LoyaltyRepository.Member member = join(programme, sale.tenantId(), loyaltyId, sale.occurredAt(),
                sale.storeId());
        // the spend is kept whatever the tier basis, so a programme switched to tiers by spend counts past sales
        boolean spent = sale.currency().equals(programme.currency()) && repository.addSpend(sale.tenantId(),
                member.id(), sale.total(), sale.currency(), "sale", sale.transactionId(), sale.transactionId(),
                sale.occurredAt());
        if (spent && programme.tiersBySpend()) {
            tiers.upgrade(programme, member, Instant.now());
        }
        LocalDateTime local = programme.promotions().isEmpty() ? null
                : sale.occurredAt().atZone(zone(sale.tenantId(), sale.storeId())).toLocalDateTime();
        // the tier the member held as the sale came in earns its benefit; an upgrade by this sale counts from the next
        long points = base(programme, sale, storeCode, local).multiply(programme.tierMultiplier(member.tier()))
                .multiply(BigDecimal.valueOf(rate.get().pointsPerUnit()))
                .divide(BigDecimal.valueOf(rate.get().unit()), 0, RoundingMode.DOWN).longValueExact();
        points = capped(programme, member, points, sale.occurredAt(), sale.storeId());
        if (points > 0) {
            Instant available = sale.occurredAt().plus(Duration.ofDays(programme.pendingDaysOrZero()));
            credit(programme, member, EARN, points, "sale", sale.transactionId(), sale.storeId(), sale.occurredAt(),
                    available);
            referralBonus(programme, member, sale, available);
        }
    }

    /**
     * The referrer's bonus once the member they brought in buys: once per member brought in (the source id is the
     * new member's id), under the referrer's daily cap, pending like the sale's own points (a refund in the return
     * window takes it back), and never when both cards are one person's.
     */
    private void referralBonus(Programme programme, LoyaltyRepository.Member member, Sales.Sale sale,
                               Instant available) {
        Long points = programme.bonuses().get("referral");
        if (points == null || points <= 0) {
            return;
        }
        repository.referrer(member.tenantId(), member.id()).ifPresent(referrerId -> {
            if (repository.bySource(member.tenantId(), "referral", member.id().toString()).isPresent()) {
                return;
            }
            repository.lockById(member.tenantId(), referrerId);
            repository.memberById(member.tenantId(), referrerId).ifPresent(referrer -> {
                if (samePerson(member.tenantId(), member.loyaltyId(), referrer.loyaltyId())) {
                    return;
                }
                long capped = capped(programme, referrer, points, sale.occurredAt(), sale.storeId());
                if (capped > 0) {
                    credit(programme, referrer, BONUS, capped, "referral", member.id().toString(), sale.storeId(),
                            sale.occurredAt(), available);
                }
            });
        });
    }

    /** Whether two loyalty numbers are held by one person (one profile, or profiles merged since). */
    boolean samePerson(UUID tenantId, String loyaltyId, String otherLoyaltyId) {
        Optional<UUID> person = identity.findByIdentifier(tenantId, IdentifierType.LOYALTY_ID, loyaltyId);
        return person.isPresent()
                && person.equals(identity.findByIdentifier(tenantId, IdentifierType.LOYALTY_ID, otherLoyaltyId));
    }

    /**
     * Takes back the referrer's bonus for a member they brought in (what is left of it): their purchases were all
     * given back, or the two cards turned out to be one person's. Answers whether anything was taken.
     */
    boolean reverseReferral(UUID tenantId, UUID memberId, String source, String reversalId, Instant at) {
        Optional<LoyaltyRepository.Entry> bonus = repository.bySource(tenantId, "referral", memberId.toString());
        if (bonus.isEmpty()) {
            return false;
        }
        LoyaltyRepository.Entry paid = bonus.get();
        repository.lockById(tenantId, paid.memberId());
        long left = paid.points() + repository.reversed(paid.id());
        return left > 0 && repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), tenantId, paid.memberId(),
                REVERSE, -left, source, reversalId, paid.id(), paid.storeId(), null, null, at, paid.availableAt(),
                null, now()));
    }

    /**
     * Records who brought a member in, from the referrer's code: only for a member who has not bought yet, never
     * themselves (nor another card of theirs) nor the member they were brought in by. Answers whether it was recorded.
     */
    boolean refer(LoyaltyRepository.Member member, LoyaltyRepository.Member referrer) {
        if (referrer.id().equals(member.id())
                || repository.referrer(member.tenantId(), referrer.id()).filter(member.id()::equals).isPresent()
                || repository.hasBought(member.id())
                || samePerson(member.tenantId(), member.loyaltyId(), referrer.loyaltyId())) {
            return false;
        }
        return repository.setReferrer(member.tenantId(), member.id(), referrer.id());
    }

    /**
     * The birthday bonus, once in each year of the member's clock (the store they joined at; UTC without one),
     * under the daily cap.
     */
    boolean birthday(Programme programme, LoyaltyRepository.Member member, UUID storeId, int year, Instant at) {
        long points = programme.bonuses().getOrDefault("birthday", 0L);
        if (points <= 0 || repository.bySource(member.tenantId(), "birthday", member.id() + ":" + year)
                .isPresent()) {
            return false;
        }
        repository.lockById(member.tenantId(), member.id());
        points = capped(programme, member, points, at, storeId);
        if (points <= 0) {
            return false;
        }
        credit(programme, member, BONUS, points, "birthday", member.id() + ":" + year, storeId, at, at);
        return true;
    }

    /** The clock a member's points are dated by: the store of the entry, else the store they joined at, else UTC. */
    ZoneId memberZone(LoyaltyRepository.Member member, UUID storeId) {
        return zone(member.tenantId(), storeId != null ? storeId
                : repository.joinedStore(member.tenantId(), member.id()).orElse(null));
    }

    ZoneId zone(UUID tenantId, UUID storeId) {
        return storeId == null ? ZoneOffset.UTC : stores.findById(tenantId, storeId).map(StoreRef::timeZone)
                .orElse(ZoneOffset.UTC);
    }

    /**
     * What a sale earns on, in minor units: each line weighted by its best SKU or category multiplier and the best
     * promotion running for it at {@code local} (the store's clock; null when the programme has none), the whole by
     * the store's multiplier, and scaled to the sale's total (so sale discounts and tax count as the till charged
     * them).
     */
    static BigDecimal base(Programme programme, Sales.Sale sale, String storeCode, LocalDateTime local) {
        BigDecimal total = BigDecimal.valueOf(sale.total());
        BigDecimal store = programme.multipliers().stream().filter(m -> storeCode != null
                && storeCode.equals(m.store())).map(Programme.Multiplier::factor).findFirst().orElse(BigDecimal.ONE);
        long lines = sale.lines().stream().mapToLong(Sales.Line::amount).sum();
        if (lines <= 0) {
            BigDecimal promotion = local == null ? BigDecimal.ONE : programme.promotion(local, storeCode, null);
            return total.multiply(store).multiply(promotion);
        }
        BigDecimal weighted = BigDecimal.ZERO;
        for (Sales.Line line : sale.lines()) {
            BigDecimal factor = BigDecimal.ONE;
            for (Programme.Multiplier m : programme.multipliers()) {
                if (line.sku() != null && line.sku().equals(m.sku())
                        || line.category() != null && line.category().equals(m.category())) {
                    factor = factor.max(m.factor());
                }
            }
            if (local != null) {
                factor = factor.multiply(programme.promotion(local, storeCode, line.category()));
            }
            weighted = weighted.add(BigDecimal.valueOf(line.amount()).multiply(factor));
        }
        return weighted.multiply(total).multiply(store).divide(BigDecimal.valueOf(lines), 6, RoundingMode.DOWN);
    }

    /**
     * Takes back what a refund or void of {@code originalId} owes: earned points in proportion to what was given
     * back (all of them for a void), gives back points spent on the sale in the same proportion, and takes what was
     * given back off the member's spend. A reward's coupon cannot be given back in part: its points come back whole
     * once the sale is wholly refunded or voided, and only when the coupon could be withdrawn (a coupon already used
     * keeps the points it was paid with). When none of a referred member's purchases is left standing, the
     * referrer's bonus goes too.
     */
    void reverse(UUID tenantId, Sales.Sale sale, String reversalId, boolean isVoid, Instant at) {
        long reversedTotal = isVoid ? sale.total() : Math.min(sale.total(), sale.refunded());
        repository.saleSpend(tenantId, sale.transactionId()).ifPresent(seen -> {
            repository.lockById(tenantId, seen.memberId());
            // read again under the member's lock: two reversals of one sale at once must not both take the rest
            var spend = repository.saleSpend(tenantId, sale.transactionId()).orElseThrow();
            // what was returned of the sale comes off its spend, at the sale's time: the period it counted in
            long owed = Math.min(reversedTotal, spend.amount()) + spend.returned();
            if (owed > 0) {
                repository.addSpend(tenantId, spend.memberId(), -owed, sale.currency(), isVoid ? "void" : "refund",
                        reversalId, sale.transactionId(), sale.occurredAt());
            }
        });
        Optional<LoyaltyRepository.Entry> earned = repository.bySource(tenantId, "sale", sale.transactionId());
        if (earned.isPresent()) {
            LoyaltyRepository.Entry earn = earned.get();
            repository.lockById(tenantId, earn.memberId());
            long target = share(earn.points(), reversedTotal, sale.total());
            long delta = target + repository.reversed(earn.id());
            if (delta > 0) {
                repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), tenantId, earn.memberId(), REVERSE,
                        -delta, isVoid ? "void" : "refund", reversalId, earn.id(), sale.storeId(), null, null, at,
                        earn.availableAt(), null, now()));
            }
            if (repository.standingSalePoints(earn.memberId()) <= 0) {
                reverseReferral(tenantId, earn.memberId(), "referral-" + (isVoid ? "void" : "refund"), reversalId,
                        at);
            }
        }
        repository.redemption(tenantId, sale.transactionId()).ifPresent(seen -> {
            repository.lockById(tenantId, seen.memberId());
            var spent = repository.redemption(tenantId, sale.transactionId()).orElseThrow();
            long owed;
            if (spent.couponId() != null) {
                if (reversedTotal < sale.total() || !rewardReturnable(tenantId, spent)) {
                    return;
                }
                owed = spent.points() - spent.returned();
            } else {
                owed = share(spent.points(), reversedTotal, sale.total()) - spent.returned();
            }
            if (owed > 0 && repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), tenantId,
                    spent.memberId(), REVERSE, owed, "return", reversalId, null, sale.storeId(), null, null, at, at,
                    null, now()))) {
                repository.returned(tenantId, sale.transactionId(), spent.returned() + owed);
            }
        });
    }

    /**
     * Whether the points a reward's coupon was bought with may come back: the coupon is withdrawn first, so the
     * member never holds both; a coupon already used keeps them spent.
     */
    boolean rewardReturnable(UUID tenantId, LoyaltyRepository.Redemption spent) {
        return spent.returned() < spent.points()
                && offers.withdraw(tenantId, spent.couponId()) != Offers.Withdrawal.USED;
    }

    private static long share(long points, long part, long whole) {
        if (whole <= 0 || part >= whole) {
            return points;
        }
        return BigDecimal.valueOf(points).multiply(BigDecimal.valueOf(part))
                .divide(BigDecimal.valueOf(whole), 0, RoundingMode.DOWN).longValueExact();
    }

    /** A bonus for an action the capture log shows (Wi-Fi login, survey answered, event attended, signing up). */
    void bonus(Programme programme, UUID tenantId, String loyaltyId, boolean joins, String type, String eventId,
               UUID storeId, Instant at) {
        long points = programme.bonuses().getOrDefault(type, 0L);
        Optional<LoyaltyRepository.Member> member = joins
                ? Optional.of(join(programme, tenantId, loyaltyId, at, storeId))
                : repository.lock(tenantId, loyaltyId);
        if (member.isEmpty() || points <= 0) {
            return;
        }
        points = capped(programme, member.get(), points, at, storeId);
        if (points > 0) {
            credit(programme, member.get(), BONUS, points, "action", eventId, storeId, at, at);
        }
    }

    /** The points left under the daily cap: the day of the store they are earned at (UTC when no store says). */
    private long capped(Programme programme, LoyaltyRepository.Member member, long points, Instant at,
                        UUID storeId) {
        if (programme.dailyCap() == null) {
            return points;
        }
        ZoneId zone = zone(member.tenantId(), storeId);
        ZonedDateTime start = at.atZone(zone).toLocalDate().atStartOfDay(zone);
        long earned = repository.earnedBetween(member.id(), start.toInstant(), start.plusDays(1).toInstant());
        return Math.max(0, Math.min(points, programme.dailyCap() - earned));
    }

    private void credit(Programme programme, LoyaltyRepository.Member member, String kind, long points, String source,
                        String sourceId, UUID storeId, Instant at, Instant available) {
        if (repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), member.tenantId(), member.id(), kind,
                points, source, sourceId, null, storeId, null, null, at, available,
                programme.expiresAt(at, memberZone(member, storeId)), now()))) {
            tiers.upgrade(programme, member, Instant.now());
        }
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
