package io.footbridge.demo.chain;

import io.footbridge.platform.Actor;
import io.footbridge.audiences.SegmentFiles;
import io.footbridge.audiences.Segments;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.UUID;

/** A few segments a marketer of the chain would keep, made through the same service as the console's builder. */
@Component
class DemoSegments {

    private static final int CLOCK_ATTEMPTS = 40;

    private final Segments segments;
    private final JsonMapper json;
    private final SegmentFiles files;

    DemoSegments(Segments segments, JsonMapper json, SegmentFiles files) {
        this.segments = segments;
        this.files = files;
        this.json = json;
    }

    /** Adds the segments; answers everyone who allows email, whom the demo's campaign goes to. */
    UUID add(Actor admin, String flagshipStore) {
        UUID mailable = add(admin, "Everyone who allows email", """
                {"consent": {"channel": "email", "purpose": "marketing"}}""");
        add(admin, "Regulars who allow email", """
                {"all": [{"event": {"type": "pos.purchase", "within": "P90D", "min": 2}},
                         {"consent": {"channel": "email", "purpose": "marketing"}}]}""");
        UUID lapsed = add(admin, "Lapsed buyers", """
                {"all": [{"event": {"type": "pos.purchase", "within": "P365D"}},
                         {"noEvent": {"type": "pos.purchase", "within": "P60D"}}]}""");
        // retargeting them on Meta: a weekly file, as an SFTP sync would pick up
        files.create(admin, lapsed, "meta", Duration.ofDays(7));
        add(admin, "Outerwear buyers at " + flagshipStore, """
                {"event": {"type": "pos.purchase", "within": "P365D", "store": "%s", "category": "Outerwear"}}"""
                .formatted(flagshipStore));
        add(admin, "Spent 500 EUR in a year", """
                {"spend": {"within": "P365D", "min": 50000, "currency": "EUR"}}""");
        add(admin, "Valuable but slipping away", """
                {"all": [{"clv": {"currency": "EUR", "atLeast": 20000}},
                         {"activeProbability": {"atMost": 0.5}}]}""");
        add(admin, "Gold members", """
                {"loyaltyTier": {"name": "Gold"}}""");
        return mailable;
    }

    /**
     * A segment is saved on the segments' clock, which a pass over many people (tiers, lifetimes, windows) can hold
     * longer than H2 waits for a lock (two seconds) while the demo's history settles: a refused wait is tried again,
     * for about a minute, as segments do for merges and splits.
     */
    private UUID add(Actor admin, String name, String rule) {
        for (int attempt = 1; ; attempt++) {
            try {
                return segments.create(admin, name, null, json.readTree(rule)).id();
            } catch (QueryTimeoutException | PessimisticLockingFailureException busy) {
                if (attempt >= CLOCK_ATTEMPTS) {
                    throw busy;
                }
                try {
                    Thread.sleep(Math.min(2_000L, 100L * attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }
}
