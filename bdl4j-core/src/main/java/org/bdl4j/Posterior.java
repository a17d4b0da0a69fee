package org.bdl4j;

import java.io.IOException;
import java.nio.file.Path;
import org.bdl4j.data.Dataset;

/**
 * An approximation q(θ) of the posterior over a network's weights, p(θ | D) ∝ p(D | θ) p(θ), and
 * the predictive it implies, p(y | x, D) ≈ ∫ p(y | x, θ) q(θ) dθ.
 *
 * <p>The one contract every method of bdl4j meets (MAP as a point mass, MC dropout, ensembles,
 * Laplace, VI, SWAG, MCMC), so that metrics, calibration, conformal prediction, OOD detection and
 * the command line treat them alike. A posterior owns native memory: close it.
 */
public interface Posterior extends AutoCloseable {

    /** The method's command-line name, e.g. {@code map}, {@code laplace}. */
    String method();

    /** What the model takes and returns: feature names and shape, classes, standardisation. */
    ModelSchema schema();

    /**
     * How the model came to be: when, with which software, on which data, with which settings (saved
     * with the model).
     */
    Provenance provenance();

    /**
     * The predictive at the rows of {@code inputs}, given in the user's original units (the schema's
     * standardisation is applied inside; regression results come back in the target's units). A
     * target column in {@code inputs}, if any, is ignored.
     *
     * @throws IllegalArgumentException if the inputs do not have the schema's features
     */
    Predictive predict(Dataset inputs);

    /** {@link #predict} for a classification posterior. */
    default ClassificationPredictive predictClasses(Dataset inputs) {
        return predict(inputs).asClassification();
    }

    /** {@link #predict} for a regression posterior. */
    default RegressionPredictive predictRegression(Dataset inputs) {
        return predict(inputs).asRegression();
    }

    /**
     * Saves the posterior to a model directory (a JSON manifest and its arrays), written whole or not
     * at all; {@code org.bdl4j.method.Posteriors.load} reads it back.
     */
    void save(Path directory) throws IOException;

    /** Frees the native memory; the posterior is unusable afterwards. */
    @Override
    void close();
}
