package io.footbridge.loyalty.ledger;

import io.footbridge.platform.CurrencyCode;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's points programme as the marketer PUTs it: {@code pointsPerUnit} points for every {@code unit} minor
 * units of {@code currency} (more currencies in {@code rates}), multipliers by SKU, category or store, bonuses by
 * captured event type, a daily cap, the return window, expiry, tiers over a rolling period (by points earned or by
 * money spent, {@code tierBasis}) and the rewards; {@code allowDebt} lets journeys' deductions go below zero;
 * {@code payment} lets the till take points as payment at a fixed rate.
 */
record Programme(
        @NotNull @CurrencyCode String currency,
        @NotNull @Positive @Max(1_000_000) Long pointsPerUnit,
        @NotNull @Positive @Max(1_000_000_000) Long unit,
        @Size(max = 20) List<@NotNull @Valid Rate> rates,
        @Size(max = 200) List<@NotNull @Valid Multiplier> multipliers,
        @Size(max = 20) Map<@NotBlank @Size(max = 64) String, @NotNull @PositiveOrZero @Max(1_000_000) Long> bonuses,
        @Positive @Max(1_000_000_000) Long dailyCap,
        @PositiveOrZero @Max(365) Integer pendingDays,
        @Valid Expiry expiry,
        @Size(max = 10) List<@NotNull @Valid Tier> tiers,
        @Positive @Max(60) Integer tierMonths,
        @Size(max = 100) List<@NotNull @Valid Reward> rewards,
        @Size(max = 50) List<@NotNull @Valid Promotion> promotions,
        @PositiveOrZero @Max(24) Integer tierGraceMonths,
        Boolean allowDebt,
        @Positive @Max(365) Integer expiryReminderDays,
        @Pattern(regexp = "points|spend", message = "must be points or spend") String tierBasis,
        @Valid Payment payment) {

    static final String SPEND = "spend";

    /**
     * Points as payment at a fixed rate: {@code points} points pay {@code amount} minor units of the programme's
     * currency (100 and 100: a point per cent).
     */
    record Payment(@NotNull @Positive @Max(1_000_000) Long points, @NotNull @Positive @Max(1_000_000) Long amount) {

        /** The points that pay {@code paid} minor units; empty when that takes a part of a point. */
        Optional<Long> pointsFor(long paid) {
            long scaled = Math.multiplyExact(paid, points);
            return scaled % amount == 0 ? Optional.of(scaled / amount) : Optional.empty();
        }

        /** The smallest amount whole points pay: payments are multiples of it. */
        long step() {
            return amount / java.math.BigInteger.valueOf(points).gcd(java.math.BigInteger.valueOf(amount))
                    .longValueExact();
        }

        /** The most {@code available} points pay, in whole steps (so the till can offer exactly that). */
        long worth(long available) {
            long step = step();
            long pointsPerStep = pointsFor(step).orElseThrow();
            return available <= 0 ? 0 : available / pointsPerStep * step;
        }
    }

    record Rate(@NotNull @CurrencyCode String currency, @NotNull @Positive @Max(1_000_000) Long pointsPerUnit,
                @NotNull @Positive @Max(1_000_000_000) Long unit) {
    }

    /** Exactly one of sku, category or store; the factor multiplies what a line (or a whole store's sale) earns. */
    record Multiplier(@Size(max = 64) String sku, @Size(max = 100) String category, @Size(max = 32) String store,
                      @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal factor) {
    }

    /** Points lapse {@code months} after they were earned, or at the end of that year when {@code atYearEnd}. */
    record Expiry(@PositiveOrZero @Max(120) Integer months, Boolean atYearEnd) {
    }

    /** A tier; with {@code multiplier}, a benefit: what its members' sales earn is multiplied by it. */
    record Tier(@NotBlank @Size(max = 64) String name,
                @NotNull @PositiveOrZero @Max(1_000_000_000_000L) Long threshold,
                @DecimalMin("1") @DecimalMax("10") BigDecimal multiplier) {

        Tier(String name, Long threshold) {
            this(name, threshold, null);
        }
    }

    /** A reward of the catalogue; with {@code offer}, redeeming it issues a coupon of that offer to the member. */
    record Reward(@NotBlank @Size(max = 64) String id, @NotBlank @Size(max = 200) String name,
                  @NotNull @Positive @Max(1_000_000_000) Long points, java.util.UUID offer) {
    }

    /**
     * A time-limited factor ("double points this weekend"): from {@code from} until before {@code to}, read on the
     * clock of the store where the sale is made; for one store and/or one category when named, else for all.
     */
    record Promotion(@NotBlank @Size(max = 100) String name, @NotNull LocalDateTime from, @NotNull LocalDateTime to,
                     @Size(max = 32) String store, @Size(max = 100) String category,
                     @NotNull @DecimalMin("0") @DecimalMax("100") BigDecimal factor) {

        boolean covers(LocalDateTime local, String storeCode) {
            return !local.isBefore(from) && local.isBefore(to) && (store == null || store.equals(storeCode));
        }
    }

    Programme {
        rates = rates == null ? List.of() : rates;
        multipliers = multipliers == null ? List.of() : multipliers;
        bonuses = bonuses == null ? Map.of() : bonuses;
        tiers = tiers == null ? List.of() : tiers;
        rewards = rewards == null ? List.of() : rewards;
        promotions = promotions == null ? List.of() : promotions;
    }

    /** The checks one field's annotations cannot make. */
    void check() {
        List<FieldError> errors = new ArrayList<>();
        Set<String> currencies = new HashSet<>(Set.of(currency));
        for (int i = 0; i < rates().size(); i++) {
            if (!currencies.add(rates().get(i).currency())) {
                errors.add(new FieldError("rates[" + i + "].currency", "is given twice"));
            }
        }
        for (int i = 0; i < multipliers().size(); i++) {
            Multiplier m = multipliers().get(i);
            int named = (m.sku() == null ? 0 : 1) + (m.category() == null ? 0 : 1) + (m.store() == null ? 0 : 1);
            if (named != 1) {
                errors.add(new FieldError("multipliers[" + i + "]", "needs exactly one of sku, category, store"));
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tiers().size(); i++) {
            Tier tier = tiers().get(i);
            if (!names.add(tier.name())) {
                errors.add(new FieldError("tiers[" + i + "].name", "is given twice"));
            }
            if (tier.name() != null && tier.name().contains(",")) {
                // offers and events list their tiers comma-separated in the console
                errors.add(new FieldError("tiers[" + i + "].name", "must not contain a comma"));
            }
            if (i > 0 && tier.threshold() <= tiers().get(i - 1).threshold()) {
                errors.add(new FieldError("tiers[" + i + "].threshold", "must be above the tier before it"));
            }
        }
        Set<String> rewardIds = new HashSet<>();
        for (int i = 0; i < rewards().size(); i++) {
            if (!rewardIds.add(rewards().get(i).id())) {
                errors.add(new FieldError("rewards[" + i + "].id", "is given twice"));
            }
        }
        for (int i = 0; i < promotions().size(); i++) {
            Promotion p = promotions().get(i);
            if (!p.to().isAfter(p.from())) {
                errors.add(new FieldError("promotions[" + i + "].to", "must be after from"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** Whether a journey's points step may take a member below zero available (staff need an admin instead). */
    boolean debtAllowed() {
        return Boolean.TRUE.equals(allowDebt);
    }

    int pendingDaysOrZero() {
        return pendingDays == null ? 0 : pendingDays;
    }

    int tierGraceMonthsOrZero() {
        return tierGraceMonths == null ? 0 : tierGraceMonths;
    }

    /** Whether tiers are measured by money spent (minor units of {@code currency}) rather than points earned. */
    boolean tiersBySpend() {
        return SPEND.equals(tierBasis);
    }

    String tierBasisOrDefault() {
        return tiersBySpend() ? SPEND : "points";
    }

    int tierMonthsOrDefault() {
        return tierMonths == null ? 12 : tierMonths;
    }

    /** The earn rate for a sale's currency; none when the programme does not earn in it (no mixing currencies). */
    Optional<Rate> rate(String saleCurrency) {
        if (currency.equals(saleCurrency)) {
            return Optional.of(new Rate(currency, pointsPerUnit, unit));
        }
        return rates().stream().filter(r -> r.currency().equals(saleCurrency)).findFirst();
    }

    /**
     * When points earned at {@code earnedAt} lapse; null when they never do. Months and year ends are counted on
     * {@code zone}'s clock (the store's): points lapse as that store's year ends, not as UTC's.
     */
    Instant expiresAt(Instant earnedAt, ZoneId zone) {
        if (expiry == null || expiry.months() == null && !Boolean.TRUE.equals(expiry.atYearEnd())) {
            return null;
        }
        var at = earnedAt.atZone(zone).plusMonths(expiry.months() == null ? 0 : expiry.months());
        if (Boolean.TRUE.equals(expiry.atYearEnd())) {
            return LocalDate.of(at.getYear() + 1, 1, 1).atStartOfDay(zone).toInstant();
        }
        return at.toInstant();
    }

    /**
     * The best factor of the promotions running at {@code local} (the store's clock) in that store for a line of
     * {@code category} (null: the promotions for the whole sale only); one when none runs. Promotions do not stack.
     */
    BigDecimal promotion(LocalDateTime local, String storeCode, String category) {
        BigDecimal best = null;
        for (Promotion p : promotions()) {
            if (p.covers(local, storeCode) && (p.category() == null || p.category().equals(category))) {
                best = best == null ? p.factor() : best.max(p.factor());
            }
        }
        return best == null ? BigDecimal.ONE : best;
    }

    /** The highest tier whose threshold the points (or the spend, by {@code tierBasis}) reach; null below the first. */
    String tierFor(long qualifyingPoints) {
        String reached = null;
        for (Tier tier : tiers()) {
            if (qualifyingPoints >= tier.threshold()) {
                reached = tier.name();
            }
        }
        return reached;
    }

    /** What the members of {@code tier} earn on sales, as a factor: 1 for no tier or a tier without a multiplier. */
    BigDecimal tierMultiplier(String tier) {
        return tiers().stream().filter(t -> t.name().equals(tier) && t.multiplier() != null).findFirst()
                .map(Tier::multiplier).orElse(BigDecimal.ONE);
    }

    int rank(String tier) {
        for (int i = 0; i < tiers().size(); i++) {
            if (tiers().get(i).name().equals(tier)) {
                return i;
            }
        }
        return -1;
    }
}
