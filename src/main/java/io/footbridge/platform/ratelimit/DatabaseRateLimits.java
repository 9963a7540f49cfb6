package io.footbridge.platform.ratelimit;

import io.footbridge.platform.RateLimits;
import io.footbridge.platform.Signatures;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/** {@link RateLimits} on Bucket4j buckets kept in the shared database ({@link BucketTable}). */
@Component
class DatabaseRateLimits implements RateLimits {

    private final BucketTable table;
    private final Signatures signatures;

    DatabaseRateLimits(BucketTable table, Signatures signatures) {
        this.table = table;
        this.signatures = signatures;
    }

    @Override
    public Limit limit(String name, long capacity, Duration period) {
        if (capacity < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("limit " + name + " needs a capacity and a period");
        }
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(Bandwidth.builder()
                .capacity(capacity).refillIntervally(capacity, period).build()).build();
        // the settings are part of the id, so changing them starts every key afresh instead of meeting old state
        String scope = name + "|" + capacity + "|" + period;
        return new Limit() {
            @Override
            public Decision tryConsume(String key) {
                ConsumptionProbe probe = bucket(scope, key, configuration).tryConsumeAndReturnRemaining(1);
                return probe.isConsumed() ? Decision.ALLOWED
                        : new Decision(false, seconds(probe.getNanosToWaitForRefill()));
            }

            @Override
            public Optional<Duration> lockedFor(String key) {
                String id = id(scope, key);
                // asking an absent bucket would create it: most keys have none, and a check should not write
                if (table.getProxyConfiguration(id).isEmpty()) {
                    return Optional.empty();
                }
                EstimationProbe probe = table.builder().build(id, () -> configuration).estimateAbilityToConsume(1);
                return probe.canBeConsumed() ? Optional.empty()
                        : Optional.of(seconds(probe.getNanosToWaitForRefill()));
            }

            @Override
            public void reset(String key) {
                table.removeProxy(id(scope, key));
            }
        };
    }

    @Override
    public Pace pace(String name, long perSecond) {
        long rate = Math.max(1, perSecond);
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(Bandwidth.builder()
                .capacity(rate).refillGreedy(rate, Duration.ofSeconds(1)).build()).build();
        return new BlockPace(table.builder().build(id(name + "|" + rate, "pace"), () -> configuration), rate);
    }

    private BucketProxy bucket(String scope, String key, BucketConfiguration configuration) {
        return table.builder().build(id(scope, key), () -> configuration);
    }

    private String id(String scope, String key) {
        return signatures.digest("rate-limit", scope + "\u0000" + key);
    }

    private static Duration seconds(long nanos) {
        return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
