package io.footbridge.demo.chain;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.messaging.Messages;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;

/**
 * Waits until the background work that follows what the demo wrote has caught up: every module that follows the
 * capture log (identity resolution among them, then consent and receipts), and the messages they queued. It asks
 * capture for its feeds' backlog and messaging for what it still has queued.
 */
@Component
class BackgroundWork {

    private final CaptureFeeds feeds;
    private final Messages messages;

    BackgroundWork(CaptureFeeds feeds, Messages messages) {
        this.feeds = feeds;
        this.messages = messages;
    }

    void await(UUID tenantId, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (feeds.backlog(tenantId).stream().allMatch(CaptureFeeds.Backlog::caughtUp)
                    && messages.queued(tenantId) == 0) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the background work did not catch up with the demo in " + within);
    }
}
