package io.footbridge.analytics.clv;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

import java.util.Arrays;

/** Maximum likelihood over log-parameters, so every parameter stays positive without constraints. */
final class Fitting {

    private Fitting() {
    }

    /**
     * The log-parameters that maximise {@code logLikelihood}, from all zeros (every parameter 1). Nelder–Mead needs no
     * gradient; it is restarted from its own answer until that stops moving, the usual guard against a simplex that
     * collapsed early.
     */
    static double[] maximise(MultivariateFunction logLikelihood, int parameters) {
        MultivariateFunction bounded = p -> {
            for (double v : p) {
                // ln-parameters beyond ±30 mean a parameter outside 1e-13 … 1e13: no model of shoppers needs that
                if (Math.abs(v) > 30) {
                    return Double.NEGATIVE_INFINITY;
                }
            }
            return logLikelihood.value(p);
        };
        double[] start = new double[parameters];
        double previous = Double.NEGATIVE_INFINITY;
        for (int round = 0; round < 20; round++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-10);
            PointValuePair best = optimizer.optimize(new MaxEval(200_000), new ObjectiveFunction(bounded),
                    GoalType.MAXIMIZE, new InitialGuess(start), new NelderMeadSimplex(parameters, 0.5));
            start = best.getPoint();
            if (Math.abs(best.getValue() - previous) < 1e-9 * Math.max(1, Math.abs(best.getValue()))) {
                break;
            }
            previous = best.getValue();
        }
        return start;
    }

    static double[] exp(double[] logParams) {
        return Arrays.stream(logParams).map(Math::exp).toArray();
    }
}
