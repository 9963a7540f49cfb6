package io.footbridge.messaging.inbound;

import io.footbridge.consent.Channel;
import io.footbridge.messaging.Inbox;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

/**
 * The service inbox over HTTP: what customers wrote by SMS and WhatsApp that was not a keyword, one conversation per
 * person and channel, answered from here through the {@code inbox.reply} template as a service message on the same
 * channel. The work is {@link Inbox}'s.
 */
@RestController
@RequestMapping("/api/v1/inbox")
@Tag(name = "Inbox", description = "Customers' SMS and WhatsApp messages, the conversation with each, replies")
@Reach(TENANT_WIDE)
class InboxController {

    private final Inbox inbox;

    InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    record Page(List<Inbox.Item> items, Instant next) {
    }

    record ReplyRequest(@NotBlank @Size(max = Inbox.MAX_REPLY) String text) {
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "Conversations, the one with the newest customer message first; page with 'before' (the"
            + " lastMessageAt of a page's last item)")
    Page list(@AuthenticationPrincipal Actor actor,
              @RequestParam(required = false) @Pattern(regexp = "open|answered|closed",
                      message = "must be one of: open, answered, closed") String status,
              @RequestParam(required = false) @Pattern(regexp = "sms|whatsapp",
                      message = "must be one of: sms, whatsapp") String channel,
              @RequestParam(required = false) Instant before,
              @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        List<Inbox.Item> items = inbox.list(actor, status, channel == null ? null : Channel.of(channel).orElseThrow(),
                before, limit);
        return new Page(items, items.size() == limit ? items.get(items.size() - 1).lastMessageAt() : null);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "A conversation: what the customer wrote (keywords included) and what we sent them on that"
            + " channel, oldest first")
    Inbox.Conversation get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return inbox.get(actor, id);
    }

    @PostMapping("/{id}/reply")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Answer on the conversation's channel (a service message through the inbox.reply template);"
            + " 202 when queued, 422 when the consent gate refuses it. A retry with the same Idempotency-Key gets the"
            + " first answer")
    ResponseEntity<Inbox.Replied> reply(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                        @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100)
                                        String key,
                                        @Valid @RequestBody ReplyRequest request) {
        Inbox.Replied replied = inbox.reply(actor, id, request.text(), key);
        return ResponseEntity.status(replied.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(replied);
    }

    @PostMapping("/{id}/close")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Close a conversation; the customer's next message opens it again")
    Inbox.Item close(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return inbox.close(actor, id);
    }
}
