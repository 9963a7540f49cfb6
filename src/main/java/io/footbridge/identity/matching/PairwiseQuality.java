package io.footbridge.identity.matching;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pairwise precision, recall and F1 of a grouping against the true people. */
record PairwiseQuality(long truePairs, long foundPairs, long correctPairs) {

    static PairwiseQuality of(List<Person> people, int[] group) {
        Map<Integer, Long> groupSizes = new HashMap<>();
        Map<String, Long> truthSizes = new HashMap<>();
        Map<String, Long> cells = new HashMap<>();
        for (int i = 0; i < people.size(); i++) {
            String truth = people.get(i).truth() == null ? "\u0000" + i : people.get(i).truth();
            groupSizes.merge(group[i], 1L, Long::sum);
            truthSizes.merge(truth, 1L, Long::sum);
            cells.merge(group[i] + "\u0000" + truth, 1L, Long::sum);
        }
        return new PairwiseQuality(pairs(truthSizes), pairs(groupSizes), pairs(cells));
    }

    private static long pairs(Map<?, Long> sizes) {
        return sizes.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
    }

    double precision() {
        return foundPairs == 0 ? 1 : (double) correctPairs / foundPairs;
    }

    double recall() {
        return truePairs == 0 ? 1 : (double) correctPairs / truePairs;
    }

    double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
