package io.footbridge.offers.coupon;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.offers.OfferTiers;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.TierNames;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** Offer campaigns: created, listed, replaced and archived by marketers, with every rule checked field by field. */
@Service
class OfferService {

    private record TargetsKey(UUID offerId, int version) {
    }

    private final OfferRepository repository;
    private final CouponRepository coupons;
    private final Stores stores;
    private final Discounts discounts;
    private final AuditLog audit;
    private final CouponTokens tokens;
    private final ObjectProvider<OfferTiers> tiers;
    /** Targets by offer version: a change bumps the version, so every node sees it on its next read of the offer. */
    private final Cache<TargetsKey, OfferRepository.Targets> targets = Caffeine.newBuilder().maximumSize(10_000).build();

    OfferService(OfferRepository repository, CouponRepository coupons, Stores stores, Discounts discounts,
                 AuditLog audit, CouponTokens tokens, ObjectProvider<OfferTiers> tiers) {
        this.tiers = tiers;
        this.repository = repository;
        this.coupons = coupons;
        this.stores = stores;
        this.discounts = discounts;
        this.audit = audit;
        this.tokens = tokens;
    }

    @Transactional
    Offer create(Actor actor, OfferRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Checked checked = check(actor, request, null, now);
        OfferRepository.StoredOffer row = checked.row();
        repository.insert(row);
        repository.replaceTargets(actor.tenantId(), row.id(), checked.targets());
        if (checked.genericCode() != null) {
            CouponRepository.Coupon generic = new CouponRepository.Coupon(UUID.randomUUID(), actor.tenantId(), row.id(),
                    checked.genericCode(), tokens.next(), null, CouponRepository.ACTIVE, null, null, "generic", null,
                    null, null, now, null, null, 0, 0, null);
            if (!coupons.insert(generic)) {
                throw ProblemException.conflict("coupon-code-taken", "Another code of this tenant is "
                        + checked.genericCode() + " already; choose another generic code.");
            }
        }
        audit.record(actor, "offer.created", "offer", row.id(), summary(row));
        return view(row, checked.targets(), checked.genericCode(), now);
    }

    Offer get(Actor actor, UUID id) {
        OfferRepository.StoredOffer row = find(actor.tenantId(), id);
        return view(row, targets(row), genericCode(row), Instant.now());
    }

    OfferRepository.StoredOffer find(UUID tenantId, UUID id) {
        return repository.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("offer", id));
    }

    List<OfferRepository.StoredOffer> forTiers(UUID tenantId, Instant now) {
        return repository.forTiers(tenantId, now);
    }

    java.util.Optional<OfferRepository.StoredOffer> lookup(UUID tenantId, UUID id) {
        return repository.find(tenantId, id);
    }

    List<Offer> list(Actor actor, String status, int limit, int offset) {
        Instant now = Instant.now();
        return repository.list(actor.tenantId(), status, now, limit, offset).stream()
                .map(row -> view(row, targets(row), genericCode(row), now)).toList();
    }

    /**
     * Replaces the offer's rules. What the codes already out there carry (type, currency, code format, generic code)
     * stays; a new offer is the way to change those.
     */
    @Transactional
    Offer replace(Actor actor, UUID id, OfferRequest request) {
        OfferRepository.StoredOffer current = repository.findForUpdate(actor.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("offer", id));
        if (current.archivedAt() != null) {
            throw ProblemException.conflict("offer-archived", "This offer was archived; create a new one.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Checked checked = check(actor, request, current, now);
        repository.replace(checked.row());
        repository.replaceTargets(actor.tenantId(), id, checked.targets());
        OfferRepository.StoredOffer changed = find(actor.tenantId(), id);
        audit.record(actor, "offer.changed", "offer", id, summary(changed));
        return view(changed, checked.targets(), genericCode(changed), now);
    }

    /** Archived offers issue nothing more and their codes stop working; the figures stay. */
    @Transactional
    void archive(Actor actor, UUID id) {
        OfferRepository.StoredOffer current = find(actor.tenantId(), id);
        if (repository.archive(actor.tenantId(), id) > 0) {
            audit.record(actor, "offer.archived", "offer", id, Map.of("name", current.name()));
        }
    }

    OfferRepository.Targets targets(OfferRepository.StoredOffer offer) {
        return targets.get(new TargetsKey(offer.id(), offer.version()),
                key -> repository.targets(offer.tenantId(), offer.id()));
    }

    private String genericCode(OfferRepository.StoredOffer row) {
        return row.generic() ? coupons.genericOf(row.tenantId(), row.id()).map(f -> f.coupon().code()).orElse(null)
                : null;
    }

    Offer view(OfferRepository.StoredOffer row, OfferRepository.Targets targets, String genericCode, Instant now) {
        List<String> storeCodes = targets.stores().stream()
                .map(id -> stores.findById(row.tenantId(), id).map(StoreRef::code).orElse(id.toString()))
                .sorted().toList();
        return new Offer(row.id(), row.name(), row.description(), row.terms(), row.type(),
                row.percentBp() == null ? null : BigDecimal.valueOf(row.percentBp(), 2).stripTrailingZeros(),
                row.amount(), row.maxDiscount(), row.freeSku(), row.currency(), row.minBasket(), row.validFrom(),
                row.validUntil(), row.startsBy(), row.endsBy(), row.validDays(), row.perCustomerLimit(),
                row.maxRedemptions(), row.budget(), storeCodes, targets.skus().stream().sorted().toList(),
                targets.categories().stream().sorted().toList(), row.channelList(), row.codePrefix(),
                row.codeLength(), genericCode, row.tiers(), discounts.describe(row, Locale.ENGLISH), status(row, now),
                row.createdAt(), row.updatedAt(), row.archivedAt());
    }

    static String status(OfferRepository.StoredOffer row, Instant now) {
        if (row.archivedAt() != null) {
            return "archived";
        }
        if (now.isBefore(row.startsBy())) {
            return "scheduled";
        }
        return now.isBefore(row.endsBy()) ? "active" : "ended";
    }

    private record Checked(OfferRepository.StoredOffer row, OfferRepository.Targets targets, String genericCode) {
    }

    /** Every rule across fields, reported together; {@code current} is the offer being replaced, if any. */
    private Checked check(Actor actor, OfferRequest r, OfferRepository.StoredOffer current, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        Integer percentBp = null;
        switch (r.type()) {
            case PERCENT -> {
                if (r.percent() == null) {
                    errors.add(new FieldError("percent", "is required for a percent offer"));
                } else {
                    percentBp = r.percent().movePointRight(2).intValueExact();
                }
                if (r.amount() != null) {
                    errors.add(new FieldError("amount", "is only for amount offers"));
                }
            }
            case AMOUNT -> {
                if (r.amount() == null) {
                    errors.add(new FieldError("amount", "is required for an amount offer"));
                }
                if (r.percent() != null) {
                    errors.add(new FieldError("percent", "is only for percent offers"));
                }
                if (r.maxDiscount() != null) {
                    errors.add(new FieldError("maxDiscount", "is only for percent and free-item offers"));
                }
            }
            case FREE_ITEM -> {
                if (r.freeSku() == null && r.skusOrEmpty().isEmpty() && r.categoriesOrEmpty().isEmpty()) {
                    errors.add(new FieldError("freeSku", "a free-item offer names the free product, or skus or"
                            + " categories to choose the cheapest from"));
                }
                if (r.percent() != null) {
                    errors.add(new FieldError("percent", "is only for percent offers"));
                }
                if (r.amount() != null) {
                    errors.add(new FieldError("amount", "is only for amount offers"));
                }
            }
        }
        if (r.freeSku() != null && r.type() != OfferType.FREE_ITEM) {
            errors.add(new FieldError("freeSku", "is only for free-item offers"));
        }
        Validity validity = null;
        Validity.Boundary from = boundary(r.validFrom(), false, "validFrom", errors);
        Validity.Boundary until = boundary(r.validUntil(), true, "validUntil", errors);
        if (from != null && until != null) {
            validity = new Validity(from, until);
            String problem = validity.problem();
            if (problem != null) {
                errors.add(new FieldError("validUntil", problem));
            } else if (!validity.endsBy().isAfter(now) && (current == null
                    || !Objects.equals(current.validUntil(), until.text()))) {
                errors.add(new FieldError("validUntil", "is in the past"));
            }
        }
        Set<UUID> storeIds = new LinkedHashSet<>();
        for (int i = 0; i < r.storesOrEmpty().size(); i++) {
            String code = r.storesOrEmpty().get(i);
            StoreRef store = stores.findByCode(actor.tenantId(), code).filter(s -> !s.archived()).orElse(null);
            if (store == null) {
                errors.add(new FieldError("stores[" + i + "]", "is not an active store of this tenant"));
            } else if (!store.currency().equals(r.currency())) {
                errors.add(new FieldError("stores[" + i + "]", "takes " + store.currency() + ", not " + r.currency()));
            } else {
                storeIds.add(store.id());
            }
        }
        for (int i = 0; i < r.channelsOrEmpty().size(); i++) {
            if (!Offers.CHANNELS.contains(r.channelsOrEmpty().get(i))) {
                errors.add(new FieldError("channels[" + i + "]", "must be one of: "
                        + String.join(", ", Offers.CHANNELS)));
            }
        }
        String prefix = r.codePrefix() == null || r.codePrefix().isBlank() ? null
                : r.codePrefix().strip().toUpperCase(Locale.ROOT);
        if (prefix != null && CouponCodes.prefixProblem(prefix) != null) {
            errors.add(new FieldError("codePrefix", CouponCodes.prefixProblem(prefix)));
        }
        int codeLength = r.codeLength() == null ? OfferRequest.DEFAULT_CODE_LENGTH : r.codeLength();
        String genericCode = null;
        if (r.genericCode() != null) {
            genericCode = CouponCodes.normalise(r.genericCode());
            if (genericCode == null || genericCode.length() < 4) {
                errors.add(new FieldError("genericCode", "must be 4 to 32 letters and digits (spaces and dashes are"
                        + " ignored)"));
            }
            if (prefix != null || r.codeLength() != null) {
                errors.add(new FieldError("genericCode", "a generic code has no prefix or length of its own"));
            }
        }
        List<String> tierNames = checkTiers(actor, r, errors);
        if (current != null) {
            if (r.type() != current.type()) {
                errors.add(new FieldError("type", "cannot change once the offer exists; create a new offer"));
            }
            if (!r.currency().equals(current.currency())) {
                errors.add(new FieldError("currency", "cannot change once the offer exists; create a new offer"));
            }
            if (!Objects.equals(prefix, current.codePrefix()) || codeLength != current.codeLength()
                    && r.codeLength() != null) {
                errors.add(new FieldError("codePrefix", "the code format cannot change once codes may be out"));
            }
            if ((genericCode != null) != current.generic()
                    || genericCode != null && !genericCode.equals(genericCode(current))) {
                errors.add(new FieldError("genericCode", "cannot change once the offer exists"));
            }
            codeLength = current.codeLength();
            // codes printed or made for nobody in particular would pass the tier check: they stay as they were
            if (!tierNames.isEmpty() && !current.forTiers() && coupons.anyUnheld(actor.tenantId(), current.id())) {
                errors.add(new FieldError("tiers", "cannot be set once codes of this offer are out for anyone (printed"
                        + " or unassigned codes); create a new offer for the tiers"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Set<String> channels = new LinkedHashSet<>(r.channelsOrEmpty());
        OfferRepository.StoredOffer row = new OfferRepository.StoredOffer(current == null ? UUID.randomUUID() : current.id(),
                actor.tenantId(), r.name().strip(), blankToNull(r.description()), blankToNull(r.terms()), r.type(),
                percentBp, r.amount(), r.maxDiscount(), r.freeSku(), r.currency(),
                r.minBasket() == null ? 0 : r.minBasket(), from.text(), until.text(), validity.startsBy(),
                validity.endsBy(), r.validDays(), r.perCustomerLimit(), r.maxRedemptions(), r.budget(),
                current == null ? 0 : current.redeemedCount(), current == null ? 0 : current.discountSpent(),
                channels.isEmpty() ? null : String.join(",", channels), prefix, codeLength, genericCode != null,
                current == null ? 1 : current.version(), current == null ? now : current.createdAt(), now, null,
                tierNames);
        OfferRepository.Targets targets = storeIds.isEmpty() && r.skusOrEmpty().isEmpty()
                && r.categoriesOrEmpty().isEmpty() ? OfferRepository.Targets.NONE
                : new OfferRepository.Targets(Set.copyOf(storeIds), Set.copyOf(r.skusOrEmpty()),
                Set.copyOf(r.categoriesOrEmpty()));
        return new Checked(row, targets, genericCode);
    }

    /**
     * The tiers named must be the loyalty programme's, each once; a generic code is typed by anyone at the till, so
     * an offer kept for some tiers gives codes of its own.
     */
    private List<String> checkTiers(Actor actor, OfferRequest r, List<FieldError> errors) {
        if (r.tiersOrEmpty().isEmpty()) {
            return List.of();
        }
        OfferTiers source = tiers.getIfAvailable();
        List<String> known = source == null ? List.of() : source.names(actor.tenantId());
        List<String> checked = TierNames.check(r.tiersOrEmpty(), known, errors);
        if (r.genericCode() != null) {
            errors.add(new FieldError("tiers", "an offer with a generic code is for everyone who has the code; an"
                    + " offer kept for tiers gives each member a code of their own"));
        }
        return checked;
    }

    private static Validity.Boundary boundary(String text, boolean end, String field, List<FieldError> errors) {
        try {
            return Validity.parse(text, end);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Map<String, Object> summary(OfferRepository.StoredOffer row) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", row.name());
        details.put("type", row.type().value());
        details.put("validFrom", row.validFrom());
        details.put("validUntil", row.validUntil());
        return details;
    }
}
