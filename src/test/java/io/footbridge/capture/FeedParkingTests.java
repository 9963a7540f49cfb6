package io.footbridge.capture;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** An event a feed's handler fails on is parked and tried again, not skipped; the feed goes on meanwhile. */
class FeedParkingTests extends ApiTest {

    @Autowired
    private CaptureFeeds feeds;
    @Autowired
    private EventRecorder recorder;
    @Autowired
    private TransactionTemplate transaction;
    @Autowired
    private CaptureLog captureLog;

    @Test
    void anEventTheHandlerFailsOnIsParkedAndHandledOnceTheFailurePasses() throws Exception {
        UUID tenant = newTenant().id();
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean failing = new AtomicBoolean(true);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        String feedName = "test-parking-" + run;
        CaptureFeeds.Feed feed = feeds.follow(feedName, events -> {
            for (CapturedEvent event : events) {
                if (event.tenantId().equals(tenant)) {
                    if (event.eventId().equals("poison-" + run) && failing.get()) {
                        throw new IllegalStateException("a passing failure");
                    }
                    handled.add(event.eventId());
                }
            }
        });

        UUID bystander = newTenant().id();
        assertThat(captureLog.holdsAny(tenant)).as("a new tenant has nothing in the log").isFalse();
        transaction.executeWithoutResult(tx -> recorder.record(tenant, "test", List.of(
                event("before-" + run), event("poison-" + run), event("after-" + run))));
        assertThat(captureLog.holdsAny(tenant)).isTrue();
        assertThat(captureLog.holdsAny(bystander)).as("another tenant's events are not its").isFalse();
        assertThat(backlog(tenant, feedName)).as("three unread, before the feed ran")
                .isEqualTo(new CaptureFeeds.Backlog(feedName, position(feedName), 3, 0));
        assertThat(backlog(bystander, feedName).caughtUp()).as("nothing of another tenant's to read").isTrue();
        feed.drain();

        assertThat(handled).as("the events around the bad one go on")
                .containsExactlyInAnyOrder("before-" + run, "after-" + run);
        var parked = jdbc.sql("""
                        SELECT attempts, error, next_attempt_at FROM capture_feed_parked WHERE feed = :feed
                        """).param("feed", feedName).query().listOfRows();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).get("error")).isEqualTo(IllegalStateException.class.getName());
        assertThat(parked.get(0).get("next_attempt_at")).as("tried again later, not given up on").isNotNull();

        long poison = jdbc.sql("SELECT sequence FROM capture_feed_parked WHERE feed = :feed")
                .param("feed", feedName).query(Long.class).single();
        long passed = System.currentTimeMillis() + 15_000;
        while (position(feedName) < poison && System.currentTimeMillis() < passed) {
            Thread.sleep(200); // until the cursor is past it: only the parking can bring it back now
            feed.drain();
        }
        assertThat(position(feedName)).isGreaterThanOrEqualTo(poison);
        assertThat(handled).doesNotContain("poison-" + run);
        assertThat(backlog(tenant, feedName).retrying()).as("the parked event keeps the feed behind").isEqualTo(1);
        assertThat(backlog(tenant, feedName).caughtUp()).isFalse();

        failing.set(false);
        jdbc.sql("UPDATE capture_feed_parked SET next_attempt_at = :now WHERE feed = :feed")
                .param("now", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(1))
                .param("feed", feedName).update();
        long deadline = System.currentTimeMillis() + 15_000;
        while (!handled.contains("poison-" + run) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200); // parked events are retried at the feed's next sweep (every commit horizon)
            feed.drain();
        }

        assertThat(handled).contains("poison-" + run);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM capture_feed_parked WHERE feed = :feed").param("feed", feedName)
                .query(Long.class).single()).isZero();
        long caughtUp = System.currentTimeMillis() + 15_000;
        while (!backlog(tenant, feedName).caughtUp() && System.currentTimeMillis() < caughtUp) {
            Thread.sleep(200); // the cursor passes the last event once it is older than the commit horizon
            feed.drain();
        }
        assertThat(backlog(tenant, feedName)).as("caught up: nothing unread, nothing to retry")
                .returns(0L, CaptureFeeds.Backlog::unread).returns(0L, CaptureFeeds.Backlog::retrying);
    }

    private CaptureFeeds.Backlog backlog(UUID tenant, String feed) {
        return feeds.backlog(tenant).stream().filter(b -> b.feed().equals(feed)).findFirst().orElseThrow();
    }

    private long position(String feed) {
        return jdbc.sql("SELECT position FROM capture_feed WHERE name = :feed").param("feed", feed)
                .query(Long.class).single();
    }

    private static EventRecorder.NewEvent event(String id) {
        return new EventRecorder.NewEvent(id, "test.parking", Instant.now(), null, null, null, "{}");
    }
}
