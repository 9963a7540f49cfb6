package io.footbridge.audiences.campaign;

import io.footbridge.messaging.MessageStatusChanged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Follows campaign messages as they are sent, delivered, opened and clicked, for the results. */
@Component
class CampaignMessageStatus {

    private final CampaignResults results;

    CampaignMessageStatus(CampaignResults results) {
        this.results = results;
    }

    @ApplicationModuleListener
    void on(MessageStatusChanged changed) {
        if ("campaign".equals(changed.origin())) {
            results.messageStatus(changed.messageId(), changed.status());
        }
    }
}
