package org.bdl4j.laplace;

import java.util.function.DoubleFunction;
import org.bdl4j.Predictive;
import org.bdl4j.metrics.ClassificationMetrics;
import org.bdl4j.metrics.PairedComparison;
import org.bdl4j.metrics.PredictiveReports;
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
     * ({@link PairedComparison}).
     */
    static double checked(double evidenceLambda, PriorPrecision.GridSearch search,
            DoubleFunction<Predictive> predictiveAt) {
        double gridLambda = choose(search, predictiveAt);
        double[] atEvidence = PredictiveReports.rowNll(predictiveAt.apply(evidenceLambda), search.validation());
        double[] atGrid = PredictiveReports.rowNll(predictiveAt.apply(gridLambda), search.validation());
        return PairedComparison.clearlyLower(atGrid, atEvidence) ? gridLambda : evidenceLambda;
    }

    /** @param predictiveAt the posterior's predictive on the validation rows with the scalar prior λ */
    static double choose(PriorPrecision.GridSearch search, DoubleFunction<Predictive> predictiveAt) {
        double best = Double.NaN;
        double bestNll = Double.POSITIVE_INFINITY;
        for (double lambda : search.grid()) {
            double nll = PredictiveReports.meanNll(predictiveAt.apply(lambda), search.validation());
            if (nll < bestNll) {
                bestNll = nll;
                best = lambda;
            }
        }
        if (Double.isNaN(best)) {
            throw new IllegalStateException("no prior precision of the grid gives a finite validation NLL");
        }
        return best;
    }

}
