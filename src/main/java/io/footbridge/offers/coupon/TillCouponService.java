package io.footbridge.offers.coupon;

import io.footbridge.offers.TillCoupons;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Service;

/** The till's coupon calls for staff pages: the POS API's own service, with the form's fields checked first. */
@Service
class TillCouponService implements TillCoupons {

    private final Redemptions redemptions;

    TillCouponService(Redemptions redemptions) {
        this.redemptions = redemptions;
    }

    @Override
    public Check validate(Actor actor, String code, Basket basket) {
        Redemptions.Validation v = redemptions.validate(actor, request(code, basket, null));
        return new Check(v.valid(), v.reason() == null ? null : v.reason().slug(), v.detail(), v.displayCode(),
                v.offerName(), v.description(), v.discount(), v.currency(), v.totalAfterDiscount());
    }

    @Override
    public Redeemed redeem(Actor actor, String code, Basket basket, String transactionId) {
        if (transactionId == null || transactionId.isBlank() || transactionId.length() > 100) {
            throw ProblemException.invalid("transactionId", "must be 1-100 characters");
        }
        Redemptions.Outcome outcome = redemptions.redeem(actor, request(code, basket, transactionId.strip()));
        Redemptions.Answer a = outcome.answer();
        return new Redeemed(a.redemptionId(), a.transactionId(), a.displayCode(), a.offerName(), a.description(),
                a.discount(), a.currency(), a.totalAfterDiscount(), a.redeemedAt(), outcome.replay());
    }

    private static PosRequest request(String code, Basket basket, String transactionId) {
        if (code == null || code.isBlank() || code.length() > 64) {
            throw ProblemException.invalid("code", code == null || code.isBlank() ? "is required"
                    : "is longer than 64 characters");
        }
        if (basket.total() < 0) {
            throw ProblemException.invalid("total", "must not be negative");
        }
        return new PosRequest(code, basket.storeCode(), transactionId, "console",
                new PosRequest.Basket(basket.total(), basket.currency(), null), null);
    }
}
