package io.footbridge.journeys.flow;

import io.footbridge.journeys.Journeys;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journeys a tenant can switch on (as a draft to edit) or start from, with the built-in {@code journey.*}
 * message templates. Each holds a tenth of its people out, so it reports its lift from the first day; the workshop
 * reminder holds nobody out, as a registered guest who is not reminded is a service missed, not a control.
 */
final class ReadyMadeJourneys {

    private static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("welcome", """
                {"name": "Welcome", "trigger": {"event": {"type": "wifi.login"}},
                 "steps": [{"wait": "PT1H"},
                           {"send": {"channels": ["whatsapp", "sms", "email"], "template": "journey.welcome"}}],
                 "goal": {"event": "pos.purchase", "within": "P30D"}, "reentry": "never", "holdoutPercent": 10}
                """);
        ALL.put("thank-you", """
                {"name": "Thank you for your purchase", "trigger": {"event": {"type": "pos.purchase"}},
                 "steps": [{"wait": "P1D"}, {"waitUntil": {"at": "10:00"}},
                           {"send": {"channels": ["email", "sms"], "template": "journey.thanks",
                                     "crossSell": {"count": 3}}}],
                 "goal": {"event": "pos.purchase", "within": "P30D"}, "reentry": "P30D", "holdoutPercent": 10}
                """);
        ALL.put("replenishment", """
                {"name": "Time to buy again", "trigger": {"date": {"replenishment": {"category": "beans"},
                                                                   "offset": "-P2D", "at": "10:00"}},
                 "steps": [{"send": {"channels": ["whatsapp", "sms", "email"], "template": "journey.refill"}}],
                 "goal": {"event": "pos.purchase", "within": "P14D"}, "reentry": "P14D", "holdoutPercent": 10}
                """);
        ALL.put("win-back", """
                {"name": "Win back after 90 days", "trigger": {"event": {"type": "pos.purchase"}},
                 "steps": [{"wait": "P90D"}, {"waitUntil": {"at": "10:00"}},
                           {"send": {"channels": ["whatsapp", "sms", "email"], "template": "journey.winback"}}],
                 "goal": {"event": "pos.purchase", "within": "P120D"}, "reentry": "always", "holdoutPercent": 10}
                """);
        ALL.put("birthday", """
                {"name": "Happy birthday", "trigger": {"date": {"trait": "birthDate", "offset": "P0D", "at": "09:00"}},
                 "steps": [{"send": {"channels": ["whatsapp", "sms", "email"], "template": "journey.birthday"}}],
                 "goal": {"event": "pos.purchase", "within": "P14D"}, "reentry": "P300D", "holdoutPercent": 10}
                """);
        ALL.put("review-request", """
                {"name": "Review request for promoters", "trigger": {"event": {"type": "feedback.submitted"}},
                 "steps": [{"branch": {"if": {"trigger": {"property": "score", "gte": 9}},
                                       "then": [{"wait": "PT2H"},
                                                {"send": {"channels": ["email"], "template": "journey.review"}}],
                                       "else": [{"exit": {}}]}}],
                 "reentry": "P90D", "holdoutPercent": 10}
                """);
        ALL.put("event-reminder", """
                {"name": "Reminder the day before a workshop", "trigger": {"event": {"type": "event.registration"}},
                 "steps": [{"waitUntil": {"eventTime": "startsAt", "offset": "-P1D", "at": "10:00"}},
                           {"send": {"channels": ["whatsapp", "sms", "email"], "template": "journey.reminder"}}],
                 "goal": {"event": "event.checkin", "within": "P3D"}, "reentry": "always", "holdoutPercent": 0}
                """);
    }

    private ReadyMadeJourneys() {
    }

    static java.util.Optional<Journeys.ReadyMade> find(JsonMapper json, String key) {
        String definition = key == null ? null : ALL.get(key);
        return definition == null ? java.util.Optional.empty()
                : java.util.Optional.of(new Journeys.ReadyMade(key, json.readTree(definition)));
    }

    static List<Journeys.ReadyMade> all(JsonMapper json) {
        return ALL.entrySet().stream().map(e -> new Journeys.ReadyMade(e.getKey(), json.readTree(e.getValue())))
                .toList();
    }
}
