package io.footbridge.audiences.membership;

import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.audiences.Segments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/segments")
@Tag(name = "Segments", description = "Rules that pick people, kept up to date as events arrive; audience exports")
@Reach(PER_STORE)
class SegmentController {

    private static final Set<String> FIELDS = Set.of("name", "rule", "store");

    private final Segments segments;
    private final AudienceExport export;

    SegmentController(Segments segments, AudienceExport export) {
        this.segments = segments;
        this.export = export;
    }

    record SegmentList(List<Segments.Segment> items) {
    }

    record MemberPage(List<UUID> items, UUID next) {
    }

    record ChangeList(List<Segments.Change> items) {
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "List segments with their sizes; store managers see their stores' segments only")
    SegmentList list(@AuthenticationPrincipal Actor actor) {
        return new SegmentList(segments.list(actor));
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Create a segment from a rule; its members are counted at once")
    ResponseEntity<Segments.Segment> create(@AuthenticationPrincipal Actor actor, @RequestBody JsonNode body) {
        fields(body);
        Segments.Segment segment = segments.create(actor, text(body, "name", true), text(body, "store", false),
                body.get("rule"));
        return ResponseEntity.created(URI.create("/api/v1/segments/" + segment.id())).body(segment);
    }

    @PostMapping("/preview")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "How many people a rule picks now, without saving it")
    Segments.Preview preview(@AuthenticationPrincipal Actor actor, @RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object with a rule");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("rule")) {
                throw ProblemException.invalid(name, "is not a field here; give rule");
            }
        }
        return segments.preview(actor, body.get("rule"));
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "A segment with its rule and size")
    Segments.Segment get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return segments.get(actor, id);
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Operation(summary = "Change a segment's name or rule; its members are counted again")
    Segments.Segment update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestBody JsonNode body) {
        fields(body);
        if (body.has("store")) {
            throw ProblemException.invalid("store", "cannot be changed; create another segment");
        }
        return segments.update(actor, id, text(body, "name", false), body.get("rule"));
    }

    @GetMapping("/{id}/members")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "Members' profile ids in id order; give the page's next as after for the next page")
    MemberPage members(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                       @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                       @RequestParam(required = false) UUID after) {
        List<UUID> items = segments.members(actor, id, after, limit);
        return new MemberPage(items, items.size() < limit ? null : items.get(items.size() - 1));
    }

    @GetMapping("/{id}/changes")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "The newest entries and exits")
    ChangeList changes(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                       @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return new ChangeList(segments.changes(actor, id, limit));
    }

    @GetMapping(path = "/{id}/export", produces = "text/csv")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "The members with ads consent as a hashed audience file: format meta (Custom Audiences) or"
            + " google (Customer Match); streamed as it is read")
    void export(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestParam String format,
                HttpServletResponse response) throws IOException {
        AudienceExport.Format chosen = AudienceExport.Format.of(format)
                .orElseThrow(() -> ProblemException.invalid("format", "must be meta or google"));
        segments.get(actor, id);
        csv(response, "segment-" + id + "-" + format + ".csv", out -> export.export(actor, id, chosen, out));
    }

    @GetMapping(path = "/{id}/members.csv", produces = "text/csv")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    @Operation(summary = "The members as CSV with the fields named (personId, enteredAt, language, country, …);"
            + " personal fields (email, phone, names, city, postcode, birthDate, gender) need profiles:read;"
            + " streamed as it is read")
    void memberCsv(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                   @RequestParam(defaultValue = "personId") List<String> fields, HttpServletResponse response)
            throws IOException {
        Segments.Csv csv = segments.memberCsv(actor, id, fields);
        csv(response, "segment-" + id + "-members.csv", csv);
    }

    /**
     * Writes the CSV to the response as it is read, in the request's own thread (an async stream would be checked
     * again by the security filters without the caller). Problems are raised before the first byte.
     */
    private static void csv(HttpServletResponse response, String filename, Segments.Csv csv) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        csv.writeTo(writer);
        writer.flush();
    }

    private static void fields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object with name and rule");
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw ProblemException.invalid(name, "is not a field here; known: name, rule, store");
            }
        }
        if (!body.has("rule")) {
            throw ProblemException.invalid("rule", "is required");
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ProblemException.invalid(field, "is required");
            }
            return null;
        }
        if (!node.isString()) {
            throw ProblemException.invalid(field, "must be a string");
        }
        return node.asString();
    }
}
