package io.footbridge.messaging.outbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.ConfirmationRequested;
import io.footbridge.consent.Consents;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.Messages;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Sends the double opt-in link. A service message: it must reach the person while their marketing permission waits
 * for it. Once per confirmation, however often the event is delivered.
 */
@Component
class ConfirmationMailer {

    private final Consents consents;
    private final Messages messages;

    ConfirmationMailer(Consents consents, Messages messages) {
        this.consents = consents;
        this.messages = messages;
    }

    @ApplicationModuleListener
    void on(ConfirmationRequested requested) {
        consents.confirmation(requested.tenantId(), requested.confirmationId()).ifPresent(confirmation ->
                messages.send(new Messages.Outgoing(requested.tenantId(), confirmation.profileId(), Channel.EMAIL,
                        Purpose.SERVICE, confirmation.email(), "consent.confirm", null,
                        Map.of("confirmUrl", confirmation.confirmUrl()), "consent-confirm:" + confirmation.id(), null,
                        "consent")));
    }
}
