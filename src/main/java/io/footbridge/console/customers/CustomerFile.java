package io.footbridge.console.customers;

import io.footbridge.consent.PersonConsents;
import io.footbridge.feedback.PersonFeedback;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.ProfileMerges;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.profile.CustomerView;
import io.footbridge.profile.Customers;
import io.footbridge.receipts.PersonReceipts;
import org.springframework.stereotype.Service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Puts the customer 360 page together from the modules that know the person: the profile, what they allowed, their
 * coupons, receipts, answers and cases, their merges and the first page of their timeline. A store-bound caller sees
 * their stores' part only.
 */
@Service
class CustomerFile {

    /** Rows of each list on the page; the timeline pages on. */
    static final int ROWS = 20;

    record Person(CustomerView view, PersonConsents.View consents, List<IssuedCoupon> coupons,
                  List<PersonReceipts.Summary> receipts, List<PersonFeedback.Answer> answers,
                  List<PersonFeedback.Case> cases, List<ProfileMerges.Merge> merges, Customers.TimelinePage timeline,
                  Map<UUID, String> storeCodes) {
    }

    private final Customers customers;
    private final IdentityGraph identity;
    private final PersonConsents consents;
    private final Offers offers;
    private final PersonReceipts receipts;
    private final PersonFeedback feedback;
    private final ProfileMerges merges;
    private final Stores stores;

    CustomerFile(Customers customers, IdentityGraph identity, PersonConsents consents, Offers offers,
                 PersonReceipts receipts, PersonFeedback feedback, ProfileMerges merges, Stores stores) {
        this.customers = customers;
        this.identity = identity;
        this.consents = consents;
        this.offers = offers;
        this.receipts = receipts;
        this.feedback = feedback;
        this.merges = merges;
        this.stores = stores;
    }

    /** The person this profile id stands for now, when it was merged into another; empty when it is a root. */
    Optional<UUID> mergedInto(Actor actor, UUID profileId) {
        IdentityGraph.ProfileRef profile = identity.find(actor.tenantId(), profileId)
                .orElseThrow(() -> ProblemException.notFound("profile", profileId));
        return profile.mergedAway() ? Optional.of(profile.rootId()) : Optional.empty();
    }

    List<CustomerView> search(Actor actor, String query, String country) {
        return customers.search(actor, query, country, ROWS).stream().map(id -> customers.view(actor, id)).toList();
    }

    Person of(Actor actor, UUID rootId) {
        CustomerView view = customers.view(actor, rootId);
        Set<UUID> storeIds = actor.allStores() ? null : actor.storeIds();
        PersonalData.Person person = identity.person(actor.tenantId(), rootId, false)
                .orElseThrow(() -> ProblemException.notFound("profile", rootId));
        List<PersonReceipts.Summary> receiptList = receipts.recent(person, storeIds, ROWS);
        List<PersonFeedback.Answer> answers = feedback.answers(person, storeIds, ROWS);
        List<PersonFeedback.Case> cases = feedback.cases(person, storeIds, ROWS);
        Map<UUID, String> codes = new HashMap<>();
        receiptList.forEach(r -> code(actor, r.storeId(), codes));
        answers.forEach(a -> code(actor, a.storeId(), codes));
        cases.forEach(c -> code(actor, c.storeId(), codes));
        // coupons belong to the person, not a store: a store-bound caller sees them as the till does
        List<IssuedCoupon> coupons = offers.coupons(actor.tenantId(), rootId).stream().limit(ROWS).toList();
        return new Person(view, consents.of(actor, rootId, ROWS), coupons, receiptList, answers, cases,
                merges.merges(actor, rootId), customers.timeline(actor, rootId, null, ROWS), codes);
    }

    Customers.TimelinePage timeline(Actor actor, UUID rootId, String before) {
        return customers.timeline(actor, rootId, before, ROWS);
    }

    static boolean mayChange(Actor actor) {
        return actor.has(Scope.PROFILES_WRITE);
    }

    private void code(Actor actor, UUID storeId, Map<UUID, String> codes) {
        if (storeId != null) {
            codes.computeIfAbsent(storeId, id -> stores.findById(actor.tenantId(), id).map(StoreRef::code)
                    .orElse(""));
        }
    }
}
