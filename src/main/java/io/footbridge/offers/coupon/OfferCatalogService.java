package io.footbridge.offers.coupon;

import io.footbridge.offers.OfferCatalog;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The console's way to the offers: the same service, checks and audit as {@link OfferController}. */
@Service
class OfferCatalogService implements OfferCatalog {

    private final OfferService offers;
    private final CouponService coupons;
    private final OfferStats stats;
    private final OffersProperties properties;
    private final Validator validator;

    OfferCatalogService(OfferService offers, CouponService coupons, OfferStats stats, OffersProperties properties,
                        Validator validator) {
        this.offers = offers;
        this.coupons = coupons;
        this.stats = stats;
        this.properties = properties;
        this.validator = validator;
    }

    @Override
    public List<Offer> list(Actor actor, String status, int limit, int offset) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of: " + String.join(", ", STATUSES));
        }
        return offers.list(actor, status, limit, offset).stream().map(OfferCatalogService::offer).toList();
    }

    @Override
    public Offer get(Actor actor, UUID offerId) {
        return offer(offers.get(actor, offerId));
    }

    @Override
    public Offer create(Actor actor, Rules rules) {
        return offer(offers.create(actor, request(rules)));
    }

    @Override
    public Offer change(Actor actor, UUID offerId, Rules rules) {
        return offer(offers.replace(actor, offerId, request(rules)));
    }

    @Override
    public void archive(Actor actor, UUID offerId) {
        offers.archive(actor, offerId);
    }

    @Override
    public Stats stats(Actor actor, UUID offerId) {
        OfferStats.Figures f = stats.of(offers.find(actor.tenantId(), offerId));
        return new Stats(f.currency(), f.issued(), f.viewed(), f.redeemed(), f.redemptionRate(), f.revenue(),
                f.discountGiven(), f.medianDaysToRedeem(), f.rolledBack(), f.byStore().stream()
                .map(s -> new StoreStats(s.store(), s.redeemed(), s.revenue(), s.discountGiven())).toList());
    }

    @Override
    public int generateCsv(Actor actor, UUID offerId, int count, OutputStream out) {
        if (count < 1 || count > properties.maxGeneratedCodes()) {
            throw ProblemException.invalid("count", "must be between 1 and " + properties.maxGeneratedCodes());
        }
        OfferRepository.StoredOffer offer = coupons.generatable(actor, offerId, count, null);
        String base = coupons.baseUrl();
        write(out, "code,display_code,page_url,qr_png_url,barcode_png_url\n");
        return coupons.generate(actor, offer, count, null, null, chunk -> {
            StringBuilder text = new StringBuilder(chunk.size() * 160);
            for (CouponRepository.Coupon row : chunk) {
                CouponService.Urls urls = CouponService.urls(base, row.token());
                text.append(row.code()).append(',').append(CouponCodes.display(row.code(), offer.codePrefix()))
                        .append(',').append(urls.page()).append(',').append(urls.qrPng()).append(',')
                        .append(urls.barcodePng()).append('\n');
            }
            write(out, text.toString());
        }).count();
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the browser went away; the chunks stored so far stay
        }
    }

    /** The rules as the API's request, checked by the same constraints, every field's problem at once. */
    private OfferRequest request(Rules r) {
        List<FieldError> errors = new ArrayList<>();
        OfferType type = null;
        if (r.type() == null || !TYPES.contains(r.type())) {
            errors.add(new FieldError("type", "must be one of: " + String.join(", ", TYPES)));
        } else {
            type = OfferType.of(r.type());
        }
        OfferRequest request = new OfferRequest(r.name(), r.description(), r.terms(), type, r.percent(), r.amount(),
                r.maxDiscount(), r.freeSku(), r.currency(), r.minBasket(), r.validFrom(), r.validUntil(),
                r.validDays(), r.perCustomerLimit(), r.maxRedemptions(), r.budget(), r.stores(), r.skus(),
                r.categories(), r.channels(), r.codePrefix(), r.codeLength(), r.genericCode(), r.tiers());
        for (ConstraintViolation<OfferRequest> violation : validator.validate(request)) {
            String field = violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "")
                    .replaceAll("<[^>]+>", "");
            if (!field.equals("type")) {
                errors.add(new FieldError(field, violation.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return request;
    }

    private static Offer offer(io.footbridge.offers.coupon.Offer o) {
        return new Offer(o.id(), o.status(), o.discount(), o.startsBy(), o.endsBy(), o.createdAt(),
                new Rules(o.name(), o.description(), o.terms(), o.type().value(), o.percent(), o.amount(),
                        o.maxDiscount(), o.freeSku(), o.currency(), o.minBasket(), o.validFrom(), o.validUntil(),
                        o.validDays(), o.perCustomerLimit(), o.maxRedemptions(), o.budget(), o.stores(), o.skus(),
                        o.categories(), o.channels(), o.codePrefix(), o.codeLength(), o.genericCode(), o.tiers()));
    }
}
