package io.footbridge.loyalty.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.PreferenceLinks;
import io.footbridge.hosted.registrations.EventRegistrations;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.PersonReceipts;
import org.springframework.stereotype.Component;

import io.footbridge.platform.Actor;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the member page shows, gathered from the ledger and, through their public APIs, from the offers wallet,
 * the receipts and the preference centre of the person the loyalty number belongs to.
 */
@Component
class MemberPage {

    private static final int HISTORY = 20;
    private static final int RECEIPTS = 5;
    private static final int EVENTS = 5;

    /**
     * The tier the member holds and the next one: points still to earn in the period to reach it, or with tiers by
     * spend the money still to spend ({@code missingMoney}, written as the brand's language writes money; else null).
     */
    record TierProgress(String current, String next, long qualifying, long threshold, long missing, int percent,
                        String missingMoney) {
    }

    /** A reward of the catalogue and whether the available points pay for it now. */
    record Reward(String id, String name, long points, boolean affordable) {
    }

    /** A receipt as its owner reads it: where, when (on the store's clock), how much. */
    record Receipt(String store, String date, String total, boolean refunded, boolean voided) {
    }

    /** A ledger entry as its owner reads it: the day (on the brand's clock), what it was, the points. */
    record Line(String date, String kind, String source, long points, boolean pending) {
    }

    record View(UUID tenantId, UUID memberId, LoyaltyMembers.Member member, TierProgress tier, List<Reward> rewards,
                List<Line> history, List<IssuedCoupon> coupons, List<Receipt> receipts,
                String preferencesUrl, boolean googleWallet, Invite invite, String worth, List<Event> events,
                List<Exclusive> exclusives, List<OpenEvent> openEvents) {
    }

    /**
     * An offer kept for the member's tier: what it gives, until when, and whether they hold an unused coupon of it
     * already (then the page links to it instead of offering to take it).
     */
    record Exclusive(UUID offerId, String name, String discount, String validUntil, String couponUrl) {
    }

    /** An event kept for the member's tier, not started yet: when on the store's clock, and its registration page. */
    record OpenEvent(String title, String store, String when, boolean full, String url) {
    }

    /** An event the member registered for, as they read it: when on the store's clock, and their ticket's page. */
    record Event(String title, String store, String when, int seats, boolean waiting, String ticketUrl) {
    }

    /** The member's referral code, when the programme gives a referral bonus, and what it brought so far. */
    record Invite(String code, long bonus, long joined, long bought) {
    }

    private final LoyaltyRepository repository;
    private final Members members;
    private final ProgrammeStore programmes;
    private final Tiers tiers;
    private final IdentityGraph identity;
    private final Offers offers;
    private final PersonReceipts receipts;
    private final PreferenceLinks preferences;
    private final Stores stores;
    private final WalletIssuers issuers;
    private final Referrals referrals;
    private final EventRegistrations registrations;

    MemberPage(LoyaltyRepository repository, Members members, ProgrammeStore programmes, Tiers tiers,
               IdentityGraph identity, Offers offers, PersonReceipts receipts, PreferenceLinks preferences,
               Stores stores, WalletIssuers issuers, Referrals referrals, EventRegistrations registrations) {
        this.registrations = registrations;
        this.referrals = referrals;
        this.repository = repository;
        this.members = members;
        this.programmes = programmes;
        this.tiers = tiers;
        this.identity = identity;
        this.offers = offers;
        this.receipts = receipts;
        this.preferences = preferences;
        this.stores = stores;
        this.issuers = issuers;
    }

    /** Empty when the member is gone or was detached from its person (erased): the link then opens nothing. */
    Optional<View> of(UUID tenantId, UUID memberId, Instant now, Locale locale) {
        Optional<LoyaltyRepository.Member> found = repository.memberById(tenantId, memberId);
        if (found.isEmpty() || found.get().loyaltyId().startsWith(LoyaltyRepository.ERASED)) {
            return Optional.empty();
        }
        LoyaltyRepository.Member row = found.get();
        LoyaltyMembers.Member member = members.view(tenantId, row);
        Optional<Programme> programme = programmes.find(tenantId);
        TierProgress tier = programme.map(p -> progress(p, row, member, now, locale)).orElse(null);
        List<Reward> rewards = programme.map(p -> p.rewards() == null ? List.<Reward>of() : p.rewards().stream()
                .map(r -> new Reward(r.id(), r.name(), r.points(), r.points() <= member.available())).toList())
                .orElse(List.of());
        DateTimeFormatter day = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        ZoneId zone = stores.workingIn(Actor.system(tenantId, "member page", Set.of()), 1).stream().findFirst()
                .map(StoreRef::timeZone).orElse(ZoneOffset.UTC);
        List<Line> history = repository.entries(memberId, HISTORY).stream()
                .map(e -> new Line(day.format(e.occurredAt().atZone(zone)), e.kind(), e.source(), e.points(),
                        e.availableAt().isAfter(now)))
                .toList();
        List<IssuedCoupon> coupons = List.of();
        List<Receipt> recent = List.of();
        List<Event> events = List.of();
        List<Exclusive> exclusives = List.of();
        String preferencesUrl = null;
        if (member.profileId() != null) {
            coupons = offers.coupons(tenantId, member.profileId()).stream()
                    .filter(c -> "active".equals(c.status())).toList();
            exclusives = exclusives(tenantId, member.tier(), coupons);
            Optional<PersonalData.Person> person = identity.person(tenantId, member.profileId(), false);
            if (person.isPresent()) {
                recent = receipts.recent(person.get(), null, RECEIPTS).stream().map(r -> receipt(tenantId, r, locale))
                        .toList();
                preferencesUrl = preferencesUrl(person.get());
                events = registrations.upcoming(tenantId, person.get().values("email"), now, EVENTS).stream()
                        .map(r -> event(r, locale)).toList();
            }
        }
        return Optional.of(new View(tenantId, memberId, member, tier, rewards, history, coupons, recent,
                preferencesUrl, issuers.google(tenantId).isPresent(), invite(programme, tenantId, memberId),
                member.worth() == null ? null : money(member.worth().amount(), member.worth().currency(), locale),
                events, exclusives, registrations.openTo(tenantId, member.tier(), now, EVENTS).stream()
                        .map(e -> openEvent(e, locale)).toList()));
    }

    /** Offers kept for the tier, each with the member's unused coupon of it when they took one already. */
    private List<Exclusive> exclusives(UUID tenantId, String tier, List<IssuedCoupon> held) {
        return claimable(tenantId, tier).stream().map(o -> new Exclusive(o.id(), o.name(), o.discount(),
                o.validUntil(), held.stream().filter(c -> c.offerId().equals(o.id())).findFirst()
                .map(IssuedCoupon::pageUrl).orElse(null))).toList();
    }

    /**
     * Issues the member a coupon of an offer kept for their tier, through the {@code web} channel, keyed by member
     * and offer: pressing twice gives one coupon. Offers checks the tier (and the offer's other rules) again; its
     * problem comes as a {@link io.footbridge.platform.ProblemException}. Empty for a member not linked to a person.
     */
    Optional<IssuedCoupon> claim(UUID tenantId, UUID memberId, UUID offerId) {
        Optional<LoyaltyRepository.Member> found = repository.memberById(tenantId, memberId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UUID profileId = members.view(tenantId, found.get()).profileId();
        if (profileId == null) {
            return Optional.empty();
        }
        // only what the page offers: any other offer of the tenant (a journey's, staff's goodwill) is not the
        // member's to take by its id
        if (claimable(tenantId, found.get().tier()).stream().noneMatch(o -> o.id().equals(offerId))) {
            throw io.footbridge.platform.ProblemException.notFound("offer", offerId);
        }
        return Optional.of(offers.issue(tenantId, offerId, profileId, "web", "club",
                "club:" + memberId + ":" + offerId));
    }

    /** The offers kept for the tier that the page's button can issue: those the web channel may have. */
    private List<io.footbridge.offers.OfferSummary> claimable(UUID tenantId, String tier) {
        return offers.forTier(tenantId, tier).stream()
                .filter(o -> o.channels().isEmpty() || o.channels().contains("web")).toList();
    }

    private static OpenEvent openEvent(EventRegistrations.Exclusive e, Locale locale) {
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(e.startsAt().atZone(e.zone()));
        return new OpenEvent(e.title(), e.store(), when, e.full(), e.registrationUrl());
    }

    private static Event event(EventRegistrations.Upcoming r, Locale locale) {
        String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(r.startsAt().atZone(r.zone()));
        return new Event(r.title(), r.store(), when, r.seats(), "waiting".equals(r.status()), r.ticketUrl());
    }

    private Invite invite(Optional<Programme> programme, UUID tenantId, UUID memberId) {
        long bonus = programme.map(p -> p.bonuses().getOrDefault("referral", 0L)).orElse(0L);
        if (bonus <= 0) {
            return null;
        }
        long[] counts = referrals.counts(tenantId, memberId);
        return new Invite(referrals.code(tenantId, memberId), bonus, counts[0], counts[1]);
    }

    private TierProgress progress(Programme programme, LoyaltyRepository.Member row, LoyaltyMembers.Member member,
                                  Instant now, Locale locale) {
        if (programme.tiers() == null || programme.tiers().isEmpty()) {
            return null;
        }
        long qualifying = tiers.qualifying(programme, row, now);
        Programme.Tier next = programme.tiers().stream()
                .filter(t -> programme.rank(t.name()) > programme.rank(member.tier())).findFirst().orElse(null);
        if (next == null) {
            return new TierProgress(member.tier(), null, qualifying, 0, 0, 100, null);
        }
        long missing = Math.max(0, next.threshold() - qualifying);
        int percent = next.threshold() == 0 ? 100 : (int) Math.min(100, qualifying * 100 / next.threshold());
        return new TierProgress(member.tier(), next.name(), qualifying, next.threshold(), missing, percent,
                programme.tiersBySpend() ? money(missing, programme.currency(), locale) : null);
    }

    private Receipt receipt(UUID tenantId, PersonReceipts.Summary r, Locale locale) {
        Optional<StoreRef> store = r.storeId() == null ? Optional.empty() : stores.findById(tenantId, r.storeId());
        ZoneId zone = store.map(StoreRef::timeZone).orElse(ZoneOffset.UTC);
        return new Receipt(store.map(StoreRef::name).orElse(null), DateTimeFormatter
                .ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(r.occurredAt().atZone(zone)),
                money(r.total(), r.currency(), locale), r.refunded() > 0, r.voided());
    }

    /** Minor units in the currency's own decimals, as the brand's language writes money. */
    static String money(long minor, String currencyCode, Locale locale) {
        Currency currency = Currency.getInstance(currencyCode);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minor, digits));
    }

    /** The preference centre for the person's e-mail, else their phone: where their consents are changed. */
    private String preferencesUrl(PersonalData.Person person) {
        List<String> emails = person.values("email");
        if (!emails.isEmpty()) {
            return preferences.preferenceCentre(person.tenantId(), person.rootId(), Channel.EMAIL, emails.get(0));
        }
        List<String> phones = person.values("phone");
        return phones.isEmpty() ? null
                : preferences.preferenceCentre(person.tenantId(), person.rootId(), Channel.SMS, phones.get(0));
    }
}
