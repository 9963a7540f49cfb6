package io.footbridge.capture.feed;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.capture.TouchpointsCaptured;
import io.footbridge.platform.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the feeds other modules follow, each as a background task of its own ({@code capture-feed-<name>}): woken
 * after every ingest write commits, and run every poll interval in case a wake was lost. A feed's cursor only passes
 * events older than the commit horizon and below the {@link CommitFence}, which no write still open can fall under;
 * newer ones are handed over as they are seen and again at the next sweep from the cursor, which is how a write that
 * committed late (its sequence number taken before one already read) is not missed, however late.
 */
@Component
class Feeds implements CaptureFeeds {

    private static final Logger log = LoggerFactory.getLogger(Feeds.class);
    /** A parked event is tried again after 1 min, 4, 16, 64 … and given up on after this many attempts (about four days). */
    static final int MAX_ATTEMPTS = 8;
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final int RETRIES_PER_SWEEP = 50;
    private static final String PARKED_HELP = "Events the feed's handler failed on: still retrying, or given up on";

    private final CaptureLog captureLog;
    private final FeedRepository repository;
    private final TransactionTemplate transaction;
    private final TransactionTemplate eachBatch;
    private final FeedProperties properties;
    private final ObjectProvider<MeterRegistry> meters;
    private final BackgroundWork background;
    private final CommitFence fence;
    private final Map<String, Running> feeds = new ConcurrentHashMap<>();
    /** Marks a transaction whose commit will wake the feeds already. */
    private final Object wakeKey = new Object();
    private volatile boolean stopping;

    Feeds(CaptureLog captureLog, FeedRepository repository, TransactionTemplate transaction,
          FeedProperties properties, ObjectProvider<MeterRegistry> meters, BackgroundWork background,
          CommitFence fence) {
        this.fence = fence;
        this.meters = meters;
        this.background = background;
        this.captureLog = captureLog;
        this.repository = repository;
        this.transaction = transaction;
        this.eachBatch = new TransactionTemplate(transaction.getTransactionManager());
        this.eachBatch.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.properties = properties;
    }

    @Override
    public Feed follow(String name, Handler handler) {
        repository.create(name);
        Running feed = new Running(name, handler);
        if (feeds.putIfAbsent(name, feed) != null) {
            throw new IllegalStateException("feed " + name + " is followed already");
        }
        meters.ifAvailable(registry -> {
            Gauge.builder("footbridge.capture.feed.parked", () -> repository.parked(name, true))
                    .description(PARKED_HELP)
                    .tag("feed", name).tag("state", "retrying").register(registry);
            Gauge.builder("footbridge.capture.feed.parked", () -> repository.parked(name, false))
                    .description(PARKED_HELP)
                    .tag("feed", name).tag("state", "given_up").register(registry);
        });
        return feed;
    }

    @Override
    public List<Backlog> backlog(UUID tenantId) {
        return repository.backlog(tenantId);
    }

    @Override
    public void holdAll() {
        repository.lockAll();
    }

    /** Runs in progress stop between batches; the scheduler waits for them. */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        stopping = true;
    }

    /**
     * A plain listener with its own after-commit hook: a module listener would add an outbox row to every write. One
     * wake per transaction, however many writes it announced (a group commit announces one per tenant and source).
     */
    @EventListener
    void on(TouchpointsCaptured captured) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            if (TransactionSynchronizationManager.hasResource(wakeKey)) {
                return;
            }
            TransactionSynchronizationManager.bindResource(wakeKey, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    feeds.values().forEach(Running::poke);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(wakeKey);
                }
            });
        } else {
            feeds.values().forEach(Running::poke);
        }
    }

    private final class Running implements Feed {

        private final String name;
        private final Handler handler;
        private final BackgroundWork.Recurring task;
        private final CommitFence.Watch watch = fence.watch();
        private long scannedUpTo;
        private Instant lastSweep = Instant.EPOCH;

        Running(String name, Handler handler) {
            this.name = name;
            this.handler = handler;
            this.task = background.recurring("capture-feed-" + name, properties.pollInterval(), this::drain);
        }

        @Override
        public long position() {
            return repository.position(name);
        }

        void poke() {
            if (!stopping) {
                task.wake();
            }
        }

        @Override
        public synchronized int drain() {
            Instant now = Instant.now();
            boolean sweep = !now.isBefore(lastSweep.plus(properties.commitHorizon()));
            if (sweep) {
                lastSweep = now;
            }
            long from = sweep ? -1 : scannedUpTo;
            boolean contiguous = sweep;
            long fenced = watch.advance();
            int handled = 0;
            while (!stopping) {
                long start = from;
                boolean cont = contiguous;
                Step step = transaction.execute(status -> step(start, cont, fenced));
                handled += step.handled();
                from = step.scannedUpTo();
                contiguous = step.contiguous();
                scannedUpTo = Math.max(scannedUpTo, step.scannedUpTo());
                if (step.end()) {
                    break;
                }
            }
            if (sweep && !stopping) {
                transaction.executeWithoutResult(status -> retryParked(Instant.now()));
            }
            return handled;
        }

        /** Parked events whose time has come, one by one: handled ones leave, failing ones wait longer. */
        private void retryParked(Instant now) {
            repository.lock(name);
            // a few at a time: the feed waits while they are tried
            for (FeedRepository.Parked parked : repository.due(name, now, RETRIES_PER_SWEEP)) {
                if (stopping) {
                    return;
                }
                CapturedEvent event = captureLog.readAfter(parked.sequence() - 1, 1).stream()
                        .filter(e -> e.sequence() == parked.sequence()).findFirst().orElse(null);
                if (event == null) {
                    repository.unpark(name, parked.sequence());
                    continue;
                }
                try {
                    eachBatch.executeWithoutResult(status -> handler.handle(List.of(event)));
                    repository.unpark(name, parked.sequence());
                    log.info("Feed {} handled parked event {} at attempt {}", name, event.sequence(),
                            parked.attempts() + 1);
                } catch (RuntimeException e) {
                    int attempts = parked.attempts() + 1;
                    Instant next = attempts >= MAX_ATTEMPTS ? null : now.plus(retryAfter(attempts));
                    repository.reschedule(name, parked.sequence(), error(e), next);
                    if (next == null) {
                        log.error("Feed {} gave up on event {} of tenant {} after {} attempts: {}", name,
                                event.sequence(), event.tenantId(), attempts, error(e));
                    }
                }
            }
        }

        /**
         * A batch that fails is handed over event by event, so that one bad event does not stop the feed; the event
         * is parked and tried again later (a passing failure such as a lock timeout must not lose a consent).
         */
        private void handOver(List<CapturedEvent> events) {
            try {
                eachBatch.executeWithoutResult(status -> handler.handle(events));
            } catch (RuntimeException batchFailed) {
                for (CapturedEvent event : events) {
                    try {
                        eachBatch.executeWithoutResult(status -> handler.handle(List.of(event)));
                    } catch (RuntimeException e) {
                        Instant now = Instant.now();
                        repository.park(name, event.sequence(), event.tenantId(), error(e), now,
                                now.plus(retryAfter(1)));
                        log.warn("Feed {} parked event {} of tenant {}: {}", name, event.sequence(), event.tenantId(),
                                error(e));
                    }
                }
            }
        }

        private record Step(int handled, long scannedUpTo, boolean contiguous, boolean end) {
        }

        /** {@code fenced}: the sequence up to which no open write can still add an event. */
        private Step step(long from, boolean contiguous, long fenced) {
            long cursor = repository.lock(name);
            long start = Math.max(from, cursor);
            contiguous = contiguous && start == cursor;
            List<CapturedEvent> events = captureLog.readAfter(start, properties.batchSize());
            if (events.isEmpty()) {
                return new Step(0, start, contiguous, true);
            }
            handOver(events);
            Instant settled = Instant.now().minus(properties.commitHorizon());
            long newCursor = cursor;
            for (CapturedEvent event : events) {
                if (contiguous && event.receivedAt().isBefore(settled) && event.sequence() <= fenced) {
                    newCursor = event.sequence();
                } else {
                    contiguous = false;
                }
            }
            if (newCursor > cursor) {
                repository.move(name, newCursor, Instant.now());
            }
            long last = events.get(events.size() - 1).sequence();
            return new Step(events.size(), last, contiguous, events.size() < properties.batchSize());
        }
    }

    /** 1 min, 4, 16, 64 … after the n-th failure. */
    static Duration retryAfter(int failures) {
        return FIRST_RETRY.multipliedBy(1L << (2 * Math.min(failures - 1, 10)));
    }

    /** The exception's type only: a message may quote the personal data the event carries. */
    private static String error(RuntimeException e) {
        String type = e.getClass().getName();
        return type.length() > 200 ? type.substring(type.length() - 200) : type;
    }
}
