package io.footbridge.identity.graph;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.identity.EventsResolved;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Follows the capture log as the capture feed {@value #FEED}, like every module that follows it: the same cursor,
 * safe against late commits however late, the same parking and retries for an event that cannot be resolved now,
 * the same metrics. Each event is resolved once; one handed over again (the feed re-reads what is not settled yet)
 * is skipped.
 */
@Component
class CaptureFollower {

    static final String FEED = "identity";

    private final GraphRepository graph;
    private final Resolver resolver;
    private final Timer perEvent;
    private final CaptureFeeds.Feed feed;
    private final ApplicationEventPublisher publisher;

    CaptureFollower(CaptureFeeds feeds, GraphRepository graph, Resolver resolver, MeterRegistry meters,
                    ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.perEvent = Timer.builder("footbridge.identity.resolve")
                .description("Time to resolve one captured event into a profile").publishPercentiles(0.5, 0.99)
                .register(meters);
        this.graph = graph;
        this.resolver = resolver;
        this.feed = feeds.follow(FEED, this::resolve);
    }

    /** Resolves everything visible now, in the caller's thread; answers how many events were handed over. */
    int drain() {
        return feed.drain();
    }

    /** Every event at or below this sequence has been resolved (or parked by the feed). */
    long position() {
        return feed.position();
    }

    /**
     * Runs in the feed's transaction. A failure rolls the batch back; the feed then hands its events over one by one
     * and parks the one that fails, to be tried again later rather than left unresolved.
     */
    private void resolve(List<CapturedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // staff merges and splits take the same lock: one writer to the graph at a time, across nodes
        graph.lockCursor();
        Set<Long> done = graph.processed(events.get(0).sequence(), events.get(events.size() - 1).sequence());
        Instant now = Instant.now();
        boolean resolved = false;
        for (CapturedEvent event : events) {
            if (!done.contains(event.sequence())) {
                perEvent.record(() -> resolver.resolve(event, now));
                resolved = true;
            }
        }
        if (resolved) {
            // journeys waiting for these people start them now, not at their next poll
            publisher.publishEvent(new EventsResolved(events.get(0).sequence(),
                    events.get(events.size() - 1).sequence()));
        }
    }
}
