package io.footbridge.capture.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/event-types")
@Tag(name = "Event types", description = "The catalogue of event types: built-in ones and the tenant's own")
@Reach(TENANT_WIDE)
class EventTypeController {

    private final CustomEventTypes customTypes;
    private final JsonMapper json;

    EventTypeController(CustomEventTypes customTypes, JsonMapper json) {
        this.customTypes = customTypes;
        this.json = json;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventTypeView(String name, String description, boolean builtIn, boolean requiresStore,
                         Set<String> identifiersAnyOf, List<PropertyView> properties, JsonNode schema) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PropertyView(String name, String type, boolean required, Long min, Long max) {
    }

    record EventTypeList(List<EventTypeView> items) {
    }

    record CustomTypeRequest(@Size(max = 500) String description,
                             Boolean requiresStore,
                             @NotNull JsonNode schema) {
    }

    @GetMapping
    @Operation(summary = "List the event types this tenant can send, with their properties")
    @Reach(SHARED)
    EventTypeList list(@AuthenticationPrincipal Actor actor) {
        List<EventTypeView> items = new ArrayList<>();
        EventCatalogue.BUILT_IN.values().forEach(spec -> items.add(view(spec)));
        customTypes.list(actor.tenantId()).forEach(spec -> items.add(view(spec)));
        return new EventTypeList(items);
    }

    @PutMapping("/{name}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Operation(summary = "Define or replace a custom event type with a JSON Schema for its properties")
    EventTypeView save(@AuthenticationPrincipal Actor actor,
                       @PathVariable @Pattern(regexp = "[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+",
                               message = "must be lower-case dotted words such as custom.tasting") String name,
                       @Valid @RequestBody CustomTypeRequest request) {
        actor.requireTenantAdmin();
        return view(customTypes.save(actor, name, request.description(),
                Boolean.TRUE.equals(request.requiresStore()), request.schema()));
    }

    @DeleteMapping("/{name}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a custom event type; events already captured stay")
    void delete(@AuthenticationPrincipal Actor actor, @PathVariable String name) {
        actor.requireTenantAdmin();
        customTypes.delete(actor, name);
    }

    private EventTypeView view(EventTypeSpec spec) {
        List<PropertyView> properties = spec.custom() ? null : spec.properties().stream()
                .map(p -> new PropertyView(p.name(), p.kind().name().toLowerCase(Locale.ROOT), p.required(),
                        p.min(), p.max() == null || p.max() == Long.MAX_VALUE ? null : p.max()))
                .toList();
        return new EventTypeView(spec.name(), spec.description(), !spec.custom(), spec.requiresStore(),
                spec.identifiersAnyOf().isEmpty() ? null : spec.identifiersAnyOf(), properties,
                spec.custom() ? json.readTree(spec.schemaJson()) : null);
    }
}
