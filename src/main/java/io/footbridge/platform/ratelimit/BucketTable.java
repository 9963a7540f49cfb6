package io.footbridge.platform.ratelimit;

import io.footbridge.platform.Timestamps;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's buckets in table {@code rate_limit_bucket}, swapped by compare-and-set with portable SQL, so H2 and
 * PostgreSQL work alike (Bucket4j's own JDBC modules cover PostgreSQL but not H2). Each statement commits on its own,
 * outside any transaction of the caller: a budget spent by a request that fails stays spent.
 */
@Component
class BucketTable extends AbstractCompareAndSwapBasedProxyManager<String> {

    /** A full bucket is the same as a missing one, so its row may go as soon as it has filled up again. */
    static final ExpirationAfterWriteStrategy EXPIRY = ExpirationAfterWriteStrategy
            .basedOnTimeForRefillingBucketUpToMax(Duration.ZERO);

    private final JdbcClient jdbc;
    private final TransactionTemplate outside;

    BucketTable(JdbcClient jdbc, PlatformTransactionManager transactions) {
        super(ClientSideConfig.getDefault().withExpirationAfterWriteStrategy(EXPIRY)
                .withRequestTimeout(Duration.ofSeconds(10)));
        this.jdbc = jdbc;
        this.outside = new TransactionTemplate(transactions);
        this.outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String id) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeout) {
                return outside.execute(tx -> jdbc.sql("SELECT state FROM rate_limit_bucket WHERE id = :id")
                        .param("id", id).query(byte[].class).optional());
            }

            @Override
            public boolean compareAndSwap(byte[] original, byte[] updated, RemoteBucketState state,
                                          Optional<Long> timeout) {
                long now = System.currentTimeMillis();
                Instant expiresAt = Instant.ofEpochMilli(now + EXPIRY.calculateTimeToLiveMillis(state,
                        now * 1_000_000));
                Integer changed = outside.execute(tx -> original == null
                        ? jdbc.sql("""
                                INSERT INTO rate_limit_bucket (id, state, expires_at) VALUES (:id, :state, :expiresAt)
                                ON CONFLICT DO NOTHING
                                """).param("id", id).param("state", updated)
                        .param("expiresAt", Timestamps.of(expiresAt)).update()
                        : jdbc.sql("""
                                UPDATE rate_limit_bucket SET state = :state, expires_at = :expiresAt
                                WHERE id = :id AND state = :original
                                """).param("id", id).param("state", updated).param("original", original)
                        .param("expiresAt", Timestamps.of(expiresAt)).update());
                return changed != null && changed == 1;
            }
        };
    }

    @Override
    public void removeProxy(String id) {
        outside.executeWithoutResult(tx -> jdbc.sql("DELETE FROM rate_limit_bucket WHERE id = :id")
                .param("id", id).update());
    }

    /** Deletes up to {@code batch} rows whose buckets have filled up again; how many it deleted. */
    int removeExpired(Instant now, int batch) {
        Integer deleted = outside.execute(tx -> jdbc.sql("""
                        DELETE FROM rate_limit_bucket WHERE id IN (
                            SELECT id FROM rate_limit_bucket WHERE expires_at < :now ORDER BY expires_at LIMIT :batch)
                        """).param("now", Timestamps.of(now)).param("batch", batch).update());
        return deleted == null ? 0 : deleted;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String id) {
        throw new UnsupportedOperationException("rate limits are checked synchronously");
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String id) {
        throw new UnsupportedOperationException("rate limits are checked synchronously");
    }
}
