package org.bdl4j.train;

import java.util.SplittableRandom;

/**
 * The largest curvature h_max = max |eig(∇²U(θ))| of an objective U at θ, by power iteration on
 * Hessian-vector products taken as central differences of full-batch gradients:
 *
 * <pre>
 *   H v ≈ (∇U(θ + δv) − ∇U(θ − δv)) / (2δ),   v ← Hv / ‖Hv‖,   h ≈ vᵀHv,
 * </pre>
 *
 * with ‖v‖ = 1 and δ = 10⁻³ · max(1, ‖θ‖). It sets the scale of the steps taken on U: a Langevin
 * step θ ← θ − (ε/2)∇U + N(0, εI) is one leapfrog step of size √ε, stable only for ε h_max &lt; 4
 * (SGLD), and SGD with momentum μ, θ ← θ − η v with v ← μv + ∇U, is stable only for
 * η h_max &lt; 2(1 + μ) (SWAG). The estimate needs 2 full gradients per iteration and is accurate
 * to a few per cent after 20 iterations when the top eigenvalue is separated; it is used as a scale,
 * not as an exact value.
 */
public final class StiffestCurvature {
    /**
     * Rows per forward pass when an objective sums over all rows (for {@link #of}'s full gradients): the
     * sum does not depend on it, the cost does (a minibatch-sized chunk of 32 made SGLD's 40 full passes
     * over 48,000 Fashion-MNIST images take minutes).
     */
    public static final int FULL_PASS_CHUNK = 512;

    /** Power iterations. */
    public static final int ITERATIONS = 20;

    /** A deterministic objective: U(θ), with ∇U(θ) written into {@code grad}. */
    @FunctionalInterface
    public interface Objective {
        double valueAndGradient(float[] theta, float[] grad);
    }

    private StiffestCurvature() {}

    /**
     * h_max at {@code theta} ({@code theta} is not modified).
     *
     * @param seed the starting direction's seed
     */
    public static double of(Objective u, float[] theta, long seed) {
        int p = theta.length;
        double norm = 0;
        for (float t : theta) {
            norm += (double) t * t;
        }
        double delta = 1e-3 * Math.max(1, Math.sqrt(norm));
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[p];
        for (int i = 0; i < p; i++) {
            v[i] = random.nextGaussian();
        }
        normalise(v);
        float[] shifted = new float[p];
        float[] plus = new float[p];
        float[] minus = new float[p];
        double h = 0;
        for (int k = 0; k < ITERATIONS; k++) {
            gradientAt(u, theta, v, delta, shifted, plus);
            gradientAt(u, theta, v, -delta, shifted, minus);
            double[] hv = new double[p];
            double rayleigh = 0;
            for (int i = 0; i < p; i++) {
                hv[i] = ((double) plus[i] - minus[i]) / (2 * delta);
                rayleigh += hv[i] * v[i];
            }
            h = Math.abs(rayleigh);
            if (normalise(hv) == 0) {
                return 0;
            }
            v = hv;
        }
        return h;
    }

    private static void gradientAt(Objective u, float[] theta, double[] v, double step, float[] shifted,
            float[] grad) {
        for (int i = 0; i < theta.length; i++) {
            shifted[i] = (float) (theta[i] + step * v[i]);
        }
        u.valueAndGradient(shifted, grad);
    }

    private static double normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double n = Math.sqrt(s);
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
        return n;
    }
}
