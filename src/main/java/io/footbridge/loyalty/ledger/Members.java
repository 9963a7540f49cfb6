package io.footbridge.loyalty.ledger;

import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Members as the till, the API and the console see them, and staff adjustments. */
@Service
class Members implements LoyaltyMembers {

    private final LoyaltyRepository repository;
    private final ProgrammeStore programmes;
    private final IdentityGraph identity;
    private final IdentifierNormaliser normaliser;
    private final TransactionTemplate transaction;
    private final Referrals referrals;
    private final PointsLedger pointsLedger;

    Members(LoyaltyRepository repository, ProgrammeStore programmes, IdentityGraph identity,
            IdentifierNormaliser normaliser,
            TransactionTemplate transaction, Referrals referrals, PointsLedger ledger) {
        this.pointsLedger = ledger;
        this.referrals = referrals;
        this.repository = repository;
        this.programmes = programmes;
        this.identity = identity;
        this.normaliser = normaliser;
        this.transaction = transaction;
    }

    /** The loyalty number as compared, or a 400 naming {@code field}. */
    String number(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        Normalised value = normaliser.normalise(IdentifierType.LOYALTY_ID, raw, null);
        if (!value.usable()) {
            throw ProblemException.invalid(field, value.problem());
        }
        return value.value();
    }

    LoyaltyRepository.Member require(Actor actor, String loyaltyId) {
        return repository.member(actor.tenantId(), loyaltyId)
                .orElseThrow(() -> ProblemException.notFound("member", loyaltyId));
    }

    Member view(UUID tenantId, LoyaltyRepository.Member member) {
        LoyaltyRepository.Balances b = repository.balances(member.id(), Instant.now());
        Optional<Programme> programme = programmes.find(tenantId);
        List<Reward> rewards = programme.map(p -> p.rewards().stream()
                .filter(r -> r.points() <= b.available()).map(r -> new Reward(r.id(), r.name(), r.points()))
                .toList()).orElse(List.of());
        Worth worth = programme.filter(p -> p.payment() != null)
                .map(p -> new Worth(p.payment().worth(b.available()), p.currency())).orElse(null);
        UUID profileId = identity.findByIdentifier(tenantId, IdentifierType.LOYALTY_ID, member.loyaltyId())
                .orElse(null);
        return new Member(profileId, member.loyaltyId(), b.available(), b.pending(), b.lifetime(), b.expired(),
                member.tier(), member.joinedAt(), rewards, worth);
    }

    @Override
    public boolean running(UUID tenantId) {
        return programmes.find(tenantId).isPresent();
    }

    @Override
    public Optional<String> programme(UUID tenantId) {
        return programmes.find(tenantId).map(programmes::pretty);
    }

    @Override
    public void saveProgramme(Actor actor, String json) {
        if (!actor.has(io.footbridge.platform.Scope.OFFERS_WRITE) || !actor.allStores()) {
            throw ProblemException.forbidden("Changing the loyalty programme needs offers:write for every store.");
        }
        programmes.save(actor.tenantId(), programmes.parse(json));
    }

    @Override
    public Optional<Member> find(Actor actor, String loyaltyId) {
        Normalised value = normaliser.normalise(IdentifierType.LOYALTY_ID, loyaltyId, null);
        if (!value.usable()) {
            return Optional.empty();
        }
        return repository.member(actor.tenantId(), value.value()).map(m -> view(actor.tenantId(), m));
    }

    @Override
    public Optional<Member> findByProfile(Actor actor, UUID profileId) {
        Optional<IdentityGraph.ProfileRef> profile = identity.find(actor.tenantId(), profileId);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        return identity.identifiers(actor.tenantId(), profile.get().rootId()).stream()
                .filter(i -> i.type() == IdentifierType.LOYALTY_ID)
                .map(i -> repository.member(actor.tenantId(), i.value())).flatMap(Optional::stream).findFirst()
                .map(m -> view(actor.tenantId(), m));
    }

    /** The member holding this phone number (E.164, or national with {@code country}), through the person. */
    Optional<Member> findByPhone(Actor actor, String phone, String country) {
        Normalised value = normaliser.normalise(IdentifierType.PHONE, phone, country);
        if (!value.usable()) {
            throw ProblemException.invalid("phone", value.problem());
        }
        return identity.findByIdentifier(actor.tenantId(), IdentifierType.PHONE, value.value())
                .flatMap(root -> findByProfile(actor, root));
    }

    @Override
    public List<Member> list(Actor actor, String prefix, int offset, int limit) {
        String normalised = prefix == null || prefix.isBlank() ? null
                : Optional.ofNullable(normaliser.normalise(IdentifierType.LOYALTY_ID, prefix, null).value())
                .orElse(prefix.strip());
        return repository.members(actor.tenantId(), normalised, offset, limit).stream()
                .map(m -> view(actor.tenantId(), m)).toList();
    }

    @Override
    public List<Entry> ledger(Actor actor, String loyaltyId, int limit) {
        return repository.entries(require(actor, number("loyaltyId", loyaltyId)).id(), limit).stream()
                .map(Members::entry).toList();
    }

    static Entry entry(LoyaltyRepository.Entry e) {
        return new Entry(e.id(), e.kind(), e.points(), e.source(), e.sourceId(), e.reason(), e.actor(),
                e.occurredAt(), e.availableAt(), e.expiresAt());
    }

    @Override
    public List<TierChange> tierHistory(Actor actor, String loyaltyId) {
        return repository.tierChanges(require(actor, number("loyaltyId", loyaltyId)).id());
    }

    @Override
    public Referral referral(Actor actor, String loyaltyId) {
        LoyaltyRepository.Member member = require(actor, number("loyaltyId", loyaltyId));
        String referredBy = repository.referrer(actor.tenantId(), member.id())
                .flatMap(id -> repository.memberById(actor.tenantId(), id)).map(LoyaltyRepository.Member::loyaltyId)
                .orElse(null);
        long[] counts = referrals.counts(actor.tenantId(), member.id());
        return new Referral(member.loyaltyId(), referrals.code(actor.tenantId(), member.id()), referredBy, counts[0],
                counts[1]);
    }

    @Override
    public List<TierCount> tierDistribution(Actor actor) {
        return repository.tierCounts(actor.tenantId());
    }

    @Override
    public Member adjust(Actor actor, String loyaltyId, long points, String reason, boolean allowDebt) {
        String number = number("loyaltyId", loyaltyId);
        if (points == 0) {
            throw ProblemException.invalid("points", "must not be zero");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ProblemException.invalid("reason", "is required, at most 500 characters");
        }
        if (allowDebt && !actor.isTenantAdmin()) {
            throw ProblemException.forbidden("Only a tenant-wide admin may take points below zero.");
        }
        Programme programme = programmes.require(actor.tenantId());
        return transaction.execute(status -> {
            LoyaltyRepository.Member member = repository.lock(actor.tenantId(), number)
                    .orElseThrow(() -> ProblemException.notFound("member", number));
            Instant now = PointsLedger.now();
            long available = repository.balances(member.id(), now).available();
            if (points < 0 && available + points < 0 && !allowDebt) {
                throw short_(available, -points);
            }
            repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), actor.tenantId(), member.id(),
                    PointsLedger.ADJUST, points, "staff", null, null, null, reason.strip(), actor.label(), now, now,
                    points > 0 ? programme.expiresAt(now, pointsLedger.memberZone(member, null)) : null, now));
            return view(actor.tenantId(), repository.member(actor.tenantId(), number).orElseThrow());
        });
    }

    /** 409: fewer points available than asked for; the ledger is untouched. */
    static ProblemException short_(long available, long asked) {
        return new ProblemException(HttpStatus.CONFLICT, "loyalty-balance-short", "Not enough points",
                "The member has " + available + " points available; " + asked + " were asked for.", List.of())
                .with("available", available).with("asked", asked);
    }
}
