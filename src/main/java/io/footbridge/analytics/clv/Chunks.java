package io.footbridge.analytics.clv;

import java.util.stream.IntStream;

/**
 * A likelihood's sum over a million customers' histories, cut into fixed chunks that the common pool may add up side
 * by side. The chunks and the order their sums are added in do not depend on the threads, so a fit gives the same
 * result on any machine; data of one chunk (the CDNOW file) is summed in order on the caller's thread as before.
 */
final class Chunks {

    static final int SIZE = 1 << 16;

    /** Adds up [from, to) of a range. */
    interface Part {
        double sum(int from, int to);
    }

    private Chunks() {
    }

    static int count(int size) {
        return Math.max(1, (size + SIZE - 1) / SIZE);
    }

    static double sum(int size, Part part) {
        int count = count(size);
        if (count == 1) {
            return part.sum(0, size);
        }
        double[] sums = new double[count];
        IntStream.range(0, count).parallel().forEach(c -> sums[c] = part.sum(c * SIZE, Math.min(size, (c + 1) * SIZE)));
        double sum = 0;
        for (double s : sums) {
            sum += s;
        }
        return sum;
    }
}
