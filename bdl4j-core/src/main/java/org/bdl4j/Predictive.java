package org.bdl4j;

/**
 * The posterior predictive distribution p(y | x, D) = ∫ p(y | x, θ) p(θ | D) dθ at a batch of inputs,
 * as the approximating method gives it. Results are plain Java arrays: they outlive the native
 * memory of the posterior that made them.
 */
public sealed interface Predictive permits ClassificationPredictive, RegressionPredictive {

    /** The number of input rows. */
    int size();

    /** This predictive as a classification one, or an error saying it is a regression one. */
    default ClassificationPredictive asClassification() {
        if (this instanceof ClassificationPredictive c) {
            return c;
        }
        throw new IllegalStateException("this is a regression predictive, not a classification one");
    }

    /** This predictive as a regression one, or an error saying it is a classification one. */
    default RegressionPredictive asRegression() {
        if (this instanceof RegressionPredictive r) {
            return r;
        }
        throw new IllegalStateException("this is a classification predictive, not a regression one");
    }
}
