package io.footbridge.messaging.outbound;

import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.platform.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@Tag(name = "Messages")
class SenderController {

    private final Senders senders;
    private final IdentifierNormaliser normaliser;
    private final AuditLog audit;
    private final io.footbridge.messaging.channel.MessagingProperties properties;
    private final Tenants tenants;

    SenderController(Senders senders, IdentifierNormaliser normaliser, AuditLog audit,
                     io.footbridge.messaging.channel.MessagingProperties properties, Tenants tenants) {
        this.properties = properties;
        this.tenants = tenants;
        this.senders = senders;
        this.normaliser = normaliser;
        this.audit = audit;
    }

    record SenderRequest(@Size(max = 254) String emailFrom, @Size(max = 100) String emailFromName,
                         @Size(max = 254) String replyTo, @Size(max = 32) String smsFrom,
                         @Size(max = 64) String whatsappNumber) {
    }

    @GetMapping("/api/v1/messaging/senders")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "Who the tenant's messages come from (nulls: the installation's sender, the brand's name)")
    @Reach(SHARED)
    Senders.Settings get(@AuthenticationPrincipal Actor actor) {
        return senders.settings(actor.tenantId());
    }

    @PutMapping("/api/v1/messaging/senders")
    @Transactional
    @Operation(summary = "Set the sender address and name, the reply-to and the SMS sender name (tenant admins);"
            + " the SMS and WhatsApp numbers, by which inbound messages find their tenant, are the installation"
            + " admin's to assign (tenant: whose)")
    @Reach(TENANT_WIDE)
    Senders.Settings put(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) UUID tenant,
                         @Valid @RequestBody SenderRequest request) {
        actor.requireTenantAdmin();
        UUID tenantId = tenant == null ? actor.tenantId() : tenant;
        if (!tenantId.equals(actor.tenantId()) && (!actor.installationAdmin() || tenants.find(tenantId).isEmpty())) {
            throw ProblemException.notFound("tenant", tenantId);
        }
        List<FieldError> errors = new ArrayList<>();
        String emailFrom = email(request.emailFrom(), "emailFrom", errors);
        String replyTo = email(request.replyTo(), "replyTo", errors);
        String smsFrom = request.smsFrom();
        if (smsFrom != null && !smsFrom.matches("[A-Za-z0-9 ]{1,11}")) {
            // a number, or an alphanumeric sender id of up to 11 characters where the country allows one
            Normalised phone = normaliser.normalise(IdentifierType.PHONE, smsFrom, null);
            if (phone.usable()) {
                smsFrom = phone.value();
            } else {
                errors.add(new FieldError("smsFrom", "must be a phone number with + or a sender name of up to 11"
                        + " letters and digits"));
            }
        }
        if (request.emailFromName() != null && request.emailFromName().matches(".*[\\r\\n<>\"].*")) {
            errors.add(new FieldError("emailFromName", "may not hold line breaks, quotes or angle brackets"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String whatsapp = blankToNull(request.whatsappNumber());
        Senders.Settings current = senders.settings(tenantId);
        boolean newNumber = smsFrom != null && smsFrom.startsWith("+") && !smsFrom.equals(current.smsFrom())
                || whatsapp != null && !whatsapp.equals(current.whatsappNumber());
        if (newNumber && !actor.installationAdmin()) {
            // the numbers are the installation's (its Twilio and WhatsApp accounts), and which one is whose is no
            // tenant's business: the answer is the same for a number another tenant has and for a free one
            throw ProblemException.forbidden("SMS and WhatsApp numbers are assigned by the installation admin: they"
                    + " are the installation's, and replies find their tenant by them. A sender name (smsFrom of up"
                    + " to 11 letters and digits) is yours to set.");
        }
        // inbound messages find their tenant by the number they were sent to: one number, one tenant
        boolean smsTaken = smsFrom != null && smsFrom.startsWith("+") && senders.tenantOf(smsFrom, null)
                .filter(other -> !other.equals(tenantId)).isPresent();
        boolean whatsappTaken = whatsapp != null && senders.tenantOf(null, whatsapp)
                .filter(other -> !other.equals(tenantId)).isPresent();
        // the installation's own number is everyone's who has none: no one tenant may take its replies
        String shared = properties.twilio().from() == null ? null
                : normaliser.normalise(IdentifierType.PHONE, properties.twilio().from(), null).value();
        smsTaken |= smsFrom != null && smsFrom.equals(shared);
        whatsappTaken |= whatsapp != null && whatsapp.equals(properties.whatsapp().phoneNumberId());
        if (smsTaken || whatsappTaken) {
            throw ProblemException.conflict("sender-number-taken", "Another tenant already receives messages on this "
                    + (smsTaken ? "SMS number (smsFrom)" : "WhatsApp number (whatsappNumber)")
                    + "; replies could not tell whose they are.");
        }
        senders.save(tenantId, new Senders.Settings(emailFrom, blankToNull(request.emailFromName()), replyTo,
                smsFrom, whatsapp));
        audit.record(tenantId, actor, "messaging.senders.changed", "messaging_sender", tenantId, Map.of());
        if (!tenantId.equals(actor.tenantId())) {
            audit.record(actor, "messaging.senders.changed", "messaging_sender", tenantId, Map.of());
        }
        return senders.settings(tenantId);
    }

    private String email(String raw, String field, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Normalised email = normaliser.normalise(IdentifierType.EMAIL, raw, null);
        if (!email.usable()) {
            errors.add(new FieldError(field, email.problem()));
            return null;
        }
        // the sender keeps its spelling: normalising would drop the dots of a Gmail address
        return raw.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
