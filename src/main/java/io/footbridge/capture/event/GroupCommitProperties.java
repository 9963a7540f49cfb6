package io.footbridge.capture.event;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param enabled  whether single events (the API's and the scans') arriving at the same moment share one
 *                 transaction; off, each is written in a transaction of its own
 * @param maxSize  events in one shared transaction at most
 * @param linger   how long a group waits for more once its first event is there; zero (the default) takes what
 *                 queued up while the previous group was being written, and adds no wait for a lone caller
 */
@ConfigurationProperties("footbridge.capture.group-commit")
record GroupCommitProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("256") int maxSize,
                             @DefaultValue("0ms") Duration linger) {
}
