package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;

/**
 * The Gaussian prior N(0, 1/λ) on every parameter (the prior of MAP training's weight decay,
 * docs/design.md), with the closed-form KL of {@link GaussianKl}.
 *
 * @param precision λ &gt; 0
 */
public record GaussianPrior(double precision) implements Prior {
    static final String NAME = "gaussian";

    public GaussianPrior {
        ViMethod.PRIOR_PRECISION.check(precision);
    }

    /** The prior standard deviation 1/√λ. */
    public double sigma() {
        return 1 / Math.sqrt(precision);
    }

    @Override
    public boolean closedForm() {
        return true;
    }

    @Override
    public NDArray klTerms(NDArray mu, NDArray sigma, NDArray epsilon) {
        return GaussianKl.terms(mu, sigma, precision);
    }

    @Override
    public String cliName() {
        return NAME;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", NAME);
        o.addProperty("precision", precision);
        return o;
    }
}
