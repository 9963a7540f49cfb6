package io.footbridge.capture.event;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescerTest {

    /** Stands for a constraint violation: the group is written again one by one. */
    private static final class Broken extends RuntimeException {
        Broken(String message) {
            super(message);
        }
    }

    /** Records every group it writes; holds the first write until released, so that others queue up behind it. */
    private static final class Recording implements Coalescer.Writer<Integer, String> {
        final List<List<Integer>> groups = new CopyOnWriteArrayList<>();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<String> write(List<Integer> group) {
            groups.add(List.copyOf(group));
            if (groups.size() == 1) {
                firstStarted.countDown();
                await(release);
            }
            if (group.contains(POISON)) {
                throw group.size() > 1 ? new Broken("the poison breaks the group") : new Broken("the poison alone");
            }
            if (group.contains(-1)) {
                throw new IllegalStateException("the database is gone");
            }
            return group.stream().map(i -> "written " + i).toList();
        }
    }

    /** The one item that breaks a constraint. */
    private static final int POISON = 1013;

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @Test
    void callersArrivingWhileAWriteIsUnderWayShareTheNextWriteAndEachGetsItsOwnAnswer() throws Exception {
        Recording writer = new Recording();
        try (var coalescer = new Coalescer<>("test", 100, Duration.ZERO, Broken.class::isInstance, writer)) {
            Future<String> first = callers.submit(() -> coalescer.submit(0));
            assertThat(writer.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> answers = submitAll(coalescer, 1, 30);
            awaitQueued(coalescer, answers);
            assertThat(first.isDone()).as("answered before its write returned").isFalse();
            writer.release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("written 0");
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("written " + (i + 1));
            }
            assertThat(writer.groups).hasSize(2);
            assertThat(writer.groups.get(1)).hasSize(30);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aGroupIsNeverLargerThanItsLimit() throws Exception {
        Recording writer = new Recording();
        try (var coalescer = new Coalescer<>("test", 8, Duration.ZERO, Broken.class::isInstance, writer)) {
            Future<String> first = callers.submit(() -> coalescer.submit(0));
            assertThat(writer.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> answers = submitAll(coalescer, 1, 20);
            awaitQueued(coalescer, answers);
            writer.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<String> answer : answers) {
                answer.get(10, TimeUnit.SECONDS);
            }
            assertThat(writer.groups.subList(1, writer.groups.size())).allSatisfy(g -> assertThat(g).hasSizeLessThanOrEqualTo(8))
                    .hasSize(3);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anItemThatBreaksAConstraintFailsAloneAndItsNeighboursAreWritten() throws Exception {
        Recording writer = new Recording();
        try (var coalescer = new Coalescer<>("test", 100, Duration.ZERO, Broken.class::isInstance, writer)) {
            Future<String> first = callers.submit(() -> coalescer.submit(0));
            assertThat(writer.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> answers = submitAll(coalescer, 1010, 16);
            awaitQueued(coalescer, answers);
            writer.release.countDown();
            first.get(10, TimeUnit.SECONDS);

            for (int i = 0; i < answers.size(); i++) {
                int item = 1010 + i;
                if (item == POISON) {
                    assertThatThrownBy(() -> answers.get(3).get(10, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(Broken.class).hasMessageContaining("the poison alone");
                } else {
                    assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("written " + item);
                }
            }
            // the group of sixteen, then each of them alone
            assertThat(writer.groups).hasSize(2 + 16);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anyOtherFailureFailsTheWholeGroupWithoutWritingEachAgain() throws Exception {
        Recording writer = new Recording();
        try (var coalescer = new Coalescer<>("test", 100, Duration.ZERO, Broken.class::isInstance, writer)) {
            Future<String> first = callers.submit(() -> coalescer.submit(0));
            assertThat(writer.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> answers = new ArrayList<>(submitAll(coalescer, 1, 3));
            answers.add(callers.submit(() -> coalescer.submit(-1)));
            awaitQueued(coalescer, answers);
            writer.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<String> answer : answers) {
                assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("database is gone");
            }
            assertThat(writer.groups).hasSize(2);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void closingWritesOutWhatIsQueuedAndLaterCallersWriteAlone() throws Exception {
        Recording writer = new Recording();
        var coalescer = new Coalescer<>("test", 100, Duration.ZERO, Broken.class::isInstance, writer);
        try {
            Future<String> first = callers.submit(() -> coalescer.submit(0));
            assertThat(writer.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> answers = submitAll(coalescer, 1, 5);
            awaitQueued(coalescer, answers);
            Future<?> closed = callers.submit(() -> {
                coalescer.close();
                return null;
            });
            writer.release.countDown();
            closed.get(10, TimeUnit.SECONDS);
            assertThat(first.get(1, TimeUnit.SECONDS)).isEqualTo("written 0");
            for (Future<String> answer : answers) {
                assertThat(answer.get(1, TimeUnit.SECONDS)).startsWith("written");
            }
            assertThat(coalescer.submit(99)).isEqualTo("written 99");
            assertThat(writer.groups.get(writer.groups.size() - 1)).containsExactly(99);
        } finally {
            coalescer.close();
            callers.shutdownNow();
        }
    }

    private List<Future<String>> submitAll(Coalescer<Integer, String> coalescer, int from, int count) {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            int item = i;
            answers.add(callers.submit(() -> coalescer.submit(item)));
        }
        return answers;
    }

    /** Waits until the callers queue behind the held write: none of them can be answered before it is released. */
    private static void awaitQueued(Coalescer<Integer, String> coalescer, List<Future<String>> answers)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (coalescer.queued() < answers.size() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(coalescer.queued()).isEqualTo(answers.size());
        assertThat(answers).noneMatch(Future::isDone);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
