package io.footbridge.platform.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param sweepInterval how often each node deletes rate-limit buckets that have filled up again
 */
@ConfigurationProperties("footbridge.rate-limits")
record RateLimitProperties(@DefaultValue("5m") Duration sweepInterval) {
}
