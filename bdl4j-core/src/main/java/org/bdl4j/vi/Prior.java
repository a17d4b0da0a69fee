package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * The prior p(w) of a Bayesian network, the same for every weight and bias (docs/design.md: biases
 * included), and the KL term of the ELBO against it. The layers are given a prior (the divergence is
 * injected, as in TFP's layers), they do not hard-code one.
 *
 * <p>Where KL(q ‖ p) has a closed form ({@link GaussianPrior}) it is used. Otherwise
 * ({@link ScaleMixturePrior}) the KL is the one-sample Monte Carlo estimate of Bayes by Backprop
 * (Blundell, Cornebise, Kavukcuoglu &amp; Wierstra, ICML 2015, eq. 2):
 *
 * <pre>
 *   KL(q ‖ p) = E_q[log q(w) − log p(w)] ≈ Σ_i [log q(w_i) − log p(w_i)],   w_i = μ_i + σ_i ε_i,  ε_i ~ N(0, 1),
 * </pre>
 *
 * which is unbiased; with ε held fixed, its derivative in (μ, σ) is the pathwise gradient of the
 * same draw. The draw ε is the one the {@link Estimator} used for the layer's weights where it
 * samples them (reparameterisation; Flipout's shared perturbation) and a draw of its own otherwise
 * (local reparameterisation samples pre-activations, not weights): see {@link WeightNoise}.
 */
public sealed interface Prior permits GaussianPrior, ScaleMixturePrior {

    /** Whether {@link #klTerms} is the exact KL; if not it needs the draw ε of a weight sample. */
    boolean closedForm();

    /**
     * The KL per parameter, same shape as {@code mu}: KL(N(μ_i, σ_i²) ‖ p) in closed form, or the
     * one-sample estimate log q(w_i) − log p(w_i) at w_i = μ_i + σ_i ε_i. Differentiable in μ and σ.
     *
     * @param epsilon the standard-normal draws ε (same shape as {@code mu}); ignored, may be null, when
     *     {@link #closedForm()}
     */
    NDArray klTerms(NDArray mu, NDArray sigma, NDArray epsilon);

    /** The sum of {@link #klTerms}: KL(q ‖ p) over the given parameters, or its one-draw estimate. */
    default NDArray kl(NDArray mu, NDArray sigma, NDArray epsilon) {
        return klTerms(mu, sigma, epsilon).sum();
    }

    /** The name on the command line and in model files: {@code gaussian} or {@code mixture}. */
    String cliName();

    /** The prior's parameters as saved in a model manifest ({@link #fromJson} reads it back). */
    JsonObject toJson();

    /** The Gaussian prior N(0, 1/λ). */
    static GaussianPrior gaussian(double precision) {
        return new GaussianPrior(precision);
    }

    /** The scale mixture π N(0, σ1²) + (1 − π) N(0, σ2²). */
    static ScaleMixturePrior scaleMixture(double pi, double sigma1, double sigma2) {
        return new ScaleMixturePrior(pi, sigma1, sigma2);
    }

    /** Reads {@link #toJson}'s form; an unknown type or a bad value is an IllegalArgumentException. */
    static Prior fromJson(JsonObject json) {
        String type = json.has("type") ? json.get("type").getAsString() : "";
        return switch (type.toLowerCase(Locale.ROOT)) {
            case GaussianPrior.NAME -> new GaussianPrior(json.get("precision").getAsDouble());
            case ScaleMixturePrior.NAME -> new ScaleMixturePrior(json.get("pi").getAsDouble(),
                    json.get("sigma1").getAsDouble(), json.get("sigma2").getAsDouble());
            default -> throw new IllegalArgumentException("prior must be gaussian or mixture, found '" + type + "'");
        };
    }
}
