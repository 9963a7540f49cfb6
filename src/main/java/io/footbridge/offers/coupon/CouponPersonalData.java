package io.footbridge.offers.coupon;

import io.footbridge.platform.PersonalData;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A person's coupons for export and erasure. Erasure detaches them: the coupons and redemptions stay, with their
 * amounts, stores and times, for the offers' figures, but nothing says whose they were any more.
 */
@Component
class CouponPersonalData implements PersonalData {

    record ExportedCoupon(String code, String offer, String discount, String status, String channel,
                          Instant issuedAt, Instant expiresAt, Instant redeemedAt, long views) {
    }

    record ExportedRedemption(String code, String transactionId, long basketTotal, String currency, long discount,
                              Instant redeemedAt, Instant rolledBackAt) {
    }

    record Export(List<ExportedCoupon> coupons, List<ExportedRedemption> redemptions) {
    }

    private final CouponRepository coupons;
    private final Discounts discounts;

    CouponPersonalData(CouponRepository coupons, Discounts discounts) {
        this.coupons = coupons;
        this.discounts = discounts;
    }

    @Override
    public String section() {
        return "coupons";
    }

    @Override
    public Object export(Person person) {
        Set<UUID> ids = profileIds(person);
        List<ExportedCoupon> held = coupons.ofProfiles(person.tenantId(), ids).stream()
                .map(f -> new ExportedCoupon(f.coupon().code(), f.offer().name(),
                        discounts.describe(f.offer(), Locale.ENGLISH), CouponService.status(f, Instant.now()),
                        f.coupon().channel(), f.coupon().issuedAt(), f.coupon().expiresAt(), f.coupon().redeemedAt(),
                        f.coupon().viewCount()))
                .toList();
        List<ExportedRedemption> redeemed = coupons.redemptionsOfProfiles(person.tenantId(), ids).stream()
                .map(r -> new ExportedRedemption(r.code(), r.transactionId(), r.basketTotal(), r.currency(),
                        r.discount(), r.redeemedAt(), r.rolledBackAt()))
                .toList();
        return held.isEmpty() && redeemed.isEmpty() ? null : new Export(held, redeemed);
    }

    @Override
    public void erase(Person person) {
        Set<UUID> ids = profileIds(person);
        coupons.detach(person.tenantId(), ids);
        coupons.detachRedemptions(person.tenantId(), ids, customerKeys(person));
    }

    private static Set<UUID> profileIds(Person person) {
        Set<UUID> ids = new java.util.HashSet<>(person.profileIds());
        ids.add(person.rootId());
        return ids;
    }

    /** The keys a generic code's per-customer limit counted this person by when the till named them. */
    private static List<String> customerKeys(Person person) {
        List<String> keys = new ArrayList<>();
        person.identifiers().forEach(i -> keys.add(Redemptions.sha256(i.type() + ":" + i.value())));
        return keys;
    }
}
