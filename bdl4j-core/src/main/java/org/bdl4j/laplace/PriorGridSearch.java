package org.bdl4j.laplace;

import java.util.function.DoubleFunction;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.bdl4j.metrics.ClassificationMetrics;
import org.bdl4j.metrics.RegressionMetrics;

/**
 * The grid search of {@link PriorPrecision#gridSearch}: the λ of the grid whose predictive has the
 * smallest mean negative log-likelihood on the validation table, the first (smallest λ) of ties.
 * Classification: (1/n) Σ -log p(y_i) ({@link ClassificationMetrics#nll}); regression: the Gaussian
 * NLL with the total (aleatoric + epistemic) variance ({@link RegressionMetrics#gaussianNll}).
 */
final class PriorGridSearch {
    private PriorGridSearch() {}

    /** @param predictiveAt the posterior's predictive on the validation rows with the scalar prior λ */
    static double choose(PriorPrecision.GridSearch search, DoubleFunction<Predictive> predictiveAt) {
        double best = Double.NaN;
        double bestNll = Double.POSITIVE_INFINITY;
        for (double lambda : search.grid()) {
            double nll = nll(predictiveAt.apply(lambda), search.validation());
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

    /** The mean NLL of {@code p} on the targets of {@code validation}. */
    static double nll(Predictive p, Dataset validation) {
        if (p instanceof RegressionPredictive r) {
            return RegressionMetrics.gaussianNll(r.mean(), r.totalVariance(),
                    Floats.toDoubles(validation.targets()));
        }
        return ClassificationMetrics.nll(p.asClassification().probabilities(), validation.labels());
    }
}
