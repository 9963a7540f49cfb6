package io.footbridge.capture.event;

import io.footbridge.capture.TouchpointsCaptured;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The group commit of single events: each single event (one from {@code POST /api/v1/events}, a QR scan) is
 * validated by its caller, then written together with the others that arrive at the same moment, in one transaction
 * and one multi-row INSERT, and its caller answered once that transaction has committed, so a 2xx still means
 * durable. The log's followers are woken once per group (one {@link TouchpointsCaptured} per tenant and source, one
 * wake per transaction). A group that breaks a constraint is written again one event at a time, so an event only
 * ever fails by its own fault.
 */
@Component
class EventGroups {

    private final EventRepository events;
    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate transaction;
    private final GroupCommitProperties properties;
    private final Coalescer<EventRepository.NewRow, Boolean> coalescer;
    private final Counter groups;
    private final Counter grouped;
    private final AtomicLong written = new AtomicLong();

    EventGroups(EventRepository events, ApplicationEventPublisher publisher, PlatformTransactionManager transactions,
                GroupCommitProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.events = events;
        this.publisher = publisher;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        MeterRegistry registry = meters.getIfAvailable();
        this.groups = registry == null ? null : Counter.builder("footbridge.capture.group-commit.groups")
                .description("Transactions that wrote single events together").register(registry);
        this.grouped = registry == null ? null : Counter.builder("footbridge.capture.group-commit.events")
                .description("Single events written in those transactions").register(registry);
        // switched off, no writer thread waits for events that never come
        this.coalescer = !properties.enabled() ? null : new Coalescer<>("capture-group-commit",
                Math.max(1, properties.maxSize()), properties.linger(), DataIntegrityViolationException.class::isInstance,
                this::write);
    }

    /**
     * Whether a single event may wait for a group: not when the caller has a transaction of its own, whose commit
     * (or rollback) the event must share.
     */
    boolean applies() {
        return properties.enabled() && !TransactionSynchronizationManager.isActualTransactionActive();
    }

    /** @return true when the event was new, false when its id was kept before */
    boolean append(UUID tenantId, String source, Instant receivedAt, ValidatedEvent event) {
        return coalescer.submit(new EventRepository.NewRow(tenantId, source, receivedAt, event));
    }

    private List<Boolean> write(List<EventRepository.NewRow> rows) {
        return transaction.execute(status -> {
            boolean[] inserted = events.append(rows);
            record Writer(UUID tenantId, String source) {
            }
            Map<Writer, Integer> accepted = new LinkedHashMap<>();
            Map<Writer, Instant> latest = new LinkedHashMap<>();
            List<Boolean> answers = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                answers.add(inserted[i]);
                if (inserted[i]) {
                    Writer writer = new Writer(rows.get(i).tenantId(), rows.get(i).source());
                    accepted.merge(writer, 1, Integer::sum);
                    latest.merge(writer, rows.get(i).receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            accepted.forEach((writer, count) -> publisher.publishEvent(
                    new TouchpointsCaptured(writer.tenantId(), writer.source(), count, latest.get(writer))));
            written.incrementAndGet();
            if (groups != null) {
                groups.increment();
                grouped.increment(rows.size());
            }
            return answers;
        });
    }

    /** Events waiting for the next group. */
    int queued() {
        return coalescer == null ? 0 : coalescer.queued();
    }

    /** Transactions written so far (groups, and events written alone after a group broke a constraint). */
    long written() {
        return written.get();
    }

    @PreDestroy
    void close() throws InterruptedException {
        if (coalescer != null) {
            coalescer.close();
        }
    }
}
