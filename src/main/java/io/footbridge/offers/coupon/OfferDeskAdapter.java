package io.footbridge.offers.coupon;

import io.footbridge.offers.OfferDesk;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import io.footbridge.offers.IssuedCoupon;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@link OfferDesk} on the services behind the offers and redemptions API, with the API's checks. */
@Component
class OfferDeskAdapter implements OfferDesk {

    private final OfferService offers;
    private final Redemptions redemptions;
    private final CouponService coupons;
    private final Validator validator;

    OfferDeskAdapter(OfferService offers, Redemptions redemptions, CouponService coupons, Validator validator) {
        this.offers = offers;
        this.coupons = coupons;
        this.redemptions = redemptions;
        this.validator = validator;
    }

    @Override
    public UUID create(Actor marketer, NewOffer o) {
        OfferRequest request = new OfferRequest(o.name(), o.description(), null,
                o.percent() != null ? OfferType.PERCENT : OfferType.AMOUNT, o.percent(), o.amount(), null, null,
                o.currency(), o.minBasket(), o.validFrom(), o.validUntil(), null, 1, null, null, o.stores(), null,
                null, null, null, null, null, null);
        check(validator.validate(request).stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage())).toList());
        return offers.create(marketer, request).id();
    }

    @Override
    public IssuedCoupon issue(UUID tenantId, UUID offerId, UUID profileId, String channel, String idempotencyKey,
                              Instant at) {
        return coupons.issue(tenantId, offerId, profileId, channel, null, idempotencyKey, at);
    }

    @Override
    public long redeem(Actor till, String code, String store, String transactionId, long basketTotal,
                       String currency, Instant at) {
        PosRequest request = new PosRequest(code, store, transactionId, null,
                new PosRequest.Basket(basketTotal, currency, null), null);
        check(validator.validate(request).stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage())).toList());
        return redemptions.redeem(till, request, at).answer().discount();
    }

    private static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
