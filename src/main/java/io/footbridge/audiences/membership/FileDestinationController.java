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
            + " P1D); the first at once; with sftp, each file is put on that server as well")
    ResponseEntity<SegmentFiles.FileDestination> create(@AuthenticationPrincipal Actor actor,
                                                        @PathVariable UUID segmentId, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("format") && !name.equals("every") && !name.equals("sftp")) {
                throw ProblemException.invalid(name, "is not a field here; known: every, format, sftp");
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
        SegmentFiles.FileDestination created = files.create(actor, segmentId, format.asString(), interval,
                sftp(body.get("sftp")));
        return ResponseEntity.created(URI.create("/api/v1/segments/" + segmentId + "/files/" + created.id()))
                .body(created);
    }

    private static final List<String> SFTP_FIELDS = List.of("host", "hostKey", "password", "path", "port",
            "privateKey", "user");

    /** {@code "sftp": {"host", "port"?, "user", "path"?, "password" | "privateKey", "hostKey"}}, or null. */
    private static SegmentFiles.SftpDraft sftp(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ProblemException.invalid("sftp", "must be an object: host, port, user, path, password or"
                    + " privateKey, hostKey");
        }
        for (String name : node.propertyNames()) {
            if (!SFTP_FIELDS.contains(name)) {
                throw ProblemException.invalid("sftp." + name, "is not a field here; known: "
                        + String.join(", ", SFTP_FIELDS));
            }
        }
        Integer port = null;
        JsonNode portNode = node.get("port");
        if (portNode != null && !portNode.isNull()) {
            if (!portNode.isIntegralNumber() || !portNode.canConvertToInt()) {
                throw ProblemException.invalid("sftp.port", "must be a number from 1 to 65535");
            }
            port = portNode.asInt();
        }
        return new SegmentFiles.SftpDraft(text(node, "host"), port, text(node, "user"), text(node, "path"),
                text(node, "password"), text(node, "privateKey"), text(node, "hostKey"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ProblemException.invalid("sftp." + field, "must be a string");
        }
        return value.asString();
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
