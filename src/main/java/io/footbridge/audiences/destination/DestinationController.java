package io.footbridge.audiences.destination;

import io.footbridge.audiences.SegmentDestinations;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1/segments/{segmentId}/destinations")
@Tag(name = "Segment destinations", description = "Signed webhooks told of each entry into and exit from a segment")
@Reach(PER_STORE)
class DestinationController {

    private final SegmentDestinations destinations;

    DestinationController(SegmentDestinations destinations) {
        this.destinations = destinations;
    }

    record DestinationList(List<SegmentDestinations.Destination> items) {
    }

    record DeliveryList(List<SegmentDestinations.Delivery> items) {
    }

    record Retried(long deliveries) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Add a webhook: the answer holds its signing secret, shown this once")
    ResponseEntity<SegmentDestinations.Destination> create(@AuthenticationPrincipal Actor actor,
                                                    @PathVariable UUID segmentId, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("url")) {
                throw ProblemException.invalid(name, "is not a field here; known: url");
            }
        }
        JsonNode url = body.get("url");
        if (url == null || !url.isString()) {
            throw ProblemException.invalid("url", "is required, a string");
        }
        SegmentDestinations.Destination created = destinations.create(actor, segmentId, url.asString());
        return ResponseEntity.created(URI.create("/api/v1/segments/" + segmentId + "/destinations/"
                + created.id())).body(created);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "The segment's webhooks with their pending and parked deliveries")
    DestinationList list(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId) {
        return new DestinationList(destinations.list(actor, segmentId));
    }

    @GetMapping("/{destinationId}/deliveries")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "A webhook's newest deliveries; status pending, delivered or parked")
    DeliveryList deliveries(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                            @PathVariable UUID destinationId, @RequestParam(required = false) String status,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return new DeliveryList(destinations.deliveries(actor, segmentId, destinationId, status, limit));
    }

    @PostMapping("/{destinationId}/retry")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Send the parked deliveries again")
    Retried retry(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                  @PathVariable UUID destinationId) {
        return new Retried(destinations.retryParked(actor, segmentId, destinationId));
    }

    @DeleteMapping("/{destinationId}")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Remove a webhook and its deliveries")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                                @PathVariable UUID destinationId) {
        destinations.delete(actor, segmentId, destinationId);
        return ResponseEntity.noContent().build();
    }
}
