package org.bdl4j.mcmc;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bdl4j.nn.Network;

/**
 * An independent zero-mean Gaussian prior on the sampled parameters, θ_i ~ N(0, 1/λ_i): the
 * potential's term (1/2) Σ_i λ_i θ_i², its gradient Λθ, and draws from it. Two families:
 *
 * <ul>
 *   <li>{@linkplain #uniform uniform}: every λ_i = λ, the prior whose mode is the weight decay λ/N the
 *       MAP network was trained with (docs/design.md);
 *   <li>{@linkplain #fanIn fan-in scaled} (Neal, "Bayesian Learning for Neural Networks", 1996, §2.2):
 *       a weight of a layer whose units each see m inputs (m = in-features, or in-channels × kernel
 *       area for a convolution) has variance s/m, a bias has variance 1. A unit's pre-activation then
 *       has prior variance about s·E[h²] + 1 whatever the width, whereas under a uniform N(0, 1) prior it
 *       grows with m: with 50 hidden units the logits' prior standard deviation is several nats, a prior
 *       that puts most of its mass on over-confident functions.
 * </ul>
 */
public final class GaussianWeightPrior {
    private final float[] precisions;
    private final SamplerPrior.Family family;
    private final double value;

    private GaussianWeightPrior(float[] precisions, SamplerPrior.Family family, double value) {
        this.precisions = precisions;
        this.family = family;
        this.value = value;
    }

    /** λ_i = λ for each of {@code parameters} parameters. */
    public static GaussianWeightPrior uniform(double lambda, int parameters) {
        float[] p = new float[parameters];
        java.util.Arrays.fill(p, (float) lambda);
        return new GaussianWeightPrior(p, SamplerPrior.Family.UNIFORM, lambda);
    }

    /**
     * Weights N(0, s/m) for fan-in m, biases N(0, 1), over {@code net}'s parameters in flat-vector
     * order ({@link org.bdl4j.nn.FlatParameters}).
     *
     * @param scale s &gt; 0
     */
    public static GaussianWeightPrior fanIn(Network net, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the fan-in prior's scale must be > 0, found " + scale);
        }
        float[] p = new float[net.parameterCount()];
        int offset = 0;
        for (Pair<String, Parameter> entry : net.block().getParameters()) {
            Parameter parameter = entry.getValue();
            long[] shape = parameter.getArray().getShape().getShape();
            int size = Math.toIntExact(parameter.getArray().size());
            double precision = 1;
            if (parameter.getType() == Parameter.Type.WEIGHT && shape.length >= 2) {
                precision = (size / shape[0]) / scale;
            }
            java.util.Arrays.fill(p, offset, offset + size, (float) precision);
            offset += size;
        }
        return new GaussianWeightPrior(p, SamplerPrior.Family.FAN_IN, scale);
    }

    /** Adds Λθ to {@code grad} and returns (1/2) θᵀΛθ. */
    double addTo(float[] theta, float[] grad) {
        double sum = 0;
        for (int i = 0; i < theta.length; i++) {
            float lt = precisions[i] * theta[i];
            grad[i] += lt;
            sum += (double) lt * theta[i];
        }
        return 0.5 * sum;
    }

    /** A draw θ ~ N(0, Λ⁻¹); needs every λ_i &gt; 0. */
    float[] draw(SplittableRandom rng) {
        float[] theta = new float[precisions.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) (rng.nextGaussian() / Math.sqrt(precisions[i]));
        }
        return theta;
    }

    /** Whether every λ_i &gt; 0 (the prior is a proper distribution one can draw from). */
    boolean proper() {
        for (float p : precisions) {
            if (!(p > 0)) {
                return false;
            }
        }
        return true;
    }

    /** The number of parameters. */
    public int size() {
        return precisions.length;
    }

    /** λ_i (a copy). */
    public float[] precisions() {
        return precisions.clone();
    }

    /** Which family. */
    public SamplerPrior.Family family() {
        return family;
    }

    /** λ for the uniform family, s for the fan-in family. */
    public double value() {
        return value;
    }

    /** For diagnostics and warnings: "uniform N(0, 1/λ), λ = 1" or "fan-in N(0, s/fan-in), s = 3". */
    public String describe() {
        return family == SamplerPrior.Family.UNIFORM
                ? String.format(Locale.ROOT, "uniform N(0, 1/λ), λ = %.3g", value)
                : String.format(Locale.ROOT, "fan-in N(0, s/fan-in), s = %.3g", value);
    }

    @Override
    public String toString() {
        return describe();
    }
}
