package io.footbridge.audiences.membership;

import io.footbridge.audiences.SegmentFiles;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/segments/{segmentId}/files")
@Tag(name = "Segment files", description = "The segment's audience file written on a schedule, with removal files"
        + " after erasures")
@Reach(TENANT_WIDE)
class FileDestinationController {

    private final SegmentFiles files;

    FileDestinationController(SegmentFiles files) {
        this.files = files;
    }

    record FileDestinationList(List<SegmentFiles.FileDestination> items) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Write the segment's audience file (format meta or google) every so often (every, such as"
            + " P1D); the first at once")
    ResponseEntity<SegmentFiles.FileDestination> create(@AuthenticationPrincipal Actor actor,
                                                        @PathVariable UUID segmentId, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("format") && !name.equals("every")) {
                throw ProblemException.invalid(name, "is not a field here; known: format, every");
            }
        }
        JsonNode format = body.get("format");
        if (format == null || !format.isString()) {
            throw ProblemException.invalid("format", "is required: " + String.join(" or ", SegmentFiles.FORMATS));
        }
        JsonNode every = body.get("every");
        Duration interval;
        try {
            interval = every == null ? Duration.ofDays(1) : every.isString() ? Duration.parse(every.asString())
                    : null;
        } catch (DateTimeParseException e) {
            interval = null;
        }
        if (interval == null) {
            throw ProblemException.invalid("every", "must be an ISO-8601 duration such as P1D or PT6H");
        }
        SegmentFiles.FileDestination created = files.create(actor, segmentId, format.asString(), interval);
        return ResponseEntity.created(URI.create("/api/v1/segments/" + segmentId + "/files/" + created.id()))
                .body(created);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "The segment's file destinations: last file, rows, next time, removals waiting")
    FileDestinationList list(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId) {
        return new FileDestinationList(files.list(actor, segmentId));
    }

    @PostMapping("/{destinationId}/run")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Write the next file now rather than at its time")
    ResponseEntity<SegmentFiles.FileDestination> run(@AuthenticationPrincipal Actor actor,
                                                     @PathVariable UUID segmentId, @PathVariable UUID destinationId) {
        return ResponseEntity.accepted().body(files.runNow(actor, segmentId, destinationId));
    }

    @DeleteMapping("/{destinationId}")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Stop writing files; those written stay")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                                @PathVariable UUID destinationId) {
        files.delete(actor, segmentId, destinationId);
        return ResponseEntity.noContent().build();
    }
}
