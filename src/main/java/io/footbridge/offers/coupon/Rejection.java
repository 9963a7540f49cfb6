package io.footbridge.offers.coupon;

import com.fasterxml.jackson.annotation.JsonValue;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * Why a code cannot be used, as the stable problem {@code type} a till branches on. Validation answers the same
 * slugs in its {@code reason}.
 */
enum Rejection {
    COUPON_NOT_FOUND("coupon-not-found", HttpStatus.NOT_FOUND, "Unknown coupon code"),
    CODE_MISTYPED("code-mistyped", HttpStatus.UNPROCESSABLE_CONTENT, "Mistyped coupon code"),
    ALREADY_REDEEMED("coupon-already-redeemed", HttpStatus.CONFLICT, "Coupon already used"),
    REVOKED("coupon-revoked", HttpStatus.CONFLICT, "Coupon revoked"),
    OFFER_ARCHIVED("offer-archived", HttpStatus.CONFLICT, "Offer withdrawn"),
    NOT_YET_VALID("coupon-not-yet-valid", HttpStatus.CONFLICT, "Coupon not valid yet"),
    EXPIRED("coupon-expired", HttpStatus.CONFLICT, "Coupon expired"),
    STORE_NOT_ELIGIBLE("store-not-eligible", HttpStatus.UNPROCESSABLE_CONTENT, "Not valid in this store"),
    CURRENCY_MISMATCH("currency-mismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Wrong currency"),
    BELOW_MINIMUM("basket-below-minimum", HttpStatus.UNPROCESSABLE_CONTENT, "Basket below the minimum"),
    NO_ELIGIBLE_ITEMS("no-eligible-items", HttpStatus.UNPROCESSABLE_CONTENT, "Nothing in the basket qualifies"),
    CUSTOMER_REQUIRED("customer-required", HttpStatus.UNPROCESSABLE_CONTENT, "Customer needed"),
    PER_CUSTOMER_LIMIT("per-customer-limit", HttpStatus.CONFLICT, "Per-customer limit reached"),
    OFFER_EXHAUSTED("offer-exhausted", HttpStatus.CONFLICT, "Offer used up"),
    ROLLED_BACK("redemption-rolled-back", HttpStatus.CONFLICT, "Redemption was rolled back");

    private final String slug;
    private final HttpStatus status;
    private final String title;

    Rejection(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    @JsonValue
    String slug() {
        return slug;
    }

    ProblemException problem(String detail) {
        List<FieldError> errors = this == COUPON_NOT_FOUND || this == CODE_MISTYPED
                ? List.of(new FieldError("code", detail)) : List.of();
        return new ProblemException(status, slug, title, detail, errors);
    }

    /** A rejection the redemption's own transaction raises, to be answered once it has rolled back. */
    static final class Raised extends RuntimeException {

        final Rejection rejection;

        Raised(Rejection rejection, String detail) {
            super(detail, null, false, false);
            this.rejection = rejection;
        }
    }
}
