package io.footbridge.platform.background;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The scheduler for background work.
 *
 * @param pollingInterval how often each node looks for due tasks; no recurring task runs more often than this
 * @param threads         tasks one node runs at the same time
 * @param heartbeatInterval how often a node marks the tasks it runs as alive; four missed and another node takes
 *                          the task over (after a crash)
 * @param shutdownWait    how long stopping waits for running tasks before it lets them be taken over later
 * @param wakeLinger      how long a wake waits for more wakes of the same task before it brings the task forward:
 *                        wakes in that time share one run, and the request that woke it does no work for it
 */
@ConfigurationProperties("footbridge.background")
record BackgroundProperties(@DefaultValue("500ms") Duration pollingInterval,
                            @DefaultValue("12") int threads,
                            @DefaultValue("2s") Duration heartbeatInterval,
                            @DefaultValue("30s") Duration shutdownWait,
                            @DefaultValue("20ms") Duration wakeLinger) {
}
