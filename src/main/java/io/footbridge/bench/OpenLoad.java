package io.footbridge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many clients sending requests for a while. With a rate, each client sends on a fixed schedule and latency counts
 * from the scheduled moment, so a slow answer is not hidden by the client waiting for it (coordinated omission).
 * Without one, clients send back to back.
 */
public final class OpenLoad {

    /** One request by one client; true when it got the answer it should. */
    public interface Request {
        boolean send(int client) throws Exception;
    }

    /** Latencies of the answered requests in nanoseconds, sorted, and how many got a wrong answer. */
    public record Result(long[] latencies, long failures) {

        public double percentile(int p) {
            if (latencies.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, index)] / 1e6;
        }

        public double max() {
            return latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6;
        }
    }

    private OpenLoad() {
    }

    public static Result run(int clients, int seconds, int rate, Request request) throws Exception {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long interval = rate > 0 ? (long) (clients * 1e9 / rate) : 0;
        List<long[]> perClient = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int c = client;
                long offset = interval == 0 ? 0 : interval * c / clients;
                futures.add(pool.submit(() -> {
                    long[] samples = new long[1024];
                    int n = 0;
                    long scheduled = start + offset;
                    while (System.nanoTime() < end) {
                        if (interval > 0) {
                            long wait = scheduled - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                        long t0 = interval > 0 ? scheduled : System.nanoTime();
                        scheduled += interval;
                        boolean ok = request.send(c);
                        long took = System.nanoTime() - t0;
                        if (!ok) {
                            failures.incrementAndGet();
                            continue;
                        }
                        if (n == samples.length) {
                            samples = Arrays.copyOf(samples, n * 2);
                        }
                        samples[n++] = took;
                    }
                    return Arrays.copyOf(samples, n);
                }));
            }
            for (Future<long[]> future : futures) {
                perClient.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return new Result(all, failures.get());
    }
}
