package io.footbridge.audiences.destination;

import io.footbridge.audiences.SegmentEntered;
import io.footbridge.audiences.SegmentLeft;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Queues a webhook call for each entry into and exit from a segment that has destinations. */
@Component
class DestinationFeed {

    private final WebhookSender sender;

    DestinationFeed(WebhookSender sender) {
        this.sender = sender;
    }

    @ApplicationModuleListener
    void on(SegmentEntered entered) {
        sender.enqueueForSegment(entered.tenantId(), entered.segmentId(), entered.personId(), "entered", Instant.now());
    }

    @ApplicationModuleListener
    void on(SegmentLeft left) {
        sender.enqueueForSegment(left.tenantId(), left.segmentId(), left.personId(), "left", Instant.now());
    }
}
