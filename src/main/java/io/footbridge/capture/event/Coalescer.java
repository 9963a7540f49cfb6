package io.footbridge.capture.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Lets callers that arrive at the same moment share one write (a group commit): each caller queues its item and
 * waits; one writer thread takes whatever has queued up, up to {@code maxGroup} items, writes them together and
 * answers each caller with its own result. A group forms while the previous write is under way, so a lone caller
 * waits for nothing but its own write; {@code linger} may hold a group open a little longer for more to join.
 *
 * <p>A group that fails with an error {@code splitOn} accepts (one item breaking a constraint) is written again one
 * item at a time, so only the item at fault fails; any other error fails the whole group, as it would have failed
 * each caller alone. After {@link #close()} the queue is written out and later callers write alone, on their own
 * thread.
 */
final class Coalescer<T, R> implements AutoCloseable {

    /** Writes a group; answers one result per item, in order. Must be all or nothing (one transaction). */
    @FunctionalInterface
    interface Writer<T, R> {
        List<R> write(List<T> group);
    }

    private record Pending<T, R>(T item, CompletableFuture<R> answer) {
    }

    private static final Logger log = LoggerFactory.getLogger(Coalescer.class);

    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Writer<T, R> writer;
    private final Predicate<Throwable> splitOn;
    private final int maxGroup;
    private final long lingerNanos;
    private final Thread thread;
    private volatile boolean closed;

    Coalescer(String name, int maxGroup, Duration linger, Predicate<Throwable> splitOn, Writer<T, R> writer) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.writer = writer;
        this.splitOn = splitOn;
        this.maxGroup = maxGroup;
        this.lingerNanos = linger.toNanos();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Writes the item with whatever else arrives now; returns once the group is written, or throws its error. */
    R submit(T item) {
        if (closed) {
            return writer.write(List.of(item)).get(0);
        }
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        queue.add(pending);
        // the writer may have seen an empty queue and stopped just before this item came in
        if (closed && queue.remove(pending)) {
            return writer.write(List.of(item)).get(0);
        }
        try {
            return pending.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Callers waiting for a group to take them. */
    int queued() {
        return queue.size();
    }

    /** Writes out what is queued, then stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        List<Pending<T, R>> group = new ArrayList<>(maxGroup);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                if (lingerNanos > 0 && group.size() < maxGroup) {
                    long until = System.nanoTime() + lingerNanos;
                    for (long left = lingerNanos; left > 0 && group.size() < maxGroup;
                         left = until - System.nanoTime()) {
                        Pending<T, R> more = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (more == null) {
                            break;
                        }
                        group.add(more);
                        queue.drainTo(group, maxGroup - group.size());
                    }
                }
                write(group);
            } catch (InterruptedException e) {
                // only close() ends the loop: callers are waiting for what is queued
                Thread.interrupted();
                if (!group.isEmpty()) {
                    write(group);
                }
            } catch (Throwable unexpected) {
                log.error("The group writer failed outside a write", unexpected);
                group.forEach(p -> p.answer().completeExceptionally(unexpected));
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending<T, R>> group) {
        List<R> results;
        try {
            results = writer.write(group.stream().map(Pending::item).toList());
        } catch (Throwable failure) {
            if (group.size() > 1 && splitOn.test(failure)) {
                group.forEach(this::writeAlone);
            } else {
                group.forEach(p -> p.answer().completeExceptionally(failure));
            }
            return;
        }
        if (results.size() != group.size()) {
            IllegalStateException wrong = new IllegalStateException("the writer answered " + results.size()
                    + " results for " + group.size() + " items");
            group.forEach(p -> p.answer().completeExceptionally(wrong));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answer().complete(results.get(i));
        }
    }

    private void writeAlone(Pending<T, R> pending) {
        try {
            pending.answer().complete(writer.write(List.of(pending.item())).get(0));
        } catch (Throwable failure) {
            pending.answer().completeExceptionally(failure);
        }
    }
}
