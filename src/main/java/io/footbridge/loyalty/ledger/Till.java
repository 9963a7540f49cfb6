package io.footbridge.loyalty.ledger;

import io.footbridge.capture.EventRecorder;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.loyalty.LoyaltyTill;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The till's side: joining at the till, spending points on a sale (once per transaction id, never below zero, two
 * tills racing for the same points: one wins) and giving them back when the sale is cancelled.
 */
@Service
class Till implements LoyaltyTill {

    /**
     * The same answer to the club's consent question sent again within this long is a till retrying, recorded once;
     * after it, asking again is a new answer (a customer who revoked in between and grants again).
     */
    static final java.time.Duration SAME_ANSWER = java.time.Duration.ofMinutes(15);

    /**
     * What a spend answered; a retry of its transaction id answers the same. {@code coupon} is the code of the coupon
     * a reward with an offer issued (null otherwise); {@code amount} and {@code currency} what the points paid of the
     * sale when they were spent as payment (null otherwise).
     */
    record Spent(String transactionId, String loyaltyId, long points, String reward, long available,
                 Instant redeemedAt, String coupon, Long amount, String currency) {
    }

    record Returned(String transactionId, String loyaltyId, long returned, long available) {
    }

    record Outcome<T>(T answer, boolean replay) {
    }

    private final LoyaltyRepository repository;
    private final ProgrammeStore programmes;
    private final Members members;
    private final PointsLedger ledger;
    private final Stores stores;
    private final EventRecorder recorder;
    private final IdentifierNormaliser normaliser;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Referrals referrals;
    private final Offers offers;

    Till(LoyaltyRepository repository, ProgrammeStore programmes, Members members, PointsLedger ledger, Stores stores,
         EventRecorder recorder, IdentifierNormaliser normaliser, JsonMapper json, TransactionTemplate transaction,
         Referrals referrals, Offers offers) {
        this.referrals = referrals;
        this.offers = offers;
        this.repository = repository;
        this.programmes = programmes;
        this.members = members;
        this.ledger = ledger;
        this.stores = stores;
        this.recorder = recorder;
        this.normaliser = normaliser;
        this.json = json;
        this.transaction = transaction;
    }

    StoreRef store(Actor actor, String code) {
        if (code == null || code.isBlank()) {
            throw ProblemException.invalid("store", "is required");
        }
        StoreRef store = stores.findByCode(actor.tenantId(), code).filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        actor.requireStore(store.id());
        return store;
    }

    Outcome<Spent> redeem(Actor actor, RedemptionRequest request) {
        Programme programme = programmes.require(actor.tenantId());
        String number = members.number("loyaltyId", request.loyaltyId());
        StoreRef store = store(actor, request.store());
        Programme.Reward reward = request.amount() == null ? reward(programme, request) : null;
        long points = request.amount() != null ? payment(programme, request)
                : reward == null ? request.points() : reward.points();
        String currency = request.amount() == null ? null : programme.currency();
        Optional<Outcome<Spent>> replay = replay(actor, request.transactionId(), number);
        if (replay.isPresent()) {
            return replay.get();
        }
        Spent spent = transaction.execute(status -> {
            LoyaltyRepository.Member member = repository.lock(actor.tenantId(), number)
                    .orElseThrow(() -> ProblemException.notFound("member", number));
            Instant now = PointsLedger.now();
            long available = repository.balances(member.id(), now).available();
            if (available < points) {
                throw Members.short_(available, points);
            }
            IssuedCoupon coupon = reward == null || reward.offer() == null ? null : coupon(actor, member, reward,
                    request.transactionId());
            LoyaltyRepository.Redemption redemption = new LoyaltyRepository.Redemption(request.transactionId(),
                    member.id(), points, 0, request.reward(), store.id(), available - points, now,
                    coupon == null ? null : coupon.couponId(), coupon == null ? null : coupon.code(), request.amount(),
                    currency);
            if (!repository.addRedemption(actor.tenantId(), redemption)) {
                status.setRollbackOnly(); // a copy of this request, or another member's, took the id first
                return null;
            }
            repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), actor.tenantId(), member.id(),
                    PointsLedger.BURN, -points, "redemption", request.transactionId(), null, store.id(),
                    request.reward(), actor.label(), now, now, null, now));
            return new Spent(request.transactionId(), number, points, request.reward(), available - points, now,
                    redemption.couponCode(), request.amount(), currency);
        });
        if (spent == null) {
            return replay(actor, request.transactionId(), number).orElseThrow();
        }
        return new Outcome<>(spent, false);
    }

    @Override
    public long redeem(Actor actor, String loyaltyId, long points, String store, String transactionId) {
        return redeem(actor, new RedemptionRequest(loyaltyId, points, null, store, transactionId)).answer()
                .available();
    }

    /**
     * Issues the reward's coupon in the spend's own transaction (offers joins it): when the offer refuses (ended,
     * archived, the member's limit reached) its problem rolls the spend back, so no points go without a coupon. The
     * transaction id is the idempotency key, so one spend never makes two coupons. A member identity has not tied to
     * a person yet is refused (409): a coupon held by nobody would be on no member page and under no per-customer
     * limit.
     */
    private IssuedCoupon coupon(Actor actor, LoyaltyRepository.Member member, Programme.Reward reward,
                                String transactionId) {
        UUID profileId = members.view(actor.tenantId(), member).profileId();
        if (profileId == null) {
            throw new ProblemException(HttpStatus.CONFLICT, "loyalty-member-unlinked", "Member not linked yet",
                    "This member is not tied to a person yet (give a phone number or e-mail address, or try again"
                            + " in a moment); a reward's coupon needs someone to hold it.", List.of());
        }
        return offers.issue(actor.tenantId(), reward.offer(), profileId, "staff", "loyalty",
                "loyalty-reward:" + transactionId);
    }

    /**
     * The points that pay the request's {@code amount} at the programme's fixed rate: only in the programme's
     * currency, only when it takes points as payment, and only amounts whole points pay.
     */
    private static long payment(Programme programme, RedemptionRequest request) {
        if (request.points() != null || request.reward() != null) {
            throw ProblemException.invalid("amount", "give an amount, or points or a reward, not both");
        }
        if (programme.payment() == null) {
            throw ProblemException.invalid("amount", "this programme does not take points as payment");
        }
        if (request.currency() != null && !request.currency().equals(programme.currency())) {
            throw ProblemException.invalid("currency", "points pay only in the programme's currency, "
                    + programme.currency());
        }
        long step = programme.payment().step();
        return programme.payment().pointsFor(request.amount()).orElseThrow(() -> ProblemException.invalid("amount",
                "must be a multiple of " + step + " (minor units): points pay " + programme.payment().amount()
                        + " for " + programme.payment().points()));
    }

    /** The reward a request names (null for plain points); points given with it must be its price. */
    private static Programme.Reward reward(Programme programme, RedemptionRequest request) {
        if (request.reward() == null) {
            if (request.points() == null) {
                throw ProblemException.invalid("points", "is required unless a reward or an amount is given");
            }
            return null;
        }
        Programme.Reward reward = programme.rewards().stream().filter(r -> r.id().equals(request.reward()))
                .findFirst().orElseThrow(() -> ProblemException.invalid("reward", "is not a reward of this programme"));
        if (request.points() != null && request.points() != reward.points()) {
            throw ProblemException.invalid("points", "must be the reward's price, " + reward.points());
        }
        return reward;
    }

    /** The first answer for a transaction id already spent; a 409 when it was spent by another member. */
    private Optional<Outcome<Spent>> replay(Actor actor, String transactionId, String number) {
        return repository.redemption(actor.tenantId(), transactionId).map(first -> {
            LoyaltyRepository.Member member = repository.memberById(actor.tenantId(), first.memberId()).orElseThrow();
            if (!member.loyaltyId().equals(number)) {
                throw ProblemException.conflict("loyalty-transaction-used", "Transaction " + transactionId
                        + " already spent another member's points.");
            }
            return new Outcome<>(new Spent(first.transactionId(), number, first.points(), first.reward(),
                    first.balanceAfter(), first.createdAt(), first.couponCode(), first.amount(), first.currency()),
                    true);
        });
    }

    /**
     * Gives back what a sale spent and has not had back yet (a cancelled sale); again gives nothing more. A reward's
     * coupon is withdrawn with it; one already used keeps the points spent (409 {@code loyalty-reward-used}).
     */
    Returned rollback(Actor actor, String transactionId) {
        return transaction.execute(status -> {
            LoyaltyRepository.Redemption spent = repository.redemption(actor.tenantId(), transactionId)
                    .orElseThrow(() -> ProblemException.notFound("redemption", transactionId));
            actor.requireStore(spent.storeId());
            repository.lockById(actor.tenantId(), spent.memberId());
            LoyaltyRepository.Redemption locked = repository.redemption(actor.tenantId(), transactionId).orElseThrow();
            long owed = locked.points() - locked.returned();
            if (owed > 0 && locked.couponId() != null && !ledger.rewardReturnable(actor.tenantId(), locked)) {
                throw new ProblemException(HttpStatus.CONFLICT, "loyalty-reward-used", "Reward already used",
                        "The coupon this spend bought has been used; its points stay spent.", List.of());
            }
            Instant now = PointsLedger.now();
            if (owed > 0) {
                repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), actor.tenantId(), locked.memberId(),
                        PointsLedger.REVERSE, owed, "rollback", transactionId, null, locked.storeId(), null,
                        actor.label(), now, now, null, now));
                repository.returned(actor.tenantId(), transactionId, locked.points());
            }
            LoyaltyRepository.Member member = repository.memberById(actor.tenantId(), locked.memberId()).orElseThrow();
            return new Returned(transactionId, member.loyaltyId(), Math.max(0, owed),
                    repository.balances(member.id(), now).available());
        });
    }

    /**
     * Joins a customer at the till by their loyalty number, with a phone or e-mail when given: the member is made
     * at once, and a {@code loyalty.signup} event tells identity (and the consent ledger) who they are.
     */
    Outcome<LoyaltyMembers.Member> join(Actor actor, JoinRequest request) {
        Programme programme = programmes.require(actor.tenantId());
        String number = members.number("loyaltyId", request.loyaltyId());
        StoreRef store = store(actor, request.store());
        ObjectNode identifiers = json.createObjectNode().put("loyaltyId", request.loyaltyId().strip());
        check(IdentifierType.PHONE, "phone", request.phone(), store.country(), identifiers);
        check(IdentifierType.EMAIL, "email", request.email(), store.country(), identifiers);
        LoyaltyRepository.Member referrer = request.referralCode() == null || request.referralCode().isBlank() ? null
                : referrals.referrer(actor.tenantId(), "referralCode", request.referralCode());
        boolean created = Boolean.TRUE.equals(transaction.execute(status -> {
            boolean isNew = repository.member(actor.tenantId(), number).isEmpty();
            LoyaltyRepository.Member member = ledger.join(programme, actor.tenantId(), number, PointsLedger.now(),
                    store.id());
            if (referrer != null) {
                ledger.refer(member, referrer);
            }
            // keyed by the member's own id: an event id must not carry the loyalty number itself. A member asked
            // again at the till gives a loyalty.consent event of its own, so a changed answer reaches the consent
            // ledger without the sign-up (and its bonus) counting twice
            ObjectNode properties = json.createObjectNode().put("channel", "till");
            var ticks = properties.putArray("consents");
            for (JoinRequest.ClubConsent c : request.consentsOrNone()) {
                ticks.addObject().put("channel", c.channel()).put("purpose", "loyalty").put("granted", c.granted())
                        .put("wordingVersion", c.wordingVersion().strip());
            }
            if (ticks.isEmpty()) {
                properties.remove("consents");
            }
            boolean again = !isNew && !ticks.isEmpty();
            if (again && !repository.newConsentAnswer(actor.tenantId(), member.id(), answer(ticks.toString()),
                    Instant.now(), SAME_ANSWER)) {
                return false;
            }
            if (isNew && !ticks.isEmpty()) {
                // the sign-up's answer is remembered too: the till sending the join again is not a new answer
                repository.newConsentAnswer(actor.tenantId(), member.id(), answer(ticks.toString()), Instant.now(),
                        SAME_ANSWER);
            }
            recorder.record(actor.tenantId(), "loyalty", List.of(new EventRecorder.NewEvent(again
                    ? "loyalty-consent:" + member.id() + ":" + UUID.randomUUID() : "loyalty-signup:" + member.id(),
                    again ? "loyalty.consent" : "loyalty.signup", Instant.now(), store.id(), null,
                    identifiers.toString(), properties.toString())));
            return isNew;
        }));
        return new Outcome<>(members.view(actor.tenantId(), members.require(actor, number)), !created);
    }

    /** The answer as kept on the member: a hash of the ticks, to tell the same answer sent again. */
    private static String answer(String ticks) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(ticks.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(IdentifierType type, String field, String raw, String country, ObjectNode identifiers) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        Normalised value = normaliser.normalise(type, raw, country);
        if (!value.usable()) {
            throw ProblemException.invalid(field, value.problem());
        }
        identifiers.put(field, raw.strip());
    }
}
