package io.footbridge.demo.chain;

import io.footbridge.platform.Actor;
import io.footbridge.audiences.SegmentFiles;
import io.footbridge.audiences.Segments;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.UUID;

/** A few segments a marketer of the chain would keep, made through the same service as the console's builder. */
@Component
class DemoSegments {

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

    private UUID add(Actor admin, String name, String rule) {
        return segments.create(admin, name, null, json.readTree(rule)).id();
    }
}
