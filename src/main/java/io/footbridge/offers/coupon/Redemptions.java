package io.footbridge.offers.coupon;

import io.footbridge.capture.EventRecorder;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.offers.CouponRedeemed;
import io.footbridge.offers.CouponRolledBack;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The till's side: can this code be used for this basket here and now, redeem it (once, however many tills and
 * nodes try at the same moment), and undo that when the sale is refunded or voided. A redemption is one
 * transaction: the code taken by a conditional update, the redemption row, the offer's cap, the capture event and
 * the module event land together or not at all.
 */
@Service
class Redemptions {

    /** What a redemption answered; a retry of the same sale gets the same again. */
    record Answer(UUID redemptionId, String transactionId, String code, String displayCode, UUID offerId,
                  String offerName, String description, long discount, String currency, String freeSku,
                  long basketTotal, long totalAfterDiscount, String store, Instant redeemedAt) {
    }

    record Outcome(Answer answer, boolean replay) {
    }

    /** A validation: {@code valid}, or the reason (a problem type) why not. */
    record Validation(boolean valid, Rejection reason, String detail, String code, String displayCode, UUID offerId,
                      String offerName, String description, Long discount, String currency, String freeSku,
                      Long totalAfterDiscount) {
    }

    record RollbackAnswer(String transactionId, List<RolledBack> rolledBack) {

        record RolledBack(String code, UUID offerId, long discount, String currency, Instant redeemedAt,
                          Instant rolledBackAt, String reason) {
        }
    }

    /**
     * The paying customer, when the till said who it is: their person, if known, the key their uses are stored
     * under, and every key they may have been counted under before (their person, each identifier).
     */
    private record Customer(UUID profileId, String key, List<String> keys, ObjectNode identifiers) {
    }

    /** Thrown inside the transaction when another redemption won a unique key; answered once it rolled back. */
    private static final class Lost extends RuntimeException {
        Lost() {
            super(null, null, false, false);
        }
    }

    private final CouponRepository coupons;
    private final OfferRepository offerRepository;
    private final OfferService offers;
    private final CouponService couponService;
    private final GuessThrottle throttle;
    private final Stores stores;
    private final IdentityGraph identity;
    private final IdentifierNormaliser normaliser;
    private final EventRecorder events;
    private final ApplicationEventPublisher publisher;
    private final Discounts discounts;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    Redemptions(CouponRepository coupons, OfferRepository offerRepository, OfferService offers,
                CouponService couponService, GuessThrottle throttle, Stores stores, IdentityGraph identity,
                IdentifierNormaliser normaliser, EventRecorder events, ApplicationEventPublisher publisher,
                Discounts discounts, TransactionTemplate transaction, JsonMapper json) {
        this.coupons = coupons;
        this.offerRepository = offerRepository;
        this.offers = offers;
        this.couponService = couponService;
        this.throttle = throttle;
        this.stores = stores;
        this.identity = identity;
        this.normaliser = normaliser;
        this.events = events;
        this.publisher = publisher;
        this.discounts = discounts;
        this.transaction = transaction;
        this.json = json;
    }

    /** A code as typed or scanned, or a 400 naming the field. */
    static String normalised(String raw, String field) {
        String code = CouponCodes.normalise(raw);
        if (code == null || code.isEmpty() || code.length() > 32) {
            throw ProblemException.invalid(field, "must be a coupon code: letters and digits, spaces and dashes"
                    + " are ignored");
        }
        return code;
    }

    /**
     * Finds a code for a caller who is not locked out; an unknown code counts against them. Another tenant's code
     * is unknown here.
     */
    CouponRepository.Found find(Actor actor, String code) {
        throttle.check(actor, code);
        try {
            return lookUp(actor, code);
        } catch (Rejection.Raised unknown) {
            throttle.failed(actor, code);
            throw unknown;
        }
    }

    /** A code of this tenant, or the rejection that says it is unknown; counts nothing. */
    private CouponRepository.Found lookUp(Actor actor, String code) {
        Optional<CouponRepository.Found> found = coupons.findByCode(actor.tenantId(), code);
        if (found.isPresent()) {
            return found.get();
        }
        if (code.length() > CouponCodes.MIN_LENGTH && CouponCodes.inAlphabet(code) && !CouponCodes.wellFormed(code)) {
            throw new Rejection.Raised(Rejection.CODE_MISTYPED, "The code's check character does not match: a"
                    + " character was probably mistyped or two were swapped.");
        }
        throw new Rejection.Raised(Rejection.COUPON_NOT_FOUND, "There is no coupon with this code.");
    }

    Validation validate(Actor actor, PosRequest request) {
        StoreRef store = storeFor(actor, request.store());
        String code = normalised(request.code(), "code");
        CouponRepository.Found found;
        try {
            found = find(actor, code);
        } catch (Rejection.Raised rejected) {
            return new Validation(false, rejected.rejection, rejected.getMessage(), code, null, null, null, null, null,
                    request.basket().currency(), null, null);
        }
        Instant now = Instant.now();
        Customer customer = customer(actor, request.customer(), store);
        OfferRepository.StoredOffer offer = found.offer();
        String display = CouponCodes.display(code, found.coupon().generic() ? null : offer.codePrefix());
        String description = discounts.describe(offer, Locale.ENGLISH);
        if (request.transactionId() != null) {
            Optional<CouponRepository.Redemption> earlier = coupons.redemption(actor.tenantId(),
                    request.transactionId(), found.coupon().id());
            if (earlier.isPresent() && earlier.get().rolledBackAt() == null) {
                return new Validation(false, Rejection.ALREADY_REDEEMED, "This sale redeemed the code already.", code,
                        display, offer.id(), offer.name(), description, null, offer.currency(), null, null);
            }
        }
        try {
            Discounts.Result result = evaluate(found, store, request.basket(), now, customer);
            if (offer.counted() && (offer.maxRedemptions() != null && offer.redeemedCount() >= offer.maxRedemptions()
                    || offer.budget() != null && offer.discountSpent() + result.discount() > offer.budget())) {
                throw new Rejection.Raised(Rejection.OFFER_EXHAUSTED, "The offer's budget or number of redemptions"
                        + " is used up.");
            }
            if (found.coupon().generic() && offer.perCustomerLimit() != null
                    && coupons.customerSlots(offer.id(), customer.keys()).size() >= offer.perCustomerLimit()) {
                throw new Rejection.Raised(Rejection.PER_CUSTOMER_LIMIT, limitDetail(offer));
            }
            return new Validation(true, null, null, code, display, offer.id(), offer.name(), description,
                    result.discount(), offer.currency(), result.freeSku(),
                    request.basket().total() - result.discount());
        } catch (Rejection.Raised rejected) {
            return new Validation(false, rejected.rejection, rejected.getMessage(), code, display, offer.id(),
                    offer.name(), description, null, offer.currency(), null, null);
        }
    }

    Outcome redeem(Actor actor, PosRequest request) {
        return redeem(actor, request, null);
    }

    /** As a till's redemption, at {@code at} rather than now (null: now), for a writer replaying the past. */
    Outcome redeem(Actor actor, PosRequest request, Instant at) {
        if (request.transactionId() == null || request.transactionId().isBlank()) {
            throw ProblemException.invalid("transactionId", "is required to redeem: it makes a retry safe");
        }
        StoreRef store = storeFor(actor, request.store());
        String code = normalised(request.code(), "code");
        String transactionId = request.transactionId();
        UUID[] couponId = new UUID[1];
        // the guessing budget is checked and spent outside the transaction, which an unknown code rolls back
        throttle.check(actor, code);
        try {
            Answer answer = transaction.execute(status -> {
                CouponRepository.Found found = lookUp(actor, code);
                couponId[0] = found.coupon().id();
                // an unused single-use code cannot have been redeemed by this sale yet, so only the others are
                // looked for a first answer; a racing copy of this sale is caught by the code's update instead
                boolean unused = !found.coupon().generic() && CouponRepository.ACTIVE.equals(found.coupon().status());
                if (!unused && coupons.redemption(actor.tenantId(), transactionId, found.coupon().id()).isPresent()) {
                    return null; // answered below, outside this transaction, which wrote nothing
                }
                Instant now = (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MICROS);
                return take(actor, request, store, found, now);
            });
            if (answer != null) {
                return new Outcome(answer, false);
            }
        } catch (Rejection.Raised rejected) {
            if (rejected.rejection == Rejection.COUPON_NOT_FOUND || rejected.rejection == Rejection.CODE_MISTYPED) {
                throttle.failed(actor, code);
            }
            throw rejected.rejection.problem(rejected.getMessage());
        } catch (Lost lost) {
            // someone else won a unique key: the same sale retried in parallel, or another sale took the code
        }
        Optional<CouponRepository.Redemption> earlier = coupons.redemption(actor.tenantId(), transactionId,
                couponId[0]);
        if (earlier.isPresent()) {
            if (earlier.get().rolledBackAt() != null) {
                throw Rejection.ROLLED_BACK.problem("This sale's redemption of the code was rolled back ("
                        + earlier.get().rollbackReason() + "); a new sale needs a new transaction id.");
            }
            actor.requireStore(earlier.get().storeId());
            return new Outcome(answer(earlier.get(), coupons.findByCode(actor.tenantId(), code).orElseThrow(),
                    stores.findById(actor.tenantId(), earlier.get().storeId()).map(StoreRef::code).orElse(null)), true);
        }
        CouponRepository.Found now = coupons.findByCode(actor.tenantId(), code).orElseThrow();
        if (now.coupon().generic()) {
            throw Rejection.PER_CUSTOMER_LIMIT.problem(limitDetail(now.offer()));
        }
        if (CouponRepository.REVOKED.equals(now.coupon().status())) {
            throw Rejection.REVOKED.problem("This code was revoked.");
        }
        throw Rejection.ALREADY_REDEEMED.problem("This code was used already"
                + (now.coupon().redeemedAt() == null ? "." : ", at " + now.coupon().redeemedAt() + "."));
    }

    /** Inside the redemption's transaction: check, take the code, count it, record it. */
    private Answer take(Actor actor, PosRequest request, StoreRef store, CouponRepository.Found found, Instant now) {
        CouponRepository.Coupon coupon = found.coupon();
        OfferRepository.StoredOffer offer = found.offer();
        Customer customer = customer(actor, request.customer(), store);
        Discounts.Result result = evaluate(found, store, request.basket(), now, customer);
        if (!coupon.generic() && !coupons.take(actor.tenantId(), coupon.id(), now)) {
            throw new Lost();
        }
        Integer slot = null;
        if (coupon.generic() && offer.perCustomerLimit() != null) {
            List<Integer> taken = coupons.customerSlots(offer.id(), customer.keys());
            for (int s = 1; s <= offer.perCustomerLimit() && slot == null; s++) {
                if (!taken.contains(s)) {
                    slot = s;
                }
            }
            if (slot == null) {
                throw new Rejection.Raised(Rejection.PER_CUSTOMER_LIMIT, limitDetail(offer));
            }
        }
        UUID profileId = coupon.profileId() != null ? coupon.profileId()
                : customer == null ? null : customer.profileId();
        CouponRepository.Redemption redemption = new CouponRepository.Redemption(UUID.randomUUID(),
                actor.tenantId(), coupon.id(), offer.id(), request.transactionId(), store.id(), request.register(),
                profileId, customer == null ? null : customer.key(), slot, request.basket().total(),
                request.basket().currency(), result.discount(), result.freeSku(), coupon.channel(),
                coupon.touchpoint(), coupon.generic() ? null : Duration.between(coupon.issuedAt(), now).toSeconds(),
                now, null, null, null, coupon.code());
        if (!coupons.insert(redemption)) {
            throw new Lost();
        }
        // last, so that the offer's row, which every redemption of a capped offer needs, is held the shortest
        if (offer.counted() && !offerRepository.count(actor.tenantId(), offer.id(), result.discount())) {
            throw new Rejection.Raised(Rejection.OFFER_EXHAUSTED, "The offer's budget or number of redemptions is"
                    + " used up.");
        }
        ObjectNode properties = json.createObjectNode();
        properties.put("code", coupon.code());
        properties.put("transactionId", request.transactionId());
        properties.put("discount", result.discount());
        properties.put("currency", request.basket().currency());
        properties.put("basketTotal", request.basket().total());
        properties.put("offerId", offer.id().toString());
        properties.put("channel", coupon.channel());
        if (profileId != null) {
            properties.put("profileId", profileId.toString());
        }
        events.record(actor.tenantId(), "offers", List.of(new EventRecorder.NewEvent("coupon:" + redemption.id(),
                "coupon.redeemed", now, store.id(), null,
                customer == null || customer.identifiers().isEmpty() ? null : customer.identifiers().toString(),
                properties.toString())));
        publisher.publishEvent(new CouponRedeemed(actor.tenantId(), offer.id(), coupon.id(), profileId, store.id(),
                request.transactionId()));
        return answer(redemption, found, store.code());
    }

    /**
     * Why the code cannot be used for this basket here and now, most telling first, or what it takes off. Does not
     * look at the offer's cap, which only the redemption's own update can tell for sure.
     */
    private Discounts.Result evaluate(CouponRepository.Found found, StoreRef store, PosRequest.Basket basket,
                                      Instant now, Customer customer) {
        CouponRepository.Coupon coupon = found.coupon();
        OfferRepository.StoredOffer offer = found.offer();
        if (CouponRepository.REDEEMED.equals(coupon.status())) {
            throw new Rejection.Raised(Rejection.ALREADY_REDEEMED, "This code was used already"
                    + (coupon.redeemedAt() == null ? "." : ", at " + coupon.redeemedAt() + "."));
        }
        if (CouponRepository.REVOKED.equals(coupon.status())) {
            throw new Rejection.Raised(Rejection.REVOKED, "This code was revoked.");
        }
        if (offer.archivedAt() != null) {
            throw new Rejection.Raised(Rejection.OFFER_ARCHIVED, "The offer \"" + offer.name() + "\" was withdrawn.");
        }
        Validity validity = offer.validity();
        if (validity.notYet(now, store.timeZone())) {
            throw new Rejection.Raised(Rejection.NOT_YET_VALID, "The offer starts " + offer.validFrom()
                    + (validity.from().isLocal() ? " (" + store.timeZone() + ")" : "") + ".");
        }
        if (validity.over(now, store.timeZone())) {
            throw new Rejection.Raised(Rejection.EXPIRED, "The offer ended " + offer.validUntil()
                    + (validity.until().isLocal() ? " (" + store.timeZone() + ")" : "") + ".");
        }
        if (coupon.expiresAt() != null && !now.isBefore(coupon.expiresAt())) {
            throw new Rejection.Raised(Rejection.EXPIRED, "This code expired at " + coupon.expiresAt() + ".");
        }
        OfferRepository.Targets targets = offers.targets(offer);
        if (!targets.stores().isEmpty() && !targets.stores().contains(store.id())) {
            throw new Rejection.Raised(Rejection.STORE_NOT_ELIGIBLE, "The offer is not valid in store " + store.code()
                    + ".");
        }
        if (!offer.currency().equals(basket.currency())) {
            throw new Rejection.Raised(Rejection.CURRENCY_MISMATCH, "The offer is in " + offer.currency()
                    + "; the basket is in " + basket.currency() + ".");
        }
        if (basket.total() < offer.minBasket()) {
            throw new Rejection.Raised(Rejection.BELOW_MINIMUM, "The basket must come to at least "
                    + offer.minBasket() + " " + offer.currency() + " before the coupon; it is " + basket.total() + ".");
        }
        Discounts.Result result = Discounts.compute(offer, targets, basket);
        if (result == null) {
            throw new Rejection.Raised(Rejection.NO_ELIGIBLE_ITEMS, basket.linesOrEmpty().isEmpty()
                    ? "The offer applies to certain products: send the basket's lines."
                    : "Nothing in the basket is a product the offer applies to.");
        }
        if (coupon.generic() && offer.perCustomerLimit() != null && customer == null) {
            throw new Rejection.Raised(Rejection.CUSTOMER_REQUIRED, "This code may be used " + offer.perCustomerLimit()
                    + " time(s) per customer: say who the customer is (customer.loyaltyId, phone, email or"
                    + " profileId).");
        }
        return result;
    }

    RollbackAnswer rollback(Actor actor, RollbackRequest request) {
        String code = request.code() == null ? null : normalised(request.code(), "code");
        String reason = request.reason() == null ? "refund" : request.reason().value();
        return transaction.execute(status -> {
            List<CouponRepository.Redemption> sale = coupons.redemptionsOfSale(actor.tenantId(),
                    request.transactionId()).stream().filter(r -> code == null || code.equals(r.code())).toList();
            if (sale.isEmpty()) {
                throw new ProblemException(HttpStatus.NOT_FOUND, "redemption-not-found", "No redemption",
                        "No coupon was redeemed in sale " + request.transactionId()
                                + (code == null ? "" : " with code " + code) + "; nothing to roll back.", List.of());
            }
            sale.forEach(r -> actor.requireStore(r.storeId()));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (CouponRepository.Redemption r : sale) {
                if (r.rolledBackAt() != null
                        || !coupons.rollBack(actor.tenantId(), r.id(), now, reason, request.refundTransactionId())) {
                    continue; // rolled back before: a retried refund changes nothing
                }
                coupons.giveBack(actor.tenantId(), r.couponId());
                offerRepository.find(actor.tenantId(), r.offerId()).filter(OfferRepository.StoredOffer::counted)
                        .ifPresent(offer -> offerRepository.uncount(actor.tenantId(), offer.id(), r.discount()));
                ObjectNode properties = json.createObjectNode();
                properties.put("code", r.code());
                properties.put("transactionId", r.transactionId());
                properties.put("discount", r.discount());
                properties.put("currency", r.currency());
                properties.put("reason", reason);
                if (r.profileId() != null) {
                    properties.put("profileId", r.profileId().toString());
                }
                events.record(actor.tenantId(), "offers", List.of(new EventRecorder.NewEvent("coupon-rollback:"
                        + r.id(), "coupon.rolled_back", now, r.storeId(), null, null, properties.toString())));
                publisher.publishEvent(new CouponRolledBack(actor.tenantId(), r.offerId(), r.couponId(),
                        r.profileId(), r.storeId(), r.transactionId()));
            }
            List<RollbackAnswer.RolledBack> items = coupons.redemptionsOfSale(actor.tenantId(), request.transactionId())
                    .stream().filter(r -> code == null || code.equals(r.code()))
                    .map(r -> new RollbackAnswer.RolledBack(r.code(), r.offerId(), r.discount(), r.currency(),
                            r.redeemedAt(), r.rolledBackAt(), r.rollbackReason())).toList();
            return new RollbackAnswer(request.transactionId(), items);
        });
    }

    /** The store the till names, or the one its key is bound to. */
    StoreRef storeFor(Actor actor, String code) {
        if (code == null || code.isBlank()) {
            if (!actor.allStores() && actor.storeIds().size() == 1) {
                return stores.findById(actor.tenantId(), actor.storeIds().iterator().next())
                        .filter(s -> !s.archived())
                        .orElseThrow(() -> ProblemException.invalid("store", "your key's store is archived"));
            }
            throw ProblemException.invalid("store", "is required unless your key is bound to one store");
        }
        // tills name their store on every call: Stores answers from the platform's store cache
        StoreRef store = stores.findByCode(actor.tenantId(), code).filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        actor.requireStore(store.id());
        return store;
    }

    private Customer customer(Actor actor, PosRequest.Customer given, StoreRef store) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        UUID profileId = null;
        if (given.profileId() != null) {
            profileId = identity.find(actor.tenantId(), given.profileId()).map(IdentityGraph.ProfileRef::rootId)
                    .orElseThrow(() -> ProblemException.invalid("customer.profileId", "is not a profile of this"
                            + " tenant"));
        }
        ObjectNode identifiers = json.createObjectNode();
        List<Normalised> usable = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        identifier(IdentifierType.LOYALTY_ID, given.loyaltyId(), store, identifiers, usable, errors);
        identifier(IdentifierType.PHONE, given.phone(), store, identifiers, usable, errors);
        identifier(IdentifierType.EMAIL, given.email(), store, identifiers, usable, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        for (int i = 0; profileId == null && i < usable.size(); i++) {
            profileId = identity.findByIdentifier(actor.tenantId(), usable.get(i).type(), usable.get(i).value())
                    .orElse(null);
        }
        // a known person is counted as the person, whichever identifier the till gives, so that two tills naming
        // them differently meet on the same slot; someone not yet known by the first identifier given (hashed);
        // earlier redemptions under any of these keys count
        List<String> keys = new ArrayList<>();
        if (profileId != null) {
            keys.add(profileId.toString());
        }
        usable.forEach(n -> keys.add(sha256(n.type().key() + ":" + n.value())));
        return new Customer(profileId, keys.get(0), List.copyOf(keys), identifiers);
    }

    private void identifier(IdentifierType type, String raw, StoreRef store, ObjectNode identifiers,
                            List<Normalised> usable, List<FieldError> errors) {
        if (raw == null) {
            return;
        }
        Normalised normalised = normaliser.normalise(type, raw, store.country());
        if (!normalised.usable()) {
            errors.add(new FieldError("customer." + type.key(), normalised.problem() == null ? "is not usable"
                    : normalised.problem()));
            return;
        }
        identifiers.put(type.key(), raw);
        usable.add(normalised);
    }

    /** The key erasure uses to find a person's redemptions by identifier. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String limitDetail(OfferRepository.StoredOffer offer) {
        return "This customer has used this code the " + offer.perCustomerLimit() + " time(s) they may.";
    }

    private Answer answer(CouponRepository.Redemption r, CouponRepository.Found found, String storeCode) {
        OfferRepository.StoredOffer offer = found.offer();
        return new Answer(r.id(), r.transactionId(), r.code(),
                CouponCodes.display(r.code(), found.coupon().generic() ? null : offer.codePrefix()), offer.id(),
                offer.name(), discounts.describe(offer, Locale.ENGLISH), r.discount(), r.currency(), r.freeSku(),
                r.basketTotal(), r.basketTotal() - r.discount(), storeCode, r.redeemedAt());
    }

    CouponService coupons() {
        return couponService;
    }
}
