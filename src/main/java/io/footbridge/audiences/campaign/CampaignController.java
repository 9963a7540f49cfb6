package io.footbridge.audiences.campaign;

import io.footbridge.audiences.Campaigns;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/campaigns")
@Tag(name = "Campaigns", description = "One-off sends to a segment with a holdout, and what they brought into the store")
@Reach(TENANT_WIDE)
class CampaignController {

    private static final Set<String> FIELDS = Set.of("name", "segmentId", "channel", "fallback", "template",
            "offerId", "holdoutPercent", "throttlePerMinute", "sendAt", "stores");

    private final Campaigns campaigns;

    CampaignController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    record CampaignList(List<Campaigns.Campaign> items) {
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
                text(body, "channel"), fallback(body), text(body, "template"), uuid(body, "offerId", false),
                holdout(body), throttle(body), instant(body, "sendAt"), stores(body), local(body), zone(body));
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

    @PostMapping("/{id}/pause")
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Stop handing messages over while sending; those queued already still go")
    Campaigns.Campaign pause(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return campaigns.pause(actor, id);
    }

    @PostMapping("/{id}/resume")
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Carry on sending a paused campaign")
    Campaigns.Campaign resume(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return campaigns.resume(actor, id);
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "End a campaign: a scheduled one never starts, nobody still waiting gets a message")
    Campaigns.Campaign cancel(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return campaigns.cancel(actor, id);
    }

    @GetMapping("/{id}/results")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "Messages by status and channel, and buyers, redemptions and revenue within days of the"
            + " send for recipients and the holdout, with the lift and its interval")
    Campaigns.Results results(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                              @RequestParam(defaultValue = "14") @Min(1) @Max(365) int days,
                              @RequestParam(defaultValue = "EUR") @Pattern(regexp = "[A-Z]{3}") String currency) {
        return campaigns.results(actor, id, days, currency);
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

    private static List<String> fallback(JsonNode body) {
        JsonNode node = body.get("fallback");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > Campaigns.CHANNELS.size()) {
            throw ProblemException.invalid("fallback", "must be a list of channels such as [\"sms\", \"email\"]");
        }
        List<String> channels = new java.util.ArrayList<>();
        for (JsonNode channel : node) {
            if (!channel.isString()) {
                throw ProblemException.invalid("fallback", "must be a list of channel names");
            }
            channels.add(channel.asString());
        }
        return channels;
    }

    private static Integer throttle(JsonNode body) {
        JsonNode node = body.get("throttlePerMinute");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ProblemException.invalid("throttlePerMinute", "must be a whole number of messages a minute");
        }
        return node.asInt();
    }

    private static List<String> stores(JsonNode body) {
        JsonNode node = body.get("stores");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ProblemException.invalid("stores", "must be a list of store codes such as [\"BER-1\"]");
        }
        List<String> codes = new java.util.ArrayList<>();
        for (JsonNode code : node) {
            if (!code.isString()) {
                throw ProblemException.invalid("stores", "must be a list of store codes");
            }
            codes.add(code.asString());
        }
        return codes;
    }

    /**
     * {@code "sendAt": {"local": "2026-12-08T10:00", "zone"?: "store"|"person"}}: that wall-clock time in each
     * recipient's store's zone, or their own.
     */
    private static LocalDateTime local(JsonNode body) {
        JsonNode node = body.get("sendAt");
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : node.propertyNames()) {
            if (!name.equals("local") && !name.equals("zone")) {
                throw ProblemException.invalid("sendAt." + name, "is not a field here; known: local, zone");
            }
        }
        JsonNode local = node.get("local");
        if (local == null || !local.isString()) {
            throw ProblemException.invalid("sendAt.local", "must be a local date and time such as 2026-12-08T10:00");
        }
        try {
            return LocalDateTime.parse(local.asString());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("sendAt.local", "must be a local date and time such as 2026-12-08T10:00");
        }
    }

    private static String zone(JsonNode body) {
        JsonNode node = body.get("sendAt");
        JsonNode zone = node == null || !node.isObject() ? null : node.get("zone");
        if (zone == null || zone.isNull()) {
            return null;
        }
        if (!zone.isString()) {
            throw ProblemException.invalid("sendAt.zone", "must be store or person");
        }
        return zone.asString();
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || node.isObject()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a time in UTC such as 2026-05-01T08:00:00Z");
        }
    }
}
