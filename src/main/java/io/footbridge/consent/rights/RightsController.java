package io.footbridge.consent.rights;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Brands;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@Tag(name = "Customer rights", description = "Export everything held about a person, or erase them everywhere")
class RightsController {

    private final CustomerRights rights;
    private final Brands brands;
    private final JsonMapper json;

    RightsController(CustomerRights rights, Brands brands, JsonMapper json) {
        this.rights = rights;
        this.brands = brands;
        this.json = json;
    }

    @GetMapping("/api/v1/profiles/{id}/export")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Everything held about the person, from every module, as JSON (a data subject access"
            + " request); format=html gives a readable summary to hand to them")
    @Reach(SHARED)
    ResponseEntity<?> export(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                             @RequestParam(defaultValue = "json") String format) {
        CustomerRights.Export export = rights.export(actor, id);
        String file = "footbridge-export-" + export.profileId();
        if ("html".equals(format)) {
            String html = render(export, brands.of(actor.tenantId()));
            return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + file + ".html\"").body(html);
        }
        if (!"json".equals(format)) {
            throw io.footbridge.platform.ProblemException.invalid("format", "must be json or html");
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + ".json\"").body(export);
    }

    @DeleteMapping("/api/v1/profiles/{id}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Operation(summary = "Erase the person everywhere (profile, identifiers, events, messages, consents, coupons …);"
            + " events stay anonymised so figures stay true, and their identifiers can never bring them back")
    @Reach(TENANT_WIDE)
    CustomerRights.Erased erase(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return rights.erase(actor, id);
    }

    private final ExportPage page = new ExportPage();

    private String render(CustomerRights.Export export, io.footbridge.platform.Brand brand) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = json.convertValue(export.data(), Map.class);
        return page.render(brand, export.profileId(), export.generatedAt(), data);
    }
}
