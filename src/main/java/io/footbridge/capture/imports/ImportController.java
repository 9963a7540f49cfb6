package io.footbridge.capture.imports;

import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Imports", description = "Bulk CSV imports of sales, customers and products: upload, then poll the job")
@Reach(TENANT_WIDE)
class ImportController {

    private final ImportJobs imports;

    ImportController(ImportJobs imports) {
        this.imports = imports;
    }

    record ImportList(List<ImportJob> items, int limit, int offset) {
    }

    /** @param next the {@code after} value of the next page, or null on the last one */
    record ErrorPage(List<RowError> items, Long next) {
    }

    @PostMapping(path = "/{kind}", consumes = {"text/csv",
            "application/octet-stream", "application/xml", "text/xml"})
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "Upload a CSV file (as the request body) and queue its import; poll the answer's Location")
    ResponseEntity<ImportJob> upload(@AuthenticationPrincipal Actor actor,
                                     @PathVariable @Parameter(description = "transactions, customers or products")
                                     String kind,
                                     @RequestParam(required = false) String fileName,
                                     @RequestParam(required = false)
                                     @Parameter(description = "column:Header, once per column to map")
                                     List<String> map,
                                     @RequestParam(required = false) String delimiter,
                                     @RequestParam(required = false)
                                     @Parameter(description = "minor (default) or decimal") String amounts,
                                     @RequestParam(required = false) String timeZone,
                                     @RequestParam(required = false) String encoding,
                                     HttpServletRequest request) throws IOException {
        ImportKind importKind = ImportKind.of(kind).orElseThrow(() ->
                ProblemException.invalid("kind", "must be transactions, customers or products"));
        ImportOptions options = options(map, delimiter, amounts, timeZone, encoding);
        ImportJob job = imports.upload(actor, importKind, fileName, request.getInputStream(), options);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/imports/" + job.id()))
                .body(job);
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "List imports, newest first")
    ImportList list(@AuthenticationPrincipal Actor actor,
                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                    @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new ImportList(imports.list(actor, limit, offset), limit, offset);
    }

    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "An import's status and progress")
    ImportJob get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return imports.get(actor, id);
    }

    @GetMapping(path = "/{id}/errors", produces = "application/json")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "The rows that were not imported and why, by record number")
    ErrorPage errors(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                     @RequestParam(defaultValue = "0") @Min(0) long after,
                     @RequestParam(defaultValue = "500") @Min(1) @Max(5000) int limit) {
        List<RowError> items = imports.errors(actor, id, after, limit);
        return new ErrorPage(items, items.size() == limit ? items.get(items.size() - 1).record() : null);
    }

    @GetMapping(path = "/{id}/errors", produces = "text/csv")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "The whole error report as CSV: line, record, column, message")
    void errorsCsv(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, HttpServletResponse response)
            throws IOException {
        imports.get(actor, id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        try (CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader("line", "record", "column", "message").get()
                .print(writer)) {
            long after = 0;
            List<RowError> page;
            do {
                page = imports.errors(actor, id, after, 5000);
                for (RowError e : page) {
                    csv.printRecord(e.line(), e.record(), e.column(), e.message());
                    after = e.record();
                }
            } while (page.size() == 5000);
        }
    }

    @PostMapping("/{id}/resume")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "Resume a failed or interrupted import after its last committed row")
    ImportJob resume(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return imports.resume(actor, id);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "Cancel an import; what it committed stays")
    ImportJob cancel(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return imports.cancel(actor, id);
    }

    static ImportOptions options(List<String> map, String delimiter, String amounts, String timeZone,
                                 String encoding) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String entry : map == null ? List.<String>of() : map) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                errors.add(new FieldError("map", "takes column:Header, such as sku:Article number; got " + entry));
            } else {
                mapping.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
            }
        }
        ImportOptions.Amounts parsedAmounts = ImportOptions.amounts(amounts);
        if (amounts != null && parsedAmounts == null) {
            errors.add(new FieldError("amounts", "must be minor (cents, the default) or decimal (12.99)"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ImportOptions(mapping, delimiter, parsedAmounts, timeZone, encoding);
    }
}
