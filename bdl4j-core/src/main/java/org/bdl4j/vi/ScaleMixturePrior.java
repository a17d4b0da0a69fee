package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import com.google.gson.JsonObject;
import org.bdl4j.nn.Scalars;

/**
 * The scale-mixture prior of Bayes by Backprop (Blundell et al. 2015, eq. 7), the same for every
 * parameter:
 *
 * <pre>
 *   p(w) = π N(w; 0, σ1²) + (1 − π) N(w; 0, σ2²),
 * </pre>
 *
 * typically one wide component (σ1 ~ 1) and one narrow one (σ2 ≪ 1) that pulls many weights to
 * zero. KL(q ‖ p) has no closed form; {@link #klTerms} is the one-sample estimate
 *
 * <pre>
 *   log q(w) − log p(w) = −log σ − ε²/2 − log Σ_k π_k exp(−w²/(2σ_k²)) / σ_k,   w = μ + σ ε
 * </pre>
 *
 * (the ½ log 2π of both densities cancel), the log-sum-exp taken stably as max + softplus(−|c1 − c2|).
 * Components of weight 0 (π = 0 or 1) are left out, so the degenerate mixtures are exactly Gaussian.
 *
 * @param pi the weight π of the first component, in [0, 1]
 * @param sigma1 σ1 &gt; 0
 * @param sigma2 σ2 &gt; 0
 */
public record ScaleMixturePrior(double pi, double sigma1, double sigma2) implements Prior {
    static final String NAME = "mixture";

    public ScaleMixturePrior {
        ViMethod.PRIOR_PI.check(pi);
        ViMethod.PRIOR_SIGMA1.check(sigma1);
        ViMethod.PRIOR_SIGMA2.check(sigma2);
    }

    @Override
    public boolean closedForm() {
        return false;
    }

    @Override
    public NDArray klTerms(NDArray mu, NDArray sigma, NDArray epsilon) {
        if (epsilon == null) {
            throw new IllegalArgumentException("the scale-mixture KL is a Monte Carlo estimate: it needs a draw ε");
        }
        NDArray w = mu.add(sigma.mul(epsilon));
        NDArray w2 = w.square();
        NDArray logP;
        if (pi == 1 || pi == 0) {
            logP = component(w2, 1.0, pi == 1 ? sigma1 : sigma2);
        } else {
            NDArray c1 = component(w2, pi, sigma1);
            NDArray c2 = component(w2, 1 - pi, sigma2);
            logP = c1.maximum(c2).add(Activation.softPlus(c1.sub(c2).abs().neg()));
        }
        NDArray logQ = sigma.log().add(epsilon.square().mul(Scalars.like(mu, 0.5f))).neg();
        return logQ.sub(logP);
    }

    /** log(weight) − log σ_k − w²/(2σ_k²), component k's term of log p(w) + ½ log 2π. */
    private static NDArray component(NDArray w2, double weight, double sigma) {
        return w2.mul(Scalars.like(w2, (float) (-1 / (2 * sigma * sigma))))
                .add(Scalars.like(w2, (float) (Math.log(weight) - Math.log(sigma))));
    }

    @Override
    public String cliName() {
        return NAME;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", NAME);
        o.addProperty("pi", pi);
        o.addProperty("sigma1", sigma1);
        o.addProperty("sigma2", sigma2);
        return o;
    }
}
