package io.footbridge.consent.gate;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Suppressions;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/suppressions")
@Tag(name = "Suppressions", description = "Addresses no message goes to on a channel, whatever the consents say")
@Reach(TENANT_WIDE)
class SuppressionController {

    private final SuppressionService suppressions;

    SuppressionController(SuppressionService suppressions) {
        this.suppressions = suppressions;
    }

    record SuppressionRequest(@NotNull Channel channel, @NotBlank @Size(max = 320) String address,
                              Suppressions.Reason reason, @Size(max = 500) String detail) {
    }

    record SuppressionList(List<SuppressionRepository.Suppression> items, String next) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Suppress an address on a channel (e.g. a complaint received elsewhere); idempotent")
    SuppressionRepository.Suppression add(@AuthenticationPrincipal Actor actor,
                                          @Valid @RequestBody SuppressionRequest request) {
        return suppressions.add(actor, request.channel(), request.address(), request.reason(), request.detail());
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "The suppression list, by address; page with 'after' (the 'next' of the page before)")
    SuppressionList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String channel,
                         @RequestParam(required = false) String after,
                         @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        Channel only = channel == null ? null : Channel.of(channel).orElseThrow(() ->
                ProblemException.invalid("channel", "must be one of email, sms, whatsapp, push"));
        var items = suppressions.list(actor, only, after, limit);
        SuppressionRepository.Suppression last = items.isEmpty() ? null : items.get(items.size() - 1);
        return new SuppressionList(items, items.size() == limit ? last.channel().value() + ":" + last.address() : null);
    }

    @DeleteMapping("/{channel}/{address}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Lift a suppression (e.g. a bounce that was the mailbox's fault)")
    void lift(@AuthenticationPrincipal Actor actor, @PathVariable String channel, @PathVariable String address) {
        suppressions.lift(actor, Channel.of(channel).orElseThrow(() ->
                ProblemException.invalid("channel", "must be one of email, sms, whatsapp, push")), address);
    }
}
