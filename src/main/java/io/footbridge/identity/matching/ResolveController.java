package io.footbridge.identity.matching;

import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

/** The {@code resolve} command over HTTP, for files within the request size limit; larger ones use the command. */
@RestController
@Tag(name = "Identity")
class ResolveController {

    @PostMapping(path = "/api/v1/identity/resolve", consumes = {"text/csv", "application/octet-stream"},
            produces = "text/csv")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Group the records of a customer CSV into people: answers record_id,profile_id"
            + " (map=column:Header, delimiter, country, explain, linkAbove, reviewAbove as for the resolve command)")
    @Reach(TENANT_WIDE)
    ResponseEntity<String> resolve(@RequestBody(required = false) byte[] body,
                                   @RequestParam(required = false) List<String> map,
                                   @RequestParam(defaultValue = ",") String delimiter,
                                   @RequestParam(required = false) String country,
                                   @RequestParam(defaultValue = "false") boolean explain,
                                   @RequestParam(defaultValue = "0.9") double linkAbove,
                                   @RequestParam(defaultValue = "0.5") double reviewAbove) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String entry : map == null ? List.<String>of() : map) {
            int colon = entry.indexOf(':');
            String column = colon > 0 ? entry.substring(0, colon) : entry;
            if (colon <= 0 || colon == entry.length() - 1 || !PersonFile.COLUMNS.contains(column)) {
                errors.add(new FieldError("map." + column, "give column:Header with a column of "
                        + String.join(", ", PersonFile.COLUMNS)));
            } else {
                mapping.put(column, entry.substring(colon + 1));
            }
        }
        if (delimiter.length() != 1) {
            errors.add(new FieldError("delimiter", "must be one character"));
        }
        if (linkAbove < 0 || linkAbove > 1) {
            errors.add(new FieldError("linkAbove", "must be a probability between 0 and 1"));
        }
        if (reviewAbove < 0 || reviewAbove > linkAbove) {
            errors.add(new FieldError("reviewAbove", "must be between 0 and linkAbove"));
        }
        if (body == null || body.length == 0) {
            errors.add(new FieldError("file", "is empty: send the CSV as the request body"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Path file = null;
        try {
            file = Files.createTempFile("footbridge-resolve", ".csv");
            Files.write(file, body);
            List<Person> people = new PersonFile().read(file,
                    new PersonFile.Layout(mapping, delimiter.charAt(0), country, null, null));
            BatchResolver.Options defaults = BatchResolver.Options.defaults();
            BatchResolver.Result result = new BatchResolver(new BatchResolver.Options(linkAbove, reviewAbove,
                    defaults.maxBlock(), defaults.maxShared())).resolve(people);
            StringWriter csv = new StringWriter();
            ResolveCommand.writeProfiles(people, result, explain, csv);
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                    .header("X-Footbridge-Profiles", Long.toString(java.util.Arrays.stream(result.group())
                            .distinct().count()))
                    .body(csv.toString());
        } catch (PersonFile.Unreadable e) {
            throw ProblemException.invalid("file", e.getMessage().replace(file.toString() + ": ", "")
                    .replace(file.toString(), "the file"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the system cleans it up
                }
            }
        }
    }
}
