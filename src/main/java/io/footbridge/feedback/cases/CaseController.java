package io.footbridge.feedback.cases;

import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1/cases")
@Tag(name = "Cases", description = "Complaint cases: opened from detractors' answers or by staff, worked to resolution")
@Reach(PER_STORE)
class CaseController {

    private static final Set<String> PATCHABLE = Set.of("status", "owner", "customerMessage");

    private final Cases cases;
    private final Stores stores;
    private final IdentifierNormaliser normaliser;
    private final IdentityGraph identity;
    private final JsonMapper json;

    CaseController(Cases cases, Stores stores, IdentifierNormaliser normaliser, IdentityGraph identity,
                   JsonMapper json) {
        this.cases = cases;
        this.stores = stores;
        this.normaliser = normaliser;
        this.identity = identity;
        this.json = json;
    }

    record CaseList(List<Cases.View> items, int limit, int offset) {
    }

    record NoteRequest(@NotBlank @Size(max = 4000) String text) {
    }

    record Contact(@Size(max = 254) String email, @Size(max = 64) String phone) {
    }

    /** @param channel how the customer wants to be told: email, sms or whatsapp (default: the contact given) */
    record CreateRequest(@NotBlank @Size(max = 32) String store, @NotBlank @Size(max = 200) String subject,
                         @Size(max = 2000) String description, @Valid Contact contact, @Size(max = 16) String channel,
                         UUID profileId) {
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    @Operation(summary = "List cases, newest first; store managers see their stores' cases only")
    CaseList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store,
                  @RequestParam(required = false) String status, @RequestParam(required = false) UUID owner,
                  @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                  @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new CaseList(cases.list(actor, store, status, owner, limit, offset), limit, offset);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    @Operation(summary = "A case with its internal notes and history")
    Cases.View get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return cases.get(actor, id);
    }

    @PatchMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    @Operation(summary = "Change a case's status, owner (a staff user id, or null) or the answer the customer sees")
    Cases.View change(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!PATCHABLE.contains(name)) {
                throw ProblemException.invalid(name, "is not a field that can be changed (status, owner,"
                        + " customerMessage)");
            }
        }
        String status = text(body, "status", 32);
        boolean ownerGiven = body.has("owner");
        UUID owner = null;
        if (ownerGiven && !body.get("owner").isNull()) {
            if (!body.get("owner").isString()) {
                throw ProblemException.invalid("owner", "must be a staff user's id or null");
            }
            try {
                owner = UUID.fromString(body.get("owner").asString());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("owner", "must be a staff user's id or null");
            }
        }
        boolean messageGiven = body.has("customerMessage");
        String message = text(body, "customerMessage", 2000);
        if (status == null && !ownerGiven && !messageGiven) {
            throw ProblemException.invalid("body", "give status, owner or customerMessage");
        }
        return cases.change(actor, id, status, ownerGiven, owner, messageGiven, message);
    }

    @PostMapping("/{id}/notes")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    @Operation(summary = "Add an internal note; the customer never sees notes")
    ResponseEntity<CaseRepository.Note> note(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                             @Valid @RequestBody NoteRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(cases.note(actor, id, request.text()));
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    @Operation(summary = "Open a case for a complaint made in store or on the phone")
    ResponseEntity<Cases.View> create(@AuthenticationPrincipal Actor actor,
                                      @Valid @RequestBody CreateRequest request) {
        StoreRef store = stores.requireByCode(actor.tenantId(), request.store());
        String email = null;
        String phone = null;
        String typedEmail = request.contact() == null ? null : blankToNull(request.contact().email());
        String typedPhone = request.contact() == null ? null : blankToNull(request.contact().phone());
        if (typedEmail != null) {
            email = usable(IdentifierType.EMAIL, typedEmail, store.country(), "contact.email");
        }
        if (typedPhone != null) {
            phone = usable(IdentifierType.PHONE, typedPhone, store.country(), "contact.phone");
        }
        String channel = request.channel() == null ? (email != null ? "email" : phone != null ? "sms" : null)
                : request.channel();
        if (channel != null && !Set.of("email", "sms", "whatsapp").contains(channel)) {
            throw ProblemException.invalid("channel", "must be one of: email, sms, whatsapp");
        }
        String address = channel == null ? null : channel.equals("email") ? email : phone;
        if (channel != null && address == null) {
            throw ProblemException.invalid("contact", "give the " + (channel.equals("email") ? "email" : "phone")
                    + " to tell the customer by " + channel);
        }
        UUID profileId = request.profileId();
        if (profileId != null) {
            profileId = identity.find(actor.tenantId(), profileId).map(IdentityGraph.ProfileRef::rootId)
                    .orElseThrow(() -> ProblemException.invalid("profileId", "is not a profile of this tenant"));
        }
        var identifiers = json.createObjectNode();
        if (typedEmail != null) {
            identifiers.put("email", typedEmail);
        }
        if (typedPhone != null) {
            identifiers.put("phone", typedPhone);
        }
        Cases.View view = cases.create(actor, request.store(), request.subject(), request.description(), channel,
                address, profileId, identifiers.isEmpty() ? null : identifiers.toString(), email, phone);
        return ResponseEntity.created(URI.create("/api/v1/cases/" + view.id())).body(view);
    }

    private String usable(IdentifierType type, String raw, String country, String field) {
        Normalised normalised = normaliser.normalise(type, raw, country);
        if (!normalised.usable()) {
            throw ProblemException.invalid(field, normalised.problem());
        }
        return normalised.value();
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ProblemException.invalid(field, "must be a string");
        }
        if (node.asString().length() > max) {
            throw ProblemException.invalid(field, "must be at most " + max + " characters");
        }
        return node.asString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
