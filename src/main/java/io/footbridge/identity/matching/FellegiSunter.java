package io.footbridge.identity.matching;

import java.util.Map;

/**
 * The Fellegi-Sunter model: for each field and agreement level, how likely that level is among true matches (m)
 * and among non-matches (u), estimated from the candidate pairs themselves by expectation-maximisation under the
 * usual assumption that fields agree independently given the match status.
 */
final class FellegiSunter {

    private static final double FLOOR = 1e-6;
    /** Pseudo-pairs for the starting values, so a small file cannot drive the estimates to 0 or 1. */
    private static final double PSEUDO_PAIRS = 20;
    private static final double[] M_START = {1, 0.90, 0.07, 0.03};
    private static final double[] U_START = {1, 0.05, 0.10, 0.85};

    private final double[][] m = new double[Fields.COUNT][Fields.LEVELS];
    private final double[][] u = new double[Fields.COUNT][Fields.LEVELS];
    private double prior;
    private int iterations;

    private FellegiSunter() {
    }

    /** @param counts how many candidate pairs show each comparison pattern */
    static FellegiSunter estimate(Map<Integer, Long> counts) {
        FellegiSunter model = new FellegiSunter();
        model.prior = 0.1;
        for (int f = 0; f < Fields.COUNT; f++) {
            model.m[f] = M_START.clone();
            model.u[f] = U_START.clone();
        }
        int n = counts.size();
        int[] patterns = new int[n];
        double[] weights = new double[n];
        int k = 0;
        for (var entry : counts.entrySet()) {
            patterns[k] = entry.getKey();
            weights[k++] = entry.getValue();
        }
        int[][] levels = new int[n][Fields.COUNT];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < Fields.COUNT; f++) {
                levels[i][f] = Fields.level(patterns[i], f);
            }
        }
        for (int iteration = 0; iteration < 200 && n > 0; iteration++) {
            double[][] mSum = new double[Fields.COUNT][Fields.LEVELS];
            double[][] uSum = new double[Fields.COUNT][Fields.LEVELS];
            for (int f = 0; f < Fields.COUNT; f++) {
                for (int l = 1; l < Fields.LEVELS; l++) {
                    mSum[f][l] = PSEUDO_PAIRS * model.prior * M_START[l];
                    uSum[f][l] = PSEUDO_PAIRS * (1 - model.prior) * U_START[l];
                }
            }
            double matches = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                double g = model.probability(levels[i]);
                matches += weights[i] * g;
                total += weights[i];
                for (int f = 0; f < Fields.COUNT; f++) {
                    mSum[f][levels[i][f]] += weights[i] * g;
                    uSum[f][levels[i][f]] += weights[i] * (1 - g);
                }
            }
            double change = Math.abs(model.prior - matches / total);
            model.prior = Math.min(1 - FLOOR, Math.max(FLOOR, matches / total));
            for (int f = 0; f < Fields.COUNT; f++) {
                double mSeen = mSum[f][1] + mSum[f][2] + mSum[f][3];
                double uSeen = uSum[f][1] + uSum[f][2] + uSum[f][3];
                for (int l = 1; l < Fields.LEVELS; l++) {
                    double mNew = mSeen == 0 ? model.m[f][l] : Math.max(FLOOR, mSum[f][l] / mSeen);
                    double uNew = uSeen == 0 ? model.u[f][l] : Math.max(FLOOR, uSum[f][l] / uSeen);
                    change = Math.max(change, Math.abs(mNew - model.m[f][l]) + Math.abs(uNew - model.u[f][l]));
                    model.m[f][l] = mNew;
                    model.u[f][l] = uNew;
                }
            }
            model.iterations = iteration + 1;
            if (change < 1e-7) {
                break;
            }
        }
        return model;
    }

    double probability(int pattern) {
        int[] levels = new int[Fields.COUNT];
        for (int f = 0; f < Fields.COUNT; f++) {
            levels[f] = Fields.level(pattern, f);
        }
        return probability(levels);
    }

    private double probability(int[] levels) {
        // in log space: eight small factors multiply to numbers that underflow nothing but lose precision
        double logM = Math.log(prior);
        double logU = Math.log(1 - prior);
        for (int f = 0; f < Fields.COUNT; f++) {
            if (levels[f] > 0) {
                logM += Math.log(m[f][levels[f]]);
                logU += Math.log(u[f][levels[f]]);
            }
        }
        double diff = logU - logM;
        return diff > 700 ? 0 : 1 / (1 + Math.exp(diff));
    }

    /** The estimated parameters, for the report. */
    String describe() {
        StringBuilder text = new StringBuilder(String.format("EM: %d iterations, match share among candidate pairs"
                + " %.4f%n", iterations, prior));
        for (int f = 0; f < Fields.COUNT; f++) {
            text.append(String.format("  %-10s m=%.3f/%.3f/%.3f  u=%.4f/%.4f/%.4f%n", Fields.NAMES[f], m[f][1],
                    m[f][2], m[f][3], u[f][1], u[f][2], u[f][3]));
        }
        return text.toString();
    }
}
