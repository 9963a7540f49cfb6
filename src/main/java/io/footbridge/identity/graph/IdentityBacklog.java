package io.footbridge.identity.graph;

import io.footbridge.capture.CaptureLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * How far identity is behind the capture log, as the gauge {@code footbridge.identity.backlog}: captured events
 * that the resolver has not read yet, counted up to {@link #CAP} (past that the exact number matters less than
 * that it is large). Read when the gauge is scraped, without the graph lock.
 */
@Component
class IdentityBacklog {

    static final int CAP = 10_000;

    private final CaptureLog captureLog;
    private final GraphRepository graph;
    private final CaptureFollower follower;

    IdentityBacklog(CaptureLog captureLog, GraphRepository graph, CaptureFollower follower, MeterRegistry meters) {
        this.follower = follower;
        this.captureLog = captureLog;
        this.graph = graph;
        Gauge.builder("footbridge.identity.backlog", this, IdentityBacklog::events)
                .description("Captured events the identity resolver has not read yet (up to 10,000)")
                .baseUnit("events").register(meters);
    }

    /** Events after the cursor, less those after it that were resolved already (late commits, the horizon). */
    double events() {
        long cursor = follower.position();
        List<CaptureLog.Position> waiting = captureLog.positionsAfter(cursor, CAP);
        if (waiting.isEmpty()) {
            return 0;
        }
        long last = waiting.get(waiting.size() - 1).sequence();
        return Math.max(0, waiting.size() - graph.processedCount(cursor + 1, last));
    }
}
