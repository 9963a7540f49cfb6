package io.footbridge.console.data;

import io.footbridge.capture.imports.ImportJob;
import io.footbridge.capture.imports.ImportJobs;
import io.footbridge.capture.imports.ImportKind;
import io.footbridge.capture.imports.ImportOptions;
import io.footbridge.capture.imports.RowError;
import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CSV imports in the console: upload a file (the one multipart form Footbridge reads), watch its job to the end,
 * see the rows left out and why, cancel or resume it. The same {@link ImportJobs} as the API's upload.
 */
@Controller
class ImportPages {

    private static final int ROWS = 50;

    private final ImportJobs imports;

    ImportPages(ImportJobs imports) {
        this.imports = imports;
    }

    @GetMapping("/console/data/imports")
    @PreAuthorize("isAuthenticated()")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int offset, Model model) {
        tenantWide(actor);
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        model.addAttribute("jobs", Listing.of(imports.list(actor, ROWS + 1, offset), ROWS,
                last -> String.valueOf(offset + ROWS)));
        model.addAttribute("kinds", List.of(ImportKind.values()).stream().filter(k -> actor.has(k.scope()))
                .map(ImportKind::value).toList());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draft", Map.of("amounts", "minor"));
        }
        return "console/data/imports";
    }

    @PostMapping(path = "/console/data/imports", consumes = "multipart/form-data")
    @PreAuthorize("isAuthenticated()")
    String upload(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String kind,
                  @RequestParam(required = false) String amounts, @RequestParam(required = false) String delimiter,
                  @RequestParam(required = false) String timeZone,
                  @RequestPart(name = "file", required = false) MultipartFile file, HttpServletResponse response,
                  Model model) throws IOException {
        tenantWide(actor);
        Map<String, String> draft = new LinkedHashMap<>();
        draft.put("kind", kind);
        draft.put("amounts", amounts);
        draft.put("delimiter", delimiter);
        draft.put("timeZone", timeZone);
        List<FieldError> errors = new ArrayList<>();
        ImportKind importKind = ImportKind.of(kind).orElse(null);
        if (importKind == null) {
            errors.add(new FieldError("kind", "must be transactions, customers or products"));
        }
        ImportOptions.Amounts parsedAmounts = ImportOptions.amounts(blankToNull(amounts));
        if (blankToNull(amounts) != null && parsedAmounts == null) {
            errors.add(new FieldError("amounts", "must be minor (cents) or decimal (12.99)"));
        }
        if (file == null || file.isEmpty() || file.getOriginalFilename() == null
                || file.getOriginalFilename().isBlank()) {
            errors.add(new FieldError("file", "pick a CSV file that is not empty"));
        }
        try {
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            // a separator is taken as typed: a space or a tab is one
            ImportOptions options = new ImportOptions(Map.of(), delimiter == null || delimiter.isEmpty() ? null
                    : delimiter, parsedAmounts,
                    blankToNull(timeZone), null);
            ImportJob job;
            try (InputStream body = file.getInputStream()) {
                job = imports.upload(actor, importKind, file.getOriginalFilename(), body, options);
            }
            return "redirect:/console/data/imports/" + job.id();
        } catch (ProblemException problem) {
            if (problem.status().value() != 400) {
                throw problem;
            }
            response.setStatus(400);
            model.addAttribute("errors", FormErrors.of(problem));
            model.addAttribute("draft", draft);
            return list(actor, 0, model);
        }
    }

    @GetMapping("/console/data/imports/{importId}")
    @PreAuthorize("isAuthenticated()")
    String job(@AuthenticationPrincipal Actor actor, @PathVariable UUID importId,
               @RequestParam(defaultValue = "0") long after, Model model) {
        tenantWide(actor);
        if (after < 0) {
            throw ProblemException.invalid("after", "must not be negative");
        }
        ImportJob job = imports.get(actor, importId);
        model.addAttribute("job", job);
        model.addAttribute("ended", ended(job));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
        }
        if (ended(job)) {
            List<RowError> rows = imports.errors(actor, importId, after, ROWS + 1);
            model.addAttribute("rowErrors", Listing.of(rows, ROWS, last -> String.valueOf(last.record())));
        }
        return "console/data/import";
    }

    /** The bar and counts for htmx to swap in; once the job has ended, the whole page once more. */
    @GetMapping("/console/data/imports/{importId}/progress")
    @PreAuthorize("isAuthenticated()")
    String progress(@AuthenticationPrincipal Actor actor, @PathVariable UUID importId,
                    @RequestHeader(value = "HX-Request", required = false) String htmx,
                    HttpServletResponse response, Model model) {
        tenantWide(actor);
        ImportJob job = imports.get(actor, importId);
        if (htmx == null) {
            return "redirect:/console/data/imports/" + importId;
        }
        model.addAttribute("job", job);
        model.addAttribute("ended", ended(job));
        if (ended(job)) {
            response.setHeader("HX-Refresh", "true");
        }
        return "console/data/import :: progress";
    }

    @PostMapping("/console/data/imports/{importId}/cancel")
    @PreAuthorize("isAuthenticated()")
    String cancel(@AuthenticationPrincipal Actor actor, @PathVariable UUID importId, HttpServletResponse response,
                  Model model, RedirectAttributes flash) {
        tenantWide(actor);
        try {
            imports.cancel(actor, importId);
        } catch (ProblemException problem) {
            return refused(actor, importId, problem, response, model);
        }
        flash.addFlashAttribute("notice", "cancelled");
        return "redirect:/console/data/imports/" + importId;
    }

    @PostMapping("/console/data/imports/{importId}/resume")
    @PreAuthorize("isAuthenticated()")
    String resume(@AuthenticationPrincipal Actor actor, @PathVariable UUID importId, HttpServletResponse response,
                  Model model, RedirectAttributes flash) {
        tenantWide(actor);
        try {
            imports.resume(actor, importId);
        } catch (ProblemException problem) {
            return refused(actor, importId, problem, response, model);
        }
        flash.addFlashAttribute("notice", "resumed");
        return "redirect:/console/data/imports/" + importId;
    }

    /** The job ended or moved on since its page was shown (409): said on its page, with its state now. */
    private String refused(Actor actor, UUID importId, ProblemException problem, HttpServletResponse response,
                           Model model) {
        if (problem.status().value() != 409) {
            throw problem;
        }
        response.setStatus(409);
        model.addAttribute("errors", FormErrors.of(problem));
        return job(actor, importId, 0, model);
    }

    /** Waiting or running jobs are still being watched; the others have their final counts. */
    private static boolean ended(ImportJob job) {
        return job.status() != ImportJob.Status.QUEUED && job.status() != ImportJob.Status.RUNNING;
    }

    /** Imports touch the whole tenant's data, as the API's import operations do: none for store-bound accounts. */
    private static void tenantWide(Actor actor) {
        if (!actor.allStores()) {
            throw ProblemException.forbidden("Imports are the whole tenant's; a store-bound account has none.");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
