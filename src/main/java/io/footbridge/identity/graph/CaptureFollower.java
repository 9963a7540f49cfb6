package io.footbridge.identity.graph;

import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.capture.TouchpointsCaptured;
import io.footbridge.platform.BackgroundWork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Follows the capture log and resolves each event once. The cursor only passes events older than the commit
 * horizon, and everything after it is checked against what was resolved, so an event whose write committed late
 * (its sequence number taken before one that was already read) is still resolved. One node at a time holds the
 * cursor row; the others wait for their turn.
 */
@Component
class CaptureFollower {

    private static final Logger log = LoggerFactory.getLogger(CaptureFollower.class);
    private static final int SCAN = 2000;

    private final CaptureLog captureLog;
    private final GraphRepository graph;
    private final Resolver resolver;
    private final TransactionTemplate transaction;
    private final TransactionTemplate eachEvent;
    private final IdentityProperties properties;
    private final BackgroundWork.Recurring task;
    private final Timer perEvent;
    private volatile boolean stopping;
    private long scannedUpTo;
    private Instant lastSweep = Instant.EPOCH;

    CaptureFollower(CaptureLog captureLog, GraphRepository graph, Resolver resolver, TransactionTemplate transaction,
                    IdentityProperties properties, MeterRegistry meters, BackgroundWork background) {
        this.perEvent = Timer.builder("footbridge.identity.resolve")
                .description("Time to resolve one captured event into a profile").publishPercentiles(0.5, 0.99)
                .register(meters);
        this.captureLog = captureLog;
        this.graph = graph;
        this.resolver = resolver;
        this.transaction = transaction;
        this.eachEvent = new TransactionTemplate(transaction.getTransactionManager());
        this.eachEvent.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.properties = properties;
        this.task = background.recurring("identity-resolver", properties.pollInterval(), this::drain);
    }

    /** A run in progress stops between batches; the scheduler waits for it. */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        stopping = true;
    }

    /**
     * New events: resolve them as soon as their write commits rather than at the next poll. A plain listener that
     * registers its own after-commit hook, not a transactional event listener: those go through the event
     * publication registry, which would add two writes and a second connection to every ingest request.
     */
    @EventListener
    void on(TouchpointsCaptured captured) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    poke();
                }
            });
        } else {
            poke();
        }
    }

    private void poke() {
        if (!stopping) {
            task.wake();
        }
    }

    /** Resolves everything visible now; answers how many events it resolved. */
    synchronized int drain() {
        Instant now = Instant.now();
        // a sweep starts at the cursor to find late commits and move the cursor; otherwise go on where we were
        boolean sweep = !now.isBefore(lastSweep.plus(properties.commitHorizon()));
        if (sweep) {
            lastSweep = now;
        }
        long from = sweep ? -1 : scannedUpTo;
        boolean contiguous = sweep;
        int resolved = 0;
        while (!stopping) {
            long start = from;
            boolean cont = contiguous;
            Step step = transaction.execute(status -> step(start, cont));
            resolved += step.resolved();
            from = step.scannedUpTo();
            contiguous = step.contiguous();
            scannedUpTo = Math.max(scannedUpTo, step.scannedUpTo());
            if (step.end()) {
                break;
            }
        }
        return resolved;
    }

    /** One event that cannot be resolved must not hold up the rest: it is marked with the reason and skipped. */
    private void resolveAlone(CapturedEvent event, Instant now) {
        try {
            perEvent.record(() -> eachEvent.executeWithoutResult(status -> resolver.resolve(event, now)));
        } catch (RuntimeException e) {
            log.warn("Event {} of tenant {} could not be resolved: {}", event.sequence(), event.tenantId(),
                    e.getClass().getSimpleName());
            graph.insertEvent(event.sequence(), event.tenantId(), null, event.occurredAt(),
                    "not resolved: " + e.getClass().getSimpleName());
        }
    }

    private record Step(int resolved, long scannedUpTo, boolean contiguous, boolean end) {
    }

    private Step step(long from, boolean contiguous) {
        long cursor = graph.lockCursor();
        long start = Math.max(from, cursor);
        contiguous = contiguous && start == cursor;
        List<CaptureLog.Position> positions = captureLog.positionsAfter(start, SCAN);
        if (positions.isEmpty()) {
            return new Step(0, start, contiguous, true);
        }
        Set<Long> done = graph.processed(positions.get(0).sequence(), positions.get(positions.size() - 1).sequence());
        Instant now = Instant.now();
        Instant settled = now.minus(properties.commitHorizon());
        List<Long> todo = new ArrayList<>();
        long scanned = start;
        long newCursor = cursor;
        boolean full = false;
        for (CaptureLog.Position position : positions) {
            if (!done.contains(position.sequence())) {
                if (todo.size() == properties.batchSize()) {
                    full = true;
                    break;
                }
                todo.add(position.sequence());
            }
            scanned = position.sequence();
            if (contiguous && position.receivedAt().isBefore(settled)) {
                newCursor = position.sequence();
            } else {
                contiguous = false;
            }
        }
        for (CapturedEvent event : captureLog.read(todo)) {
            resolveAlone(event, now);
        }
        if (newCursor > cursor) {
            graph.moveCursor(newCursor, now);
        }
        return new Step(todo.size(), scanned, contiguous, !full && positions.size() < SCAN);
    }
}
