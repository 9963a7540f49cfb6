package io.footbridge.demo.chain;

import io.footbridge.audiences.Segments;
import io.footbridge.journeys.Journeys;
import io.footbridge.platform.Actor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

/**
 * Two journeys a marketer of the chain would switch on, made and fed through the same service as the console: the
 * lapsed buyers are won back (and those the message does not bring back within two weeks become a task for staff to
 * call), the regulars thanked. People already in those segments are put in through the API
 * trigger; whoever enters the segments later comes in by the journeys' own triggers.
 */
@Component
class DemoJourneys {

    private static final int PAGE = 500;

    private final Journeys journeys;
    private final Segments segments;
    private final JsonMapper json;

    DemoJourneys(Journeys journeys, Segments segments, JsonMapper json) {
        this.journeys = journeys;
        this.segments = segments;
        this.json = json;
    }

    void add(Actor admin) {
        start(admin, "Lapsed buyers", """
                {"name": "Win back lapsed buyers", "trigger": {"segmentEntered": "%s"},
                 "steps": [{"wait": "P2D"}, {"waitUntil": {"at": "10:00"}},
                           {"send": {"channels": ["sms", "email"], "template": "journey.winback"}},
                           {"waitFor": {"event": "pos.purchase", "within": "P14D", "then": [{"exit": {}}],
                             "else": [{"task": {"title": "Call a lapsed buyer the message did not bring back"}}]}}],
                 "goal": {"event": "pos.purchase", "within": "P30D"}, "reentry": "P180D", "holdoutPercent": 10}""");
        start(admin, "Regulars who allow email", """
                {"name": "Thank the regulars", "trigger": {"segmentEntered": "%s"},
                 "steps": [{"wait": "P1D"}, {"waitUntil": {"at": "10:00"}},
                           {"send": {"channels": ["email"], "template": "journey.thanks",
                                     "crossSell": {"count": 3}}}],
                 "goal": {"event": "pos.purchase", "within": "P30D"}, "reentry": "never", "holdoutPercent": 10}""");
    }

    private void start(Actor admin, String segmentName, String definition) {
        UUID segment = segments.list(admin).stream().filter(s -> s.name().equals(segmentName)).findFirst()
                .orElseThrow().id();
        UUID journey = journeys.create(admin, json.readTree(definition.formatted(segment)));
        journeys.activate(admin, journey);
        UUID after = null;
        while (true) {
            List<UUID> members = segments.members(admin, segment, after, PAGE);
            members.forEach(person -> journeys.enter(admin, journey, person));
            if (members.size() < PAGE) {
                return;
            }
            after = members.get(members.size() - 1);
        }
    }
}
