package io.footbridge.consent;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;

/**
 * The consent wordings and the gating policy as staff pages read and change them, with the same rules as
 * {@code /api/v1/consent/wordings} and {@code /api/v1/consent/policy}. Problems come as
 * {@link io.footbridge.platform.ProblemException}s naming the API's field.
 */
public interface ConsentSettings {

    /** A registered wording version; country, language, channel and purpose are null when it is meant for any. */
    record Wording(String version, String country, String language, String channel, String purpose, String text,
                   Instant createdAt) {
    }

    /** What a form gives to register a version; blanks mean "any". */
    record WordingForm(String version, String country, String language, String channel, String purpose,
                       String text) {
    }

    /**
     * The gate's rules; quiet hours ({@code HH:mm}, on the store's clock or {@code timeZone}) and the cap are off
     * when null.
     */
    record PolicyForm(boolean doubleOptInEmail, String quietStart, String quietEnd, String timeZone,
                      Integer capMessages, Integer capDays) {
    }

    /** Newest first. */
    List<Wording> wordings(Actor actor, int limit, int offset);

    /** A version never changes once registered: the same text again is a no-op, another text a conflict. */
    Wording register(Actor actor, WordingForm form);

    PolicyForm policy(Actor actor);

    /** Tenant admins only. */
    PolicyForm setPolicy(Actor actor, PolicyForm form);
}
