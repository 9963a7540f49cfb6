package io.footbridge.messaging.outbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;

@RestController
@Tag(name = "Message templates")
class PreviewController {

    private final MessageService messages;

    PreviewController(MessageService messages) {
        this.messages = messages;
    }

    record PreviewRequest(@NotNull Channel channel, @Size(max = 16) String language, Purpose purpose,
                          Map<String, Object> variables) {
    }

    record Preview(String language, String subject, String html, String text, String whatsapp) {
    }

    @PostMapping("/api/v1/message-templates/{key}/preview")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "The message as it would be sent with these variables: subject, HTML in the brand's layout,"
            + " plain text; a missing variable is named")
    @Reach(SHARED)
    Preview preview(@AuthenticationPrincipal Actor actor, @PathVariable String key,
                    @Valid @RequestBody PreviewRequest request) {
        MessageService.Content content = messages.compose(actor.tenantId(), UUID.randomUUID(), null,
                request.channel(), request.purpose() == null ? Purpose.SERVICE : request.purpose(), null, key,
                request.language(), request.variables(), true);
        return new Preview(content.language(), content.subject(), content.html(), content.text(), content.whatsapp());
    }
}
