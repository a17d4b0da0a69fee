package org.bdl4j.laplace;

import org.bdl4j.options.EnumNames;

/** How a Laplace posterior predicts (laplace-torch's {@code pred_type}). */
public enum PredictionType {
    /**
     * The linearised network (generalised linear model, Immer et al. 2021):
     * f(x) ~ N(f(x, θ*), J Σ Jᵀ), with the {@link Link} for classification.
     */
    GLM,
    /**
     * The network itself at S weight samples θ_s ~ N(θ*, Σ) (Monte Carlo, seeded): the mean of
     * softmax(f(x, θ_s)), or for regression the mean and variance of f(x, θ_s).
     */
    NN;

    public String cliName() {
        return EnumNames.of(this);
    }

    public static PredictionType parse(String text) {
        return EnumNames.parse(PredictionType.class, text, "pred");
    }
}
