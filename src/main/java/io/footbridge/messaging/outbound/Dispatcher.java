package io.footbridge.messaging.outbound;

import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.consent.Suppressions;
import io.footbridge.messaging.MessageStatusChanged;
import io.footbridge.messaging.channel.Delivery;
import io.footbridge.messaging.channel.Envelope;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.messaging.channel.Provider;
import io.footbridge.messaging.channel.Providers;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.Stores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends what is due. Each worker claims a few queued messages with one conditional update (so no two workers, on
 * this node or another, ever hold the same message), asks the consent gate again — a permission may have been
 * withdrawn since the message was queued — and hands each to its channel's provider at the provider's pace. A
 * passing failure puts the message back with a growing wait; a message whose node stopped mid-send is never sent
 * again (see {@link Message#UNKNOWN}).
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final MessageRepository repository;
    private final Providers providers;
    private final ConsentGate gate;
    private final Suppressions suppressions;
    private final Consents consents;
    private final Senders senders;
    private final Stores stores;
    private final TransactionTemplate transaction;
    private final MessagingProperties properties;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Counter sent;
    private final Counter failed;
    private final BackgroundWork.Recurring dispatch;
    private final ExecutorService workers;
    private volatile boolean stopping;

    Dispatcher(MessageRepository repository, Providers providers, ConsentGate gate, Suppressions suppressions,
               Consents consents, Senders senders, Stores stores, TransactionTemplate transaction,
               MessagingProperties properties, ApplicationEventPublisher events, JsonMapper json,
               MeterRegistry meters, BackgroundWork background) {
        this.repository = repository;
        this.providers = providers;
        this.gate = gate;
        this.suppressions = suppressions;
        this.consents = consents;
        this.senders = senders;
        this.stores = stores;
        this.transaction = transaction;
        this.properties = properties;
        this.events = events;
        this.json = json;
        this.sent = Counter.builder("footbridge.messages.sent").description("Messages handed to a provider")
                .register(meters);
        this.failed = Counter.builder("footbridge.messages.failed").description("Messages that failed for good")
                .register(meters);
        // the task looks at the queue and hands the sending to the workers, who may take longer than a turn
        boolean sending = properties.workers() > 0;
        this.workers = sending ? Executors.newFixedThreadPool(properties.workers(), daemon("message-worker")) : null;
        this.dispatch = sending ? background.recurring("message-dispatch", properties.pollInterval(), this::tick)
                : null;
    }

    @EventListener(ContextClosedEvent.class)
    void stop() throws InterruptedException {
        stopping = true;
        if (workers != null) {
            workers.shutdown();
            // messages in the middle of a send finish; the rest stay queued for the next start
            workers.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Wakes the workers once the caller's transaction has committed the messages it queued. */
    void pokeAfterCommit() {
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
        if (dispatch != null && !stopping) {
            dispatch.wake();
        }
    }

    /** Starts as many workers as are free; each drains the queue until nothing is due. */
    private void tick() {
        repository.expireLeases(Instant.now());
        for (int i = 0; i < properties.workers() && !stopping; i++) {
            workers.execute(this::drain);
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger draining = new java.util.concurrent.atomic.AtomicInteger();

    private void drain() {
        if (draining.incrementAndGet() > properties.workers()) {
            draining.decrementAndGet();
            return;
        }
        try {
            while (!stopping && sendBatch() > 0) {
                // go on while there is work
            }
        } catch (RuntimeException e) {
            log.warn("Message worker paused: {}", e.getClass().getName());
        } finally {
            draining.decrementAndGet();
        }
    }

    /** Claims and sends one batch; answers how many it claimed. For tests and benchmarks, too. */
    int sendBatch() {
        UUID claim = UUID.randomUUID();
        Instant now = Instant.now();
        List<UUID> due = repository.due(now, properties.batchSize());
        if (due.isEmpty()) {
            return 0;
        }
        // another worker may win some of these; this one sends what it won, and looks again
        int claimed = Math.max(1, repository.claim(claim, due, now, now.plus(properties.lease())));
        for (Message message : repository.claimed(claim)) {
            if (stopping) {
                // not handed over yet: give it back rather than leave it to the lease
                settle(message, claim, Message.QUEUED, "the node stopped before sending", null, null, now);
                continue;
            }
            send(message, claim);
        }
        return claimed;
    }

    private void send(Message message, UUID claim) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ConsentGate.Decision decision;
        Envelope envelope;
        try {
            decision = transaction.execute(status -> gate.admit(new ConsentGate.Ask(
                    message.tenantId(), message.profileId(), message.channel(), message.purpose(), message.to(),
                    message.storeId() == null ? null : stores.findById(message.tenantId(), message.storeId())
                            .map(s -> s.timeZone()).orElse(null), now, message.acknowledges(), message.id().toString())));
            envelope = envelope(message);
        } catch (RuntimeException e) {
            // nothing was handed over yet: give the message back for a later try rather than leave it to the lease
            String why = "could not be prepared: " + e.getClass().getSimpleName();
            if (message.attempts() >= properties.maxAttempts()) {
                settle(message, claim, Message.FAILED, why, null, null, now);
            } else {
                settle(message, claim, Message.QUEUED, why, null, now.plus(backoff(message.attempts())), now);
            }
            return;
        }
        if (!decision.allowed()) {
            if (decision.reason() == ConsentGate.Reason.QUIET_HOURS && decision.notBefore() != null) {
                settle(message, claim, Message.QUEUED, "held: " + decision.detail(), null, decision.notBefore(), now);
            } else {
                settle(message, claim, Message.BLOCKED, decision.reason().value() + ": " + decision.detail(), null,
                        null, now);
            }
            return;
        }
        Provider provider = providers.of(message.channel());
        if (!providers.pace(message.channel())) {
            settle(message, claim, Message.QUEUED, "the node stopped before sending", null, null, now);
            return;
        }
        Delivery delivery;
        try {
            delivery = provider.send(envelope);
        } catch (RuntimeException e) {
            // a provider that throws has not told us the message went out; treat it as passing, and say so
            delivery = new Delivery.Retry(provider.name() + ": " + e.getClass().getSimpleName(), null);
        }
        Instant done = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (delivery instanceof Delivery.Accepted accepted) {
            sent.increment();
            settleAccepted(message, claim, provider.name(), accepted, done);
        } else if (delivery instanceof Delivery.Retry retry) {
            if (message.attempts() >= properties.maxAttempts()) {
                failed.increment();
                settle(message, claim, Message.FAILED, "gave up after " + message.attempts() + " tries: "
                        + retry.reason(), provider.name(), null, done);
            } else {
                Duration wait = retry.after() != null ? retry.after() : backoff(message.attempts());
                settle(message, claim, Message.QUEUED, "try " + message.attempts() + " failed: " + retry.reason(),
                        provider.name(), done.plus(wait), done);
            }
        } else if (delivery instanceof Delivery.Failed fail) {
            failed.increment();
            settleFailed(message, claim, provider.name(), fail, done);
        } else if (delivery instanceof Delivery.Unknown unknown) {
            settle(message, claim, Message.UNKNOWN, unknown.reason(), provider.name(), null, done);
        }
    }

    private Duration backoff(int attempts) {
        long base = properties.retryBackoff().toMillis() << Math.min(attempts - 1, 16);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(Math.max(1, base / 4)));
    }

    private void settle(Message m, UUID claim, String status, String reason, String provider, Instant due,
                        Instant now) {
        transaction.executeWithoutResult(tx -> {
            if (repository.settle(m.id(), claim, status, reason, provider, null, due == null ? m.dueAt() : due, now)) {
                repository.insertEvent(m.id(), m.tenantId(), status, now, reason, null);
            }
        });
    }

    private void settleAccepted(Message m, UUID claim, String provider, Delivery.Accepted accepted, Instant now) {
        String status = accepted.delivered() ? Message.DELIVERED : Message.SENT;
        transaction.executeWithoutResult(tx -> {
            if (repository.settle(m.id(), claim, status, null, provider, accepted.providerId(), m.dueAt(), now)) {
                repository.insertEvent(m.id(), m.tenantId(), Message.SENT, now, provider, null);
                if (accepted.delivered()) {
                    repository.insertEvent(m.id(), m.tenantId(), Message.DELIVERED, now, provider, null);
                }
                // a provider's report can come back before this commit: apply what was recorded meanwhile
                for (MessageRepository.Event event : repository.events(m.id())) {
                    if (DeliveryReports.rank(event.status()) > 1) {
                        repository.progress(m.id(), event.status(), DeliveryReports.rank(event.status()),
                                event.occurredAt());
                    } else if (DeliveryReports.failure(event.status())) {
                        repository.fail(m.id(), event.status(), event.detail(), event.occurredAt());
                    }
                }
                events.publishEvent(new MessageStatusChanged(m.tenantId(), m.id(), m.origin(), status));
            }
        });
    }

    private void settleFailed(Message m, UUID claim, String provider, Delivery.Failed fail, Instant now) {
        transaction.executeWithoutResult(tx -> {
            if (repository.settle(m.id(), claim, Message.FAILED, fail.reason(), provider, null, m.dueAt(), now)) {
                repository.insertEvent(m.id(), m.tenantId(), Message.FAILED, now, fail.reason(), null);
                if (fail.unreachable()) {
                    suppressions.suppress(m.tenantId(), m.channel(), m.to(), Suppressions.Reason.UNREACHABLE,
                            fail.reason());
                }
                for (Purpose purpose : fail.withdrawn()) {
                    // the person told the provider to stop; the ledger must say so, or the next send fails alike
                    consents.record(new NewConsent(m.tenantId(), m.profileId(), m.channel().addressType(), m.to(),
                            m.channel(), purpose, false, now, provider + "_opt_out", m.storeId(), null, null,
                            Map.of("messageId", m.id().toString(), "reason", fail.reason()),
                            "provider-opt-out:" + m.id() + ":" + purpose.value()));
                }
                events.publishEvent(new MessageStatusChanged(m.tenantId(), m.id(), m.origin(), Message.FAILED));
            }
        });
    }

    private Envelope envelope(Message m) {
        String from = null;
        String fromName = null;
        String replyTo = null;
        switch (m.channel()) {
            case EMAIL -> {
                Senders.EmailSender sender = senders.email(m.tenantId());
                from = sender.from();
                fromName = sender.fromName();
                replyTo = sender.replyTo();
            }
            case SMS -> from = senders.settings(m.tenantId()).smsFrom();
            case WHATSAPP -> from = senders.settings(m.tenantId()).whatsappNumber();
            default -> {
            }
        }
        String waName = null;
        String waLanguage = null;
        List<String> waParameters = null;
        if (m.whatsappJson() != null) {
            JsonNode wa = json.readTree(m.whatsappJson());
            waName = wa.path("name").asString(null);
            waLanguage = wa.path("language").asString(null);
            waParameters = new ArrayList<>();
            for (JsonNode p : wa.path("parameters")) {
                waParameters.add(p.asString());
            }
        }
        return new Envelope(m.id(), m.tenantId(), m.channel(), m.purpose(), m.to(), from, fromName, replyTo,
                m.subject(), m.html(), m.text(), m.unsubscribeUrl(), waName, waLanguage, waParameters);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
