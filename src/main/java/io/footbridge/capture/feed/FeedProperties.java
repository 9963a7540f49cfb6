package io.footbridge.capture.feed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param pollInterval  how often a feed looks for new events when no write has poked it
 * @param commitHorizon how long an ingest write may take to commit: a feed re-reads this far behind its cursor, and
 *                      only moves the cursor past events older than that
 * @param batchSize     events handed to a handler at once
 */
@ConfigurationProperties("footbridge.capture.feeds")
record FeedProperties(@DefaultValue("1s") Duration pollInterval,
                      @DefaultValue("10s") Duration commitHorizon,
                      @DefaultValue("500") int batchSize) {
}
