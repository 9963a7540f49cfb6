package io.footbridge.hosted;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Loyalty sign-up forms and listed events (workshops, tastings) for staff pages: the same services, checks and store
 * bindings as the API. Problems come as {@link io.footbridge.platform.ProblemException}s naming the field.
 */
public interface StoreForms {

    /**
     * A hosted sign-up form at {@code url}, with the wording customers agree to; {@code club} the question for the
     * club's own messages (null: not asked).
     */
    record SignupForm(UUID id, String code, String url, String store, String country, String title, String program,
                      String terms, String marketingEmail, String marketingSms, int wordingVersion, String club) {
    }

    record NewSignupForm(String store, String title, String program, String terms, String marketingEmail,
                         String marketingSms, String club) {
    }

    /** An event with its registration page at {@code url}; {@code zone} is its store's clock. */
    record ListedEvent(UUID id, String code, String url, String eventCode, String store, ZoneId zone, String title,
                       String description, Instant startsAt, Instant endsAt, int capacity, int maxSeats, int booked,
                       int waiting, List<String> tiers) {
    }

    /** {@code tiers}: the loyalty tiers whose members only may register; empty for everyone. */
    record NewListedEvent(String store, String eventCode, String title, String description, Instant startsAt,
                          Instant endsAt, Integer capacity, Integer maxSeats, List<String> tiers) {
    }

    /** A registration as the door sees it: the first name only. */
    record Ticket(String token, UUID eventId, String eventTitle, int seats, String status, String firstName,
                  Instant registeredAt, Instant checkedInAt, String checkedInBy) {
    }

    /** What staff type and tick when they sign a customer up at the till, with the form's wording read out. */
    record TillSignup(String firstName, String lastName, String email, String phone, boolean terms,
                      boolean marketingEmail, boolean marketingSms, boolean club) {
    }

    List<SignupForm> signupForms(Actor actor);

    SignupForm createSignupForm(Actor actor, NewSignupForm form);

    /** The form the till uses in a store: the store's own newest form, else the newest form without a store. */
    Optional<SignupForm> signupFormFor(Actor actor, String storeCode);

    /**
     * Signs a customer up through the form as if they had sent it, with the staff member as the evidence: a
     * {@code loyalty.signup} event in the till's store with the consents ticked and the form's wording version.
     * Phone numbers are read in the store's country.
     */
    void signUp(Actor actor, UUID formId, String storeCode, TillSignup answer);

    /** Events of the store (every store the caller works in when null), soonest first. */
    List<ListedEvent> events(Actor actor, String storeCode);

    ListedEvent createEvent(Actor actor, NewListedEvent event);

    ListedEvent event(Actor actor, UUID id);

    /** The event's registrations in the order they came, a page at a time. */
    List<Ticket> tickets(Actor actor, UUID eventId, int limit, int offset);

    /** Checks a ticket in by its token or the URL its QR code holds, whichever event it is for; once only. */
    Ticket checkIn(Actor actor, String scanned);
}
