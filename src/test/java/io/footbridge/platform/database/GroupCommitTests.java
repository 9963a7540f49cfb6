package io.footbridge.platform.database;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTests {

    private final GroupCommit group = new GroupCommit();

    @Test
    void aCallerReturnsOnlyAfterAStoreThatBeganAfterItAsked() throws Exception {
        // "committed" counts the writes; a store records how many it saw when it began
        AtomicLong committed = new AtomicLong();
        AtomicLong storedUpTo = new AtomicLong();
        AtomicInteger stores = new AtomicInteger();
        GroupCommit.Store store = () -> {
            long seen = committed.get();
            stores.incrementAndGet();
            sleep(2);
            storedUpTo.accumulateAndGet(seen, Math::max);
        };
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> callers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                callers.add(pool.submit(() -> {
                    for (int n = 0; n < 50; n++) {
                        long mine = committed.incrementAndGet();
                        group.awaitStored(store);
                        if (storedUpTo.get() < mine) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> caller : callers) {
                assertThat(caller.get(60, TimeUnit.SECONDS)).as("a caller returned before its write was stored")
                        .isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        // 800 commits shared far fewer stores: that is the point of grouping them
        assertThat(stores.get()).isLessThan(800);
    }

    @Test
    void aCallerWhoseStoreFailedIsToldSoAndTheNextStoreCountsAgain() throws Exception {
        assertThatThrownBy(() -> group.awaitStored(() -> {
            throw new SQLException("disk full");
        })).isInstanceOf(SQLException.class).hasRootCauseMessage("disk full");

        AtomicInteger stores = new AtomicInteger();
        group.awaitStored(stores::incrementAndGet);
        assertThat(stores.get()).isEqualTo(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
