package io.footbridge.audiences.campaign;

import io.footbridge.analytics.Comparison;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/campaigns")
@Tag(name = "Campaigns", description = "One-off sends to a segment with a holdout, and what they brought into the store")
@Reach(TENANT_WIDE)
class CampaignController {

    private static final Set<String> FIELDS = Set.of("name", "segmentId", "channel", "template", "offerId",
            "holdoutPercent", "sendAt");

    private final Campaigns campaigns;

    CampaignController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    record CampaignList(List<Campaigns.Campaign> items) {
    }

    /**
     * @param messages  recipients by status: held_out, queued, sent, delivered, opened, clicked, failed, blocked …
     * @param blocked   blocked messages by the gate's reason
     * @param days      the window after the send that purchases and redemptions are counted in
     * @param lift      recipients against the holdout (absent while either group is empty)
     */
    record Results(UUID campaignId, String status, Map<String, Long> messages, Map<String, Long> blocked, int days,
                   String currency, Campaigns.Outcome recipients, Campaigns.Outcome holdout,
                   Comparison.Outcome lift) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Create a campaign to a segment: channel, template, optional offer, holdout share and time")
    ResponseEntity<Campaigns.Campaign> create(@AuthenticationPrincipal Actor actor, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw ProblemException.invalid(name, "is not a field here; known: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)));
            }
        }
        Campaigns.Draft draft = new Campaigns.Draft(text(body, "name"), uuid(body, "segmentId", true),
                text(body, "channel"), text(body, "template"), uuid(body, "offerId", false),
                holdout(body), instant(body, "sendAt"));
        Campaigns.Campaign created = campaigns.create(actor, draft);
        return ResponseEntity.created(URI.create("/api/v1/campaigns/" + created.id())).body(created);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "The newest campaigns")
    CampaignList list(@AuthenticationPrincipal Actor actor) {
        return new CampaignList(campaigns.list(actor));
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "A campaign")
    Campaigns.Campaign get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return campaigns.get(actor, id);
    }

    @PostMapping("/{id}/send")
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Draw the audience with its holdout, issue the coupons and queue the messages; sending again"
            + " finishes an interrupted send and sends nobody twice")
    Campaigns.Sent send(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return campaigns.send(actor, id);
    }

    @GetMapping("/{id}/results")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "Messages by status, and buyers, redemptions and revenue within days of the send for"
            + " recipients and the holdout, with the lift and its interval")
    Results results(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                    @RequestParam(defaultValue = "14") @Min(1) @Max(365) int days,
                    @RequestParam(defaultValue = "EUR") @Pattern(regexp = "[A-Z]{3}") String currency) {
        Campaigns.Campaign campaign = campaigns.get(actor, id);
        Instant from = campaign.sentAt() == null ? Instant.now() : campaign.sentAt();
        Campaigns.Outcome recipients = campaigns.outcome(actor.tenantId(), id, false, from, Duration.ofDays(days),
                currency);
        Campaigns.Outcome holdout = campaigns.outcome(actor.tenantId(), id, true, from, Duration.ofDays(days),
                currency);
        return new Results(id, campaign.status(), campaigns.statusCounts(id), campaigns.blockedReasons(id), days,
                currency, recipients, holdout,
                Campaigns.lift(recipients, holdout, campaign.holdoutPercent()).orElse(null));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ProblemException.invalid(field, "is required");
        }
        if (!node.isString()) {
            throw ProblemException.invalid(field, "must be a string");
        }
        return node.asString();
    }

    private static UUID uuid(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ProblemException.invalid(field, "is required");
            }
            return null;
        }
        try {
            return UUID.fromString(node.asString());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be an id");
        }
    }

    private static int holdout(JsonNode body) {
        JsonNode node = body.get("holdoutPercent");
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ProblemException.invalid("holdoutPercent", "must be a whole number from 0 to 50");
        }
        return node.asInt();
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a time in UTC such as 2026-05-01T08:00:00Z");
        }
    }
}
