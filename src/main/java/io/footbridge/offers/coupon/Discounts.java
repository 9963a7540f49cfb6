package io.footbridge.offers.coupon;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** What a coupon takes off a basket, and how to say it to a customer in their language. */
@Component
class Discounts {

    /** The part of a basket a coupon applies to, and what it takes off. */
    record Result(long discount, String freeSku) {
    }

    private final MessageSource messages;

    Discounts(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * Null when nothing in the basket qualifies. Percentages round half up to the minor unit; nothing takes off more
     * than the part it applies to, nor more than the basket.
     */
    static Result compute(OfferRepository.StoredOffer offer, OfferRepository.Targets targets, PosRequest.Basket basket) {
        List<PosRequest.Line> eligible = basket.linesOrEmpty().stream()
                .filter(line -> qualifies(line, offer, targets)).toList();
        long base = targets.byProduct() ? eligible.stream().mapToLong(PosRequest.Line::amount).sum() : basket.total();
        long discount;
        String freeSku = null;
        switch (offer.type()) {
            case PERCENT -> {
                if (targets.byProduct() && eligible.isEmpty()) {
                    return null;
                }
                discount = (base * offer.percentBp() + 5_000) / 10_000;
            }
            case AMOUNT -> {
                if (targets.byProduct() && eligible.isEmpty()) {
                    return null;
                }
                discount = Math.min(offer.amount(), base);
            }
            default -> {
                PosRequest.Line cheapest = eligible.stream()
                        .min(java.util.Comparator.comparingLong(PosRequest.Line::unitPrice)).orElse(null);
                if (cheapest == null) {
                    return null;
                }
                discount = cheapest.unitPrice();
                freeSku = cheapest.sku();
            }
        }
        if (offer.maxDiscount() != null) {
            discount = Math.min(discount, offer.maxDiscount());
        }
        return new Result(Math.max(0, Math.min(discount, basket.total())), freeSku);
    }

    /** A free-item offer names its product, or takes its targets; other offers only their targets. */
    private static boolean qualifies(PosRequest.Line line, OfferRepository.StoredOffer offer, OfferRepository.Targets targets) {
        if (offer.type() == OfferType.FREE_ITEM && offer.freeSku() != null) {
            return offer.freeSku().equals(line.sku());
        }
        if (!targets.byProduct()) {
            return offer.type() != OfferType.FREE_ITEM;
        }
        return targets.skus().contains(line.sku())
                || line.category() != null && targets.categories().contains(line.category());
    }

    /** "10 % off", "€5.00 off on a basket of €20.00 or more", "Espresso free". */
    String describe(OfferRepository.StoredOffer offer, Locale locale) {
        String what = switch (offer.type()) {
            case PERCENT -> messages.getMessage("offer.discount.percent", new Object[]{percent(offer.percentBp(), locale)},
                    locale);
            case AMOUNT -> messages.getMessage("offer.discount.amount", new Object[]{money(offer.amount(),
                    offer.currency(), locale)}, locale);
            case FREE_ITEM -> offer.freeSku() == null ? messages.getMessage("offer.discount.freeItem", null, locale)
                    : messages.getMessage("offer.discount.freeSku", new Object[]{offer.freeSku()}, locale);
        };
        if (offer.maxDiscount() != null && offer.type() != OfferType.AMOUNT) {
            what = messages.getMessage("offer.discount.upTo", new Object[]{what, money(offer.maxDiscount(),
                    offer.currency(), locale)}, locale);
        }
        if (offer.minBasket() > 0) {
            what = messages.getMessage("offer.discount.minBasket", new Object[]{what, money(offer.minBasket(),
                    offer.currency(), locale)}, locale);
        }
        return what;
    }

    static String money(long minorUnits, String currency, Locale locale) {
        Currency unit = Currency.getInstance(currency);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(unit);
        int digits = Math.max(0, unit.getDefaultFractionDigits());
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minorUnits, digits));
    }

    static String percent(int basisPoints, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(2);
        return format.format(BigDecimal.valueOf(basisPoints, 2));
    }
}
