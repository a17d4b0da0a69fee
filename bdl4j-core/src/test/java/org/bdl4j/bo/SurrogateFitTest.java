package org.bdl4j.bo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * The surrogate's defaults on the few points of a Bayesian optimisation start: the surrogate must follow
 * the points (a deterministic objective has no noise to explain them away) and stay uncertain away from
 * them. Under the library's general prior N(0, 1) (weight decay λ/N, λ = 1) the ensemble fitted to these
 * 10 Branin points explained them as noise (σ 0.34 in standardised units, an epistemic spread of about
 * 0.01 everywhere), and expected improvement then crept along the box's edge.
 */
class SurrogateFitTest {
    /** Ten points of a Branin run (its 6-point Latin-hypercube start and four points near the corner (10, 0)). */
    private static final double[][] POINTS = {{0.624, 14.699}, {-1.330, 3.316}, {-4.180, 1.548}, {7.836, 6.893},
        {3.533, 9.186}, {5.259, 10.267}, {9.996, 0.310}, {10.000, 0.000}, {10.000, 0.015}, {9.984, 0.000}};

    @Test
    void theEnsembleSurrogateFollowsItsPointsAndIsUncertainAwayFromThem() {
        RegressionPredictive p = fitAndPredict(BayesianOptimizer.surrogateOptions(OptionValues.empty()));
        // The noise the surrogate fitted, in the transformed values' units (their standard deviation is 1).
        assertThat(Math.sqrt(p.aleatoricVariance()[0])).isLessThan(0.1);
        assertThat(Math.sqrt(maxOf(p.epistemicVariance()))).isGreaterThan(0.05);
    }

    /** The same points under the library's general prior (what the default replaced) are explained as noise. */
    @Test
    void underTheGeneralPriorTheSameSurrogateExplainsThePointsAsNoise() {
        RegressionPredictive p = fitAndPredict(BayesianOptimizer.surrogateOptions(
                OptionValues.empty().with(TrainingOptions.PRIOR_PRECISION, 1.0)));
        assertThat(Math.sqrt(p.aleatoricVariance()[0])).isGreaterThan(0.2);
        assertThat(Math.sqrt(maxOf(p.epistemicVariance()))).isLessThan(0.05);
    }

    /** Fits a 5-member ensemble as the optimiser does (unit cube, power-transformed values), predicts a 11x11 grid. */
    private static RegressionPredictive fitAndPredict(OptionValues surrogate) {
        TestFunction f = TestFunction.BRANIN;
        double[] y = new double[POINTS.length];
        List<double[]> xs = new ArrayList<>();
        for (int i = 0; i < POINTS.length; i++) {
            y[i] = f.evaluate(POINTS[i]);
            xs.add(f.box().toUnit(POINTS[i]));
        }
        PowerTransform t = PowerTransform.fit(y);
        List<Double> ys = new ArrayList<>();
        for (double v : y) {
            ys.add(t.apply(v));
        }
        PosteriorMethod ensemble = Methods.get("ensemble");
        OptionValues options = surrogate.withAll(Methods.parseOptions(Map.of("members", "5", "seed", "7"),
                List.of(ensemble)));
        int g = 11;
        float[] grid = new float[g * g * 2];
        for (int a = 0; a < g; a++) {
            for (int b = 0; b < g; b++) {
                grid[(a * g + b) * 2] = a / (float) (g - 1);
                grid[(a * g + b) * 2 + 1] = b / (float) (g - 1);
            }
        }
        try (Posterior post = Methods.fit(ensemble,
                FitRequest.fromOptions(BayesianOptimizer.table(xs, ys), null, options).build())) {
            return post.predictRegression(Dataset.unlabeled(grid, g * g, new int[] {2}, List.of("x1", "x2")));
        }
    }

    private static double maxOf(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
