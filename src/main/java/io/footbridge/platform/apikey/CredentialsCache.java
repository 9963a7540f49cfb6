package io.footbridge.platform.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.platform.database.Forget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Credentials of keys in use, so an authenticated request reads no database row. Every rotation and revocation raises
 * a shared generation counter in its own transaction; each node polls it (every {@code poll-interval}, 200 ms by
 * default) and forgets everything it cached when it moved, and the node that made the change forgets at once. If
 * the poll has not succeeded for a while (the database unreachable) the cache is not trusted and every look-up goes
 * to the database, so a revocation can never be missed for longer than the poll's staleness limit.
 *
 * <p>This is node-local work by nature (every node polls for itself), so it runs on its own thread rather than on the
 * cluster-wide scheduler, which runs a task once across nodes.
 */
@Component
class CredentialsCache implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CredentialsCache.class);

    private final ApiKeyRepository repository;
    private final Duration pollInterval;
    private final Duration trustFor;
    private final Cache<String, ApiKeyRepository.Credentials> byLookupId = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).recordStats().build();
    private volatile long generation = Long.MIN_VALUE;
    private volatile long lastPolledNanos = Long.MIN_VALUE;
    private volatile ScheduledExecutorService poller;

    CredentialsCache(ApiKeyRepository repository,
                     @Value("${footbridge.api-keys.poll-interval:200ms}") Duration pollInterval) {
        this.repository = repository;
        this.pollInterval = pollInterval;
        this.trustFor = pollInterval.multipliedBy(10).plusSeconds(1);
    }

    Optional<ApiKeyRepository.Credentials> find(String lookupId, Supplier<Optional<ApiKeyRepository.Credentials>> load) {
        if (!trusted()) {
            return load.get();
        }
        ApiKeyRepository.Credentials cached = byLookupId.getIfPresent(lookupId);
        if (cached != null) {
            return Optional.of(cached);
        }
        // a row read before a change the poll has meanwhile seen may be stale: it is answered but not kept
        long before = generation;
        Optional<ApiKeyRepository.Credentials> loaded = load.get();
        if (generation == before) {
            loaded.ifPresent(credentials -> byLookupId.put(lookupId, credentials));
        }
        return loaded;
    }

    /** Forgets now and, inside a transaction, once more when it ends (a reader may have cached the old row). */
    void forgetAll() {
        Forget.nowAndAfterCompletion(byLookupId::invalidateAll);
    }

    long hits() {
        return byLookupId.stats().hitCount();
    }

    private boolean trusted() {
        long polled = lastPolledNanos;
        return polled != Long.MIN_VALUE && System.nanoTime() - polled < trustFor.toNanos();
    }

    void poll() {
        try {
            long now = repository.generation();
            if (now != generation) {
                byLookupId.invalidateAll();
                generation = now;
            }
            lastPolledNanos = System.nanoTime();
        } catch (RuntimeException e) {
            // the cache stops being trusted by itself once polls fail for long enough
            log.debug("API key generation poll failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "api-key-generation-poll");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        poller = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = poller;
        poller = null;
        lastPolledNanos = Long.MIN_VALUE;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
