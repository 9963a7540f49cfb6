package io.footbridge.offers.coupon;

import io.footbridge.identity.IdentityGraph;
import io.footbridge.offers.CouponIssued;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.OfferTiers;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Issues codes: one to a customer (through the API or other modules), or many unassigned ones for print. Also the
 * public API other modules call.
 */
@Service
class CouponService implements Offers {

    /** Codes generated and committed per transaction, so memory stays flat however many are asked for. */
    static final int GENERATION_CHUNK = 5_000;
    private static final int MAX_ATTEMPTS = 10;

    private final OfferService offers;
    private final CouponRepository repository;
    private final IdentityGraph identity;
    private final Stores stores;
    private final Discounts discounts;
    private final Brands brands;
    private final HostedPages pages;
    private final CouponTokens tokens;
    private final AuditLog audit;
    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate transaction;
    private final ObjectProvider<OfferTiers> tiers;
    private final SecureRandom random = new SecureRandom();

    CouponService(OfferService offers, CouponRepository repository, IdentityGraph identity, Stores stores,
                  Discounts discounts, Brands brands, HostedPages pages, CouponTokens tokens, AuditLog audit,
                  ApplicationEventPublisher publisher, TransactionTemplate transaction,
                  ObjectProvider<OfferTiers> tiers) {
        this.tiers = tiers;
        this.offers = offers;
        this.repository = repository;
        this.identity = identity;
        this.stores = stores;
        this.discounts = discounts;
        this.brands = brands;
        this.pages = pages;
        this.tokens = tokens;
        this.audit = audit;
        this.publisher = publisher;
        this.transaction = transaction;
    }

    @Override
    public IssuedCoupon issue(UUID tenantId, UUID offerId, UUID profileId, String channel, String idempotencyKey) {
        return issue(tenantId, offerId, profileId, channel, null, idempotencyKey);
    }

    @Override
    @Transactional
    public IssuedCoupon issue(UUID tenantId, UUID offerId, UUID profileId, String channel, String touchpoint,
                              String idempotencyKey) {
        return issue(tenantId, offerId, profileId, channel, touchpoint, idempotencyKey, null);
    }

    /** As the public issue, at {@code at} rather than now (null: now), for a writer replaying the past. */
    @Transactional
    IssuedCoupon issue(UUID tenantId, UUID offerId, UUID profileId, String channel, String touchpoint,
                       String idempotencyKey, Instant at) {
        if (channel == null || !CHANNELS.contains(channel)) {
            throw ProblemException.invalid("channel", "must be one of: " + String.join(", ", CHANNELS));
        }
        if (touchpoint != null && (touchpoint.isBlank() || touchpoint.length() > 64)) {
            throw ProblemException.invalid("touchpoint", "must be 1 to 64 characters");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ProblemException.invalid("idempotencyKey", "must be 1 to 200 characters");
        }
        OfferRepository.StoredOffer offer = offers.find(tenantId, offerId);
        if (idempotencyKey != null) {
            Optional<CouponRepository.Found> earlier = offer.generic()
                    ? repository.genericIssuedUnder(tenantId, offerId, idempotencyKey)
                    : repository.findByKey(tenantId, offerId, idempotencyKey);
            if (earlier.isPresent()) {
                return issued(earlier.get(), false);
            }
        }
        Instant now = (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MICROS);
        requireIssuable(offer, channel, now);
        UUID holder = profileId == null ? null : identity.find(tenantId, profileId).map(IdentityGraph.ProfileRef::rootId)
                .orElseThrow(() -> ProblemException.invalid("profileId", "is not a profile of this tenant"));
        requireTier(offer, holder);
        if (offer.generic()) {
            CouponRepository.Found generic = repository.genericOf(tenantId, offerId).orElseThrow();
            if (idempotencyKey != null && !repository.keyIssue(tenantId, offerId, idempotencyKey,
                    generic.coupon().id(), now)) {
                return issued(generic, false);
            }
            repository.countIssue(tenantId, generic.coupon().id());
            publisher.publishEvent(new CouponIssued(tenantId, offerId, generic.coupon().id(), holder, channel));
            return issued(generic, true);
        }
        CouponCodes.Generator codes = new CouponCodes.Generator(random, offer.codePrefix(), offer.codeLength());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Integer slot = holder == null || offer.perCustomerLimit() == null ? null
                    : freeSlot(repository.holderSlots(offerId, holder), offer.perCustomerLimit());
            CouponRepository.Coupon row = new CouponRepository.Coupon(UUID.randomUUID(), tenantId, offerId, codes.next(),
                    tokens.next(), 1, CouponRepository.ACTIVE, holder, slot, channel, touchpoint, null,
                    idempotencyKey, now, expiry(offer, now), null, 0, 0, null);
            if (repository.insert(row)) {
                publisher.publishEvent(new CouponIssued(tenantId, offerId, row.id(), holder, channel));
                return issued(new CouponRepository.Found(row, offer), true);
            }
            // a unique key was hit: a copy of this issue raced us, a racing issue took the slot, or the code is taken
            if (idempotencyKey != null) {
                Optional<CouponRepository.Found> raced = repository.findByKey(tenantId, offerId, idempotencyKey);
                if (raced.isPresent()) {
                    return issued(raced.get(), false);
                }
            }
        }
        throw ProblemException.conflict("conflict", "Could not issue a coupon just now; retry the request.");
    }

    /** The first slot in 1..limit that the person's coupons leave free. */
    private static int freeSlot(List<Integer> taken, int limit) {
        for (int slot = 1; slot <= limit; slot++) {
            if (!taken.contains(slot)) {
                return slot;
            }
        }
        throw Rejection.PER_CUSTOMER_LIMIT.problem("This customer has had the " + limit
                + " coupon(s) of this offer they may have.");
    }

    private static void requireIssuable(OfferRepository.StoredOffer offer, String channel, Instant now) {
        if (offer.archivedAt() != null) {
            throw Rejection.OFFER_ARCHIVED.problem("This offer was archived.");
        }
        if (!now.isBefore(offer.endsBy())) {
            throw ProblemException.conflict("offer-ended", "This offer ended " + offer.validUntil() + ".");
        }
        if (!offer.allows(channel)) {
            throw new ProblemException(org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT, "channel-not-allowed",
                    "Channel not allowed", "This offer may be issued through " + String.join(", ",
                    offer.channelList()) + " only.", List.of(new io.footbridge.platform.FieldError("channel",
                    "is not one of the offer's channels")));
        }
    }

    /** An offer kept for some tiers goes to members holding one of them, and to nobody in particular never. */
    private void requireTier(OfferRepository.StoredOffer offer, UUID holder) {
        if (!offer.forTiers()) {
            return;
        }
        String tiers = String.join(", ", offer.tiers());
        if (holder == null) {
            throw tierOnly("This offer is for members of " + tiers + " only; issue it to a person.", "profileId",
                    "is required: the offer is for members of " + tiers);
        }
        OfferTiers source = this.tiers.getIfAvailable();
        Optional<String> held = source == null ? Optional.empty() : source.tierOf(offer.tenantId(), holder);
        if (held.isEmpty() || !offer.tiers().contains(held.get())) {
            throw tierOnly("This offer is for members of " + tiers + " only; this customer "
                    + held.map(t -> "is " + t + ".").orElse("holds no tier."), "profileId",
                    "holds " + held.orElse("no tier") + ", not " + tiers);
        }
    }

    private static ProblemException tierOnly(String detail, String field, String reason) {
        return new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "offer-tier-only",
                "Offer kept for other tiers", detail, List.of(new io.footbridge.platform.FieldError(field, reason)));
    }

    private static Instant expiry(OfferRepository.StoredOffer offer, Instant now) {
        return offer.validDays() == null ? null : now.plus(Duration.ofDays(offer.validDays()));
    }

    /** What a batch generation produced: its id and how many codes. */
    record Generation(UUID batchId, int count) {
    }

    /** Checks a generation request before any code is drawn or any answer streamed. */
    OfferRepository.StoredOffer generatable(Actor actor, UUID offerId, int count, String channel) {
        OfferRepository.StoredOffer offer = offers.find(actor.tenantId(), offerId);
        if (offer.generic()) {
            throw ProblemException.conflict("offer-generic", "This offer has one generic code for everyone; it has"
                    + " no codes to generate.");
        }
        if (channel != null && !CHANNELS.contains(channel)) {
            throw ProblemException.invalid("channel", "must be one of: " + String.join(", ", CHANNELS));
        }
        requireIssuable(offer, channel == null ? "print" : channel, Instant.now());
        if (offer.forTiers()) {
            throw tierOnly("This offer is for members of " + String.join(", ", offer.tiers()) + " only: its codes"
                    + " are issued to members, not printed for anyone.", "offer", "is kept for loyalty tiers");
        }
        return offer;
    }

    /**
     * Draws {@code count} new unassigned single-use codes and stores them in chunks, each in its own transaction;
     * codes that collide with existing ones are drawn again. Each stored chunk goes to {@code sink}.
     */
    Generation generate(Actor actor, OfferRepository.StoredOffer offer, int count, String channel, String touchpoint,
                        Consumer<List<CouponRepository.Coupon>> sink) {
        UUID batchId = UUID.randomUUID();
        String issuedThrough = channel == null ? "print" : channel;
        CouponCodes.Generator codes = new CouponCodes.Generator(random, offer.codePrefix(), offer.codeLength());
        int done = 0;
        while (done < count) {
            int size = Math.min(GENERATION_CHUNK, count - done);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<CouponRepository.Coupon> chunk = transaction.execute(status -> {
                Map<String, CouponRepository.Coupon> rows = new LinkedHashMap<>();
                List<CouponRepository.Coupon> pending = new ArrayList<>();
                for (int attempt = 0; rows.size() < size; attempt++) {
                    if (attempt > MAX_ATTEMPTS) {
                        throw new IllegalStateException("too many code collisions: the offer's code space is full");
                    }
                    pending.clear();
                    Set<String> drawn = new HashSet<>();
                    while (pending.size() < size - rows.size()) {
                        String code = codes.next();
                        if (!rows.containsKey(code) && drawn.add(code)) {
                            pending.add(new CouponRepository.Coupon(UUID.randomUUID(), actor.tenantId(), offer.id(), code,
                                    tokens.next(), 1, CouponRepository.ACTIVE, null, null, issuedThrough, touchpoint,
                                    batchId, null, now, expiry(offer, now), null, 0, 0, null));
                        }
                    }
                    Set<String> taken = repository.insertAll(pending);
                    pending.stream().filter(row -> !taken.contains(row.code())).forEach(row -> rows.put(row.code(), row));
                }
                return List.copyOf(rows.values());
            });
            sink.accept(chunk);
            done += chunk.size();
        }
        audit.record(actor, "offer.codes_generated", "offer", offer.id(), Map.of("batchId", batchId, "count", count,
                "channel", issuedThrough));
        return new Generation(batchId, count);
    }

    List<CouponView> list(Actor actor, UUID offerId, String status, String after, int limit) {
        OfferRepository.StoredOffer offer = offers.find(actor.tenantId(), offerId);
        return repository.list(actor.tenantId(), offerId, status, Instant.now(), after, limit).stream()
                .map(row -> view(new CouponRepository.Found(row, offer), List.of())).toList();
    }

    CouponView view(CouponRepository.Found found, List<CouponRepository.Redemption> redemptions) {
        CouponRepository.Coupon c = found.coupon();
        Map<UUID, String> storeCodes = new LinkedHashMap<>();
        List<CouponView.RedemptionView> history = redemptions.stream().map(r -> new CouponView.RedemptionView(
                r.transactionId(), storeCodes.computeIfAbsent(r.storeId(), id -> stores.findById(r.tenantId(), id)
                .map(StoreRef::code).orElse(null)), r.basketTotal(), r.currency(), r.discount(), r.freeSku(),
                r.redeemedAt(), r.rolledBackAt(), r.rollbackReason())).toList();
        Urls urls = urls(c.token());
        return new CouponView(c.id(), c.offerId(), found.offer().name(), c.code(),
                CouponCodes.display(c.code(), c.generic() ? null : found.offer().codePrefix()),
                status(found, Instant.now()), c.profileId(), c.channel(), c.touchpoint(), c.batchId(), c.issuedAt(),
                c.expiresAt(), c.redeemedAt(), c.viewCount(), c.generic() ? c.issuedCount() : null, urls.page(),
                urls.qrPng(), urls.qrSvg(), urls.barcodePng(), history);
    }

    /** The stored status, with active codes past their end shown as expired and withdrawn offers' as revoked. */
    static String status(CouponRepository.Found found, Instant now) {
        CouponRepository.Coupon c = found.coupon();
        if (!CouponRepository.ACTIVE.equals(c.status())) {
            return c.status();
        }
        if (found.offer().archivedAt() != null) {
            return CouponRepository.REVOKED;
        }
        boolean over = !now.isBefore(found.offer().endsBy()) || c.expiresAt() != null && !now.isBefore(c.expiresAt());
        return over ? CouponRepository.EXPIRED : CouponRepository.ACTIVE;
    }

    @Transactional
    CouponView revoke(Actor actor, CouponRepository.Found found) {
        if (repository.revoke(actor.tenantId(), found.coupon().id())) {
            audit.record(actor, "coupon.revoked", "coupon", found.coupon().id(), Map.of("code", found.coupon().code()));
        } else if (!CouponRepository.REVOKED.equals(found.coupon().status())) {
            throw Rejection.ALREADY_REDEEMED.problem("Only unused codes can be revoked; this one is "
                    + found.coupon().status() + ".");
        }
        return view(repository.findByCode(actor.tenantId(), found.coupon().code()).orElseThrow(), List.of());
    }

    @Override
    @Transactional
    public Withdrawal withdraw(UUID tenantId, UUID couponId) {
        Optional<CouponRepository.Coupon> coupon = repository.findById(tenantId, couponId);
        if (coupon.isEmpty()) {
            return Withdrawal.WITHDRAWN;
        }
        // a code everyone shares stays usable for the others
        if (coupon.get().generic()) {
            return Withdrawal.SHARED;
        }
        if (repository.revoke(tenantId, couponId)) {
            return Withdrawal.WITHDRAWN;
        }
        // read again: a till may have redeemed it between the first read and the revoke
        return repository.findById(tenantId, couponId).map(CouponRepository.Coupon::status)
                .filter(CouponRepository.REDEEMED::equals).isPresent() ? Withdrawal.USED : Withdrawal.WITHDRAWN;
    }

    @Override
    public Optional<OfferSummary> find(UUID tenantId, UUID offerId) {
        Locale locale = Locale.forLanguageTag(brands.of(tenantId).language());
        return offers.lookup(tenantId, offerId).map(row -> new OfferSummary(row.id(), row.name(), row.type().value(),
                discounts.describe(row, locale), row.currency(), row.validFrom(), row.validUntil(), row.endsBy(),
                row.channelList(), row.generic(), row.archivedAt() != null, row.tiers()));
    }

    @Override
    public List<OfferSummary> forTier(UUID tenantId, String tier) {
        if (tier == null) {
            return List.of();
        }
        Locale locale = Locale.forLanguageTag(brands.of(tenantId).language());
        return offers.forTiers(tenantId, Instant.now()).stream().filter(row -> row.tiers().contains(tier))
                .map(row -> new OfferSummary(row.id(), row.name(), row.type().value(), discounts.describe(row, locale),
                        row.currency(), row.validFrom(), row.validUntil(), row.endsBy(), row.channelList(),
                        row.generic(), false, row.tiers())).toList();
    }

    @Override
    public List<IssuedCoupon> coupons(UUID tenantId, UUID profileId) {
        // coupons are held by the person's root profile at issue; an older one may still name this profile
        Set<UUID> ids = new HashSet<>(Set.of(profileId));
        identity.find(tenantId, profileId).ifPresent(p -> ids.add(p.rootId()));
        return repository.ofProfiles(tenantId, ids).stream().map(f -> issued(f, false)).toList();
    }

    IssuedCoupon issued(CouponRepository.Found found, boolean created) {
        CouponRepository.Coupon c = found.coupon();
        OfferRepository.StoredOffer offer = found.offer();
        Locale locale = Locale.forLanguageTag(brands.of(c.tenantId()).language());
        Urls urls = urls(c.token());
        Instant expiresAt = c.expiresAt() == null || c.expiresAt().isAfter(offer.endsBy()) ? offer.endsBy()
                : c.expiresAt();
        return new IssuedCoupon(c.id(), offer.id(), c.code(), CouponCodes.display(c.code(), c.generic() ? null
                : offer.codePrefix()), offer.name(), discounts.describe(offer, locale), status(found, Instant.now()),
                offer.validUntil(), expiresAt, urls.page(), urls.qrPng(), urls.qrSvg(), urls.barcodePng(),
                c.issuedAt(), created);
    }

    record Urls(String page, String qrPng, String qrSvg, String barcodePng) {
    }

    /** The public address, else the request's, else this node's (see {@link HostedPages#baseUrl()}). */
    String baseUrl() {
        return pages.baseUrl();
    }

    Urls urls(String token) {
        return urls(baseUrl(), token);
    }

    static Urls urls(String base, String token) {
        String page = base + "/c/" + token;
        return new Urls(page, page + "/qr.png", page + "/qr.svg", page + "/barcode.png");
    }
}
