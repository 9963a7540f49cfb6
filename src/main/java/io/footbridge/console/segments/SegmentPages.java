package io.footbridge.console.segments;

import io.footbridge.console.web.FormErrors;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.audiences.SegmentDestinations;
import io.footbridge.audiences.SegmentFiles;
import io.footbridge.audiences.Segments;
import io.footbridge.loyalty.LoyaltyTiers;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Segments: the list with sizes, the builder (a rule as JSON, started from an example, with the size it would have
 * shown as it is typed: htmx posts the draft), and one segment with a sample of its members and its newest entries
 * and exits.
 */
@Controller
class SegmentPages {

    static final int SAMPLE = 20;
    /** Rules to start from, by name; each is one of the forms docs/segments.md describes. */
    static final Map<String, String> EXAMPLES = examples();

    private final Segments segments;
    private final SegmentDestinations destinations;
    private final SegmentFiles files;
    private final JsonMapper json;
    private final JsonMapper pretty;
    private final LoyaltyTiers tiers;

    SegmentPages(Segments segments, SegmentDestinations destinations, SegmentFiles files, JsonMapper json,
                 LoyaltyTiers tiers) {
        this.segments = segments;
        this.files = files;
        this.tiers = tiers;
        this.destinations = destinations;
        this.json = json;
        this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    private static Map<String, String> examples() {
        Map<String, String> examples = new LinkedHashMap<>();
        examples.put("regulars", """
                {"all": [{"event": {"type": "pos.purchase", "within": "P90D", "min": 2}},
                         {"consent": {"channel": "email", "purpose": "marketing"}}]}""");
        examples.put("lapsed", """
                {"all": [{"event": {"type": "pos.purchase", "within": "P365D"}},
                         {"noEvent": {"type": "pos.purchase", "within": "P60D"}}]}""");
        examples.put("big", """
                {"spend": {"within": "P365D", "min": 50000, "currency": "EUR"}}""");
        examples.put("champions", """
                {"rfm": {"recency": [4, 5], "frequency": 5, "monetary": [4, 5]}}""");
        examples.put("valuable", """
                {"clv": {"currency": "EUR", "atLeast": 20000}}""");
        examples.put("slipping", """
                {"all": [{"clv": {"currency": "EUR", "atLeast": 10000}},
                         {"activeProbability": {"atMost": 0.5}}]}""");
        examples.put("tier", """
                {"loyaltyTier": {"names": ["Gold"]}}""");
        examples.put("language", """
                {"trait": {"name": "language", "op": "eq", "value": "de"}}""");
        return examples;
    }

    @GetMapping("/console/segments")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    String list(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("segments", segments.list(actor));
        model.addAttribute("mayChange", actor.has(Scope.SEGMENTS_WRITE));
        return "console/segments/segments";
    }

    @GetMapping("/console/segments/new")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String draft(@RequestParam(required = false) String example, Model model) {
        return form(null, "", null, EXAMPLES.getOrDefault(example, EXAMPLES.get("regulars")), FormErrors.NONE, model);
    }

    @PostMapping("/console/segments")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String store, @RequestParam(required = false) String rule,
                  Model model, RedirectAttributes flash) {
        try {
            Segments.Segment created = segments.create(actor, name, blankToNull(store), read(rule));
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/segments/" + created.id();
        } catch (ProblemException problem) {
            return form(null, name, store, rule, FormErrors.of(problem), model);
        }
    }

    @GetMapping("/console/segments/{segmentId}")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    String one(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId, Model model) {
        Segments.Segment segment = segments.get(actor, segmentId);
        model.addAttribute("segment", segment);
        model.addAttribute("members", segments.members(actor, segmentId, null, SAMPLE));
        model.addAttribute("changes", segments.changes(actor, segmentId, SAMPLE));
        model.addAttribute("mayChange", actor.has(Scope.SEGMENTS_WRITE));
        model.addAttribute("rule", pretty.writeValueAsString(segment.rule()));
        model.addAttribute("errors", FormErrors.NONE);
        model.addAttribute("destinations", destinations.list(actor, segmentId));
        model.addAttribute("files", files.list(actor, segmentId));
        // hashed audiences leave the installation: tenant-wide marketers only, as the API's export
        model.addAttribute("mayWriteFiles", actor.has(Scope.SEGMENTS_WRITE) && actor.allStores());
        model.addAttribute("fileIntervals", List.of("PT1H", "PT6H", "PT24H", "PT168H"));
        model.addAttribute("exportFields", Segments.MEMBER_FIELDS.stream()
                .filter(f -> actor.has(Scope.PROFILES_READ) || !Segments.PERSONAL_FIELDS.contains(f)).toList());
        return "console/segments/segment";
    }

    /** The members as CSV with the fields ticked on the segment's page, streamed as they are read. */
    @GetMapping(path = "/console/segments/{segmentId}/members.csv", produces = "text/csv")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    void members(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                 @RequestParam(required = false) List<String> fields, HttpServletResponse response)
            throws IOException {
        Segments.Csv csv = segments.memberCsv(actor, segmentId, fields == null ? List.of() : fields);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"segment-" + segmentId + "-members.csv\"");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        csv.writeTo(writer);
        writer.flush();
    }

    /** Adds a webhook; its secret is shown once, on the page the browser is sent back to. */
    @PostMapping("/console/segments/{segmentId}/destinations")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String addDestination(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                          @RequestParam(required = false) String url, RedirectAttributes flash) {
        try {
            SegmentDestinations.Destination added = destinations.create(actor, segmentId, url);
            flash.addFlashAttribute("notice", "destination");
            flash.addFlashAttribute("secret", added.secret());
        } catch (ProblemException problem) {
            flash.addFlashAttribute("destinationError", FormErrors.of(problem).of("url"));
        }
        return "redirect:/console/segments/" + segmentId;
    }

    @PostMapping("/console/segments/{segmentId}/destinations/{destinationId}/retry")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String retry(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId, @PathVariable UUID destinationId,
                 RedirectAttributes flash) {
        destinations.retryParked(actor, segmentId, destinationId);
        flash.addFlashAttribute("notice", "retried");
        return "redirect:/console/segments/" + segmentId;
    }

    @PostMapping("/console/segments/{segmentId}/destinations/{destinationId}/delete")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String removeDestination(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                             @PathVariable UUID destinationId, RedirectAttributes flash) {
        destinations.delete(actor, segmentId, destinationId);
        flash.addFlashAttribute("notice", "removed");
        return "redirect:/console/segments/" + segmentId;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Adds a scheduled audience file; the first is written at once. */
    @PostMapping("/console/segments/{segmentId}/files")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String addFile(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                   @RequestParam(required = false) String format, @RequestParam(required = false) String every,
                   @RequestParam Map<String, String> form, RedirectAttributes flash) {
        java.time.Duration interval;
        try {
            interval = java.time.Duration.parse(every == null ? "" : every);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid("every", "must be an ISO-8601 duration such as P1D");
        }
        SegmentFiles.SftpDraft sftp = null;
        if (!blank(form.get("sftpHost"))) {
            Integer port = null;
            if (!blank(form.get("sftpPort"))) {
                try {
                    port = Integer.valueOf(form.get("sftpPort").strip());
                } catch (NumberFormatException e) {
                    throw ProblemException.invalid("sftp.port", "must be a number from 1 to 65535");
                }
            }
            // the form sends empty fields; the API's "left out" is null
            sftp = new SegmentFiles.SftpDraft(form.get("sftpHost"), port, form.get("sftpUser"),
                    blank(form.get("sftpPath")) ? null : form.get("sftpPath"),
                    blank(form.get("sftpPassword")) ? null : form.get("sftpPassword"),
                    blank(form.get("sftpPrivateKey")) ? null : form.get("sftpPrivateKey"), form.get("sftpHostKey"));
        }
        files.create(actor, segmentId, format, interval, sftp);
        flash.addFlashAttribute("notice", "file");
        return "redirect:/console/segments/" + segmentId;
    }

    @PostMapping("/console/segments/{segmentId}/files/{destinationId}/run")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String runFile(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                   @PathVariable UUID destinationId, RedirectAttributes flash) {
        files.runNow(actor, segmentId, destinationId);
        flash.addFlashAttribute("notice", "fileRun");
        return "redirect:/console/segments/" + segmentId;
    }

    @PostMapping("/console/segments/{segmentId}/files/{destinationId}/delete")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String removeFile(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                      @PathVariable UUID destinationId, RedirectAttributes flash) {
        files.delete(actor, segmentId, destinationId);
        flash.addFlashAttribute("notice", "fileRemoved");
        return "redirect:/console/segments/" + segmentId;
    }

    @GetMapping("/console/segments/{segmentId}/edit")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String edit(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId, Model model) {
        Segments.Segment segment = segments.get(actor, segmentId);
        return form(segment, segment.name(), segment.store(), pretty.writeValueAsString(segment.rule()),
                FormErrors.NONE, model);
    }

    @PostMapping("/console/segments/{segmentId}")
    @PreAuthorize("hasAuthority('SCOPE_segments:write')")
    String update(@AuthenticationPrincipal Actor actor, @PathVariable UUID segmentId,
                  @RequestParam(required = false) String name, @RequestParam(required = false) String rule,
                  Model model, RedirectAttributes flash) {
        Segments.Segment segment = segments.get(actor, segmentId);
        try {
            segments.update(actor, segmentId, name, read(rule));
            flash.addFlashAttribute("notice", "saved");
            return "redirect:/console/segments/" + segmentId;
        } catch (ProblemException problem) {
            return form(segment, name, segment.store(), rule, FormErrors.of(problem), model);
        }
    }

    @PostMapping("/console/segments/preview")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    String preview(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String rule, Model model) {
        try {
            Segments.Preview preview = segments.preview(actor, read(rule));
            model.addAttribute("size", preview.size());
            model.addAttribute("computed", preview);
            model.addAttribute("errors", FormErrors.NONE);
        } catch (ProblemException problem) {
            model.addAttribute("errors", FormErrors.of(problem));
        }
        return "console/segments/form :: preview";
    }

    private String form(Segments.Segment segment, String name, String store, String rule, FormErrors errors,
                        Model model) {
        model.addAttribute("segment", segment);
        model.addAttribute("name", name);
        model.addAttribute("store", store);
        model.addAttribute("rule", rule);
        model.addAttribute("errors", errors);
        model.addAttribute("examples", EXAMPLES.keySet());
        // the tiers a loyaltyTier condition may name, so nobody has to look them up elsewhere
        if (model.getAttribute("actor") instanceof Actor actor) {
            model.addAttribute("tiers", tiers.names(actor.tenantId()));
        }
        return "console/segments/form";
    }

    /** The rule as typed; text that is no JSON is a problem on the rule field, as the API's would be. */
    private JsonNode read(String rule) {
        if (rule == null || rule.isBlank()) {
            throw ProblemException.invalid("rule", "is required");
        }
        try {
            return json.readTree(rule);
        } catch (JacksonException e) {
            throw ProblemException.invalid("rule", "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
