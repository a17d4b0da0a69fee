package org.bdl4j.laplace;

import java.util.Arrays;
import java.util.function.Function;
import org.bdl4j.math.Vectors;
import org.bdl4j.metrics.ClassificationMetrics;
import org.bdl4j.metrics.PairedComparison;
import org.bdl4j.metrics.RegressionMetrics;

/**
 * The grid search of {@link PriorPrecision#gridSearch}: the λ of the grid whose predictive has the
 * smallest mean negative log-likelihood on the validation table, the first (smallest λ) of ties.
 * Classification: (1/n) Σ -log p(y_i) ({@link ClassificationMetrics#nll}); regression: the Gaussian
 * NLL with the total (aleatoric + epistemic) variance ({@link RegressionMetrics#gaussianNll}).
 */
final class PriorGridSearch {
    private PriorGridSearch() {}

    /**
     * {@code evidenceLambda} unless the grid's best λ predicts the validation rows significantly better:
     * mean(d) &gt; 2 SE(d) for the paired per-row differences d_i = NLL_i(evidence) − NLL_i(grid)
     * ({@link PairedComparison}). The evidence's λ is evaluated with the grid's, in one call.
     */
    static double checked(double evidenceLambda, PriorPrecision.GridSearch search,
            Function<double[], double[][]> rowNll) {
        double[] grid = search.grid();
        double[] candidates = Arrays.copyOf(grid, grid.length + 1);
        candidates[grid.length] = evidenceLambda;
        double[][] nll = rowNll.apply(candidates);
        int best = best(grid, nll);
        return PairedComparison.clearlyLower(nll[best], nll[grid.length]) ? grid[best] : evidenceLambda;
    }

    /** @param rowNll the per-row validation NLLs [k][row] of the posterior's predictive at each scalar λ_k */
    static double choose(PriorPrecision.GridSearch search, Function<double[], double[][]> rowNll) {
        double[] grid = search.grid();
        return grid[best(grid, rowNll.apply(grid))];
    }

    /** The index of the grid λ with the smallest finite mean NLL, the first of ties. */
    private static int best(double[] grid, double[][] nll) {
        int best = -1;
        double bestNll = Double.POSITIVE_INFINITY;
        for (int k = 0; k < grid.length; k++) {
            double mean = Vectors.mean(nll[k]);
            if (mean < bestNll) {
                bestNll = mean;
                best = k;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no prior precision of the grid gives a finite validation NLL");
        }
        return best;
    }
}
