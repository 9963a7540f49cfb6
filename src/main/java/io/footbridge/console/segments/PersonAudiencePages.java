package io.footbridge.console.segments;

import io.footbridge.audiences.Campaigns;
import io.footbridge.audiences.Segments;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A person's part in segments and campaigns, newest first: each entry into and exit from a segment, and each
 * campaign they were drawn for (held out, or what became of their message and by which channel). The customer 360
 * pulls the section in; on its own it is a page.
 */
@Controller
class PersonAudiencePages {

    static final int ROWS = 50;

    /** One line: {@code kind} entered, left or campaign; {@code detail} a campaign recipient's status. */
    record Line(Instant at, String kind, String name, String href, String detail, String channel) {
    }

    private final Segments segments;
    private final Campaigns campaigns;

    PersonAudiencePages(Segments segments, Campaigns campaigns) {
        this.segments = segments;
        this.campaigns = campaigns;
    }

    @GetMapping("/console/segments/people/{id}")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    String person(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        List<Line> lines = new ArrayList<>();
        Map<UUID, String> names = new HashMap<>();
        for (Segments.Change change : segments.history(actor, id, ROWS)) {
            String name = names.computeIfAbsent(change.segmentId(), segmentId -> name(actor, segmentId));
            lines.add(new Line(change.at(), change.entered() ? "entered" : "left", name,
                    "/console/segments/" + change.segmentId(), null, null));
        }
        if (actor.allStores()) {
            for (Campaigns.Recipient r : campaigns.of(actor, id, ROWS)) {
                lines.add(new Line(r.drawnAt(), "campaign", r.campaignName(),
                        "/console/segments/campaigns/" + r.campaignId(), r.status(), r.channel()));
            }
        }
        lines.sort(Comparator.comparing(Line::at).reversed());
        model.addAttribute("lines", lines.size() > ROWS ? lines.subList(0, ROWS) : lines);
        model.addAttribute("profileId", id);
        return "console/segments/person";
    }

    private String name(Actor actor, UUID segmentId) {
        try {
            return segments.get(actor, segmentId).name();
        } catch (ProblemException gone) {
            return segmentId.toString();
        }
    }
}
