package io.footbridge.analytics.clv;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

import java.util.Arrays;

/** Maximum likelihood over log-parameters, so every parameter stays positive without constraints. */
final class Fitting {

    private Fitting() {
    }

    /**
     * The log-parameters that maximise {@code logLikelihood}, from all zeros (every parameter 1). BOBYQA (Powell's
     * quadratic models within a trust region) gets close in a few hundred evaluations where Nelder–Mead needs
     * thousands; Nelder–Mead then restarts from its answer until the likelihood stops moving, a guard against a
     * quadratic model that settled early on a flat ridge.
     */
    static double[] maximise(MultivariateFunction logLikelihood, int parameters) {
        MultivariateFunction bounded = p -> {
            for (double v : p) {
                // ln-parameters beyond ±30 mean a parameter outside 1e-13 … 1e13: no model of shoppers needs that
                if (Math.abs(v) > 30) {
                    return Double.NEGATIVE_INFINITY;
                }
            }
            double value = logLikelihood.value(p);
            // BOBYQA's quadratic models need finite values; a very bad one steers it away just as well
            return Double.isFinite(value) ? value : -1e300;
        };
        double[] lower = new double[parameters];
        double[] upper = new double[parameters];
        Arrays.fill(lower, -30);
        Arrays.fill(upper, 30);
        PointValuePair quadratic = new BOBYQAOptimizer(2 * parameters + 1, 0.5, 1e-8).optimize(new MaxEval(100_000),
                new ObjectiveFunction(bounded), GoalType.MAXIMIZE, new InitialGuess(new double[parameters]),
                new SimpleBounds(lower, upper));
        double[] start = quadratic.getPoint();
        double previous = quadratic.getValue();
        for (int round = 0; round < 20; round++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-10);
            PointValuePair best = optimizer.optimize(new MaxEval(200_000), new ObjectiveFunction(bounded),
                    GoalType.MAXIMIZE, new InitialGuess(start), new NelderMeadSimplex(parameters, 0.01));
            if (best.getValue() >= previous) {
                start = best.getPoint();
            }
            if (Math.abs(best.getValue() - previous) < 1e-9 * Math.max(1, Math.abs(best.getValue()))) {
                break;
            }
            previous = Math.max(previous, best.getValue());
        }
        return start;
    }

    static double[] exp(double[] logParams) {
        return Arrays.stream(logParams).map(Math::exp).toArray();
    }
}
