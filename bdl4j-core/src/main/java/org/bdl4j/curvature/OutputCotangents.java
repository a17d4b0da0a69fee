package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;

/**
 * The cotangents v_k back-propagated by {@link LayerTaps}, as [K, B, C] float64 arrays built from
 * the outputs f [B, C] (float64):
 *
 * <ul>
 *   <li>GGN: the columns of a square root L of the loss Hessian Λ = ∂²ℓ/∂f², so that
 *       Σ_k (Jᵀv_k)(Jᵀv_k)ᵀ = Jᵀ Λ J. Softmax cross-entropy: Λ = diag(p) - ppᵀ = L Lᵀ with
 *       L = diag(√p) - p √pᵀ, column k = √p_k (e_k - p) (K = C). Gaussian N(f, σ²): L = 1/σ (K = 1).
 *   <li>empirical Fisher: the gradient of the NLL, p - onehot(y), or (f - y)/σ² (K = 1).
 *   <li>Monte Carlo Fisher: the gradient of the NLL at M labels ỹ_s sampled from the model's own
 *       predictive, scaled by 1/√M so that Σ_k (Jᵀv_k)(Jᵀv_k)ᵀ is the sample mean (K = M):
 *       softmax (p - onehot(ỹ_s))/√M with ỹ_s ~ Cat(p); Gaussian (f - ỹ_s)/(σ²√M) = -ε_s/(σ√M) with
 *       ỹ_s = f + σ ε_s, ε_s ~ N(0, 1). E[(p - e_ỹ)(p - e_ỹ)ᵀ] = diag(p) - ppᵀ and E[ε²]/σ² = 1/σ², so
 *       its expectation is the GGN.
 *   <li>Jacobian: the unit vectors e_k (K = C), giving the rows of ∂f/∂θ.
 * </ul>
 */
public final class OutputCotangents {
    private OutputCotangents() {}

    /** The square-root columns of the loss Hessian (GGN). */
    public static LayerTaps.Cotangents ggn(Likelihood likelihood, double sigma) {
        check(likelihood, sigma);
        return f -> OutputHessian.at(likelihood, sigma, f).squareRoot();
    }

    /**
     * The NLL gradient at the true targets (empirical Fisher).
     *
     * @param targets int64 labels [B] or float targets [B], in the batch's manager
     */
    public static LayerTaps.Cotangents empirical(Likelihood likelihood, double sigma, NDArray targets) {
        check(likelihood, sigma);
        return f -> {
            long b = f.getShape().get(0);
            if (likelihood == Likelihood.GAUSSIAN) {
                NDArray y = targets.toType(DataType.FLOAT64, false).reshape(b, 1);
                NDArray invVar = f.getManager().create(1 / (sigma * sigma));
                return f.sub(y).mul(invVar).reshape(1, b, 1);
            }
            int c = Math.toIntExact(f.getShape().get(1));
            return f.softmax(1).sub(targets.oneHot(c, DataType.FLOAT64)).reshape(1, b, c);
        };
    }

    /**
     * The NLL gradients at {@code samples} labels per row drawn from the model's predictive with
     * {@code rng}, consumed row by row (row b's M draws, then row b + 1's), so that successive batches
     * continue one stream.
     */
    public static LayerTaps.Cotangents monteCarloFisher(Likelihood likelihood, double sigma, int samples,
            SplittableRandom rng) {
        check(likelihood, sigma);
        if (samples < 1) {
            throw new IllegalArgumentException("fisherSamples must be >= 1, found " + samples);
        }
        double scale = 1 / Math.sqrt(samples);
        return f -> {
            int b = Math.toIntExact(f.getShape().get(0));
            int c = Math.toIntExact(f.getShape().get(1));
            double[] v = new double[samples * b * c];
            if (likelihood == Likelihood.GAUSSIAN) {
                for (int row = 0; row < b; row++) {
                    for (int s = 0; s < samples; s++) {
                        v[s * b + row] = -rng.nextGaussian() / sigma * scale;
                    }
                }
            } else {
                double[] p = f.softmax(1).toDoubleArray();
                for (int row = 0; row < b; row++) {
                    for (int s = 0; s < samples; s++) {
                        int label = sampleClass(p, row * c, c, rng.nextDouble());
                        int at = (s * b + row) * c;
                        for (int k = 0; k < c; k++) {
                            v[at + k] = (p[row * c + k] - (k == label ? 1 : 0)) * scale;
                        }
                    }
                }
            }
            return f.getManager().create(v, new Shape(samples, b, c));
        };
    }

    /** The class k with P(k - 1) ≤ u < P(k) for the cumulative probabilities P of p[from..from + c). */
    private static int sampleClass(double[] p, int from, int c, double u) {
        double cumulative = 0;
        for (int k = 0; k < c - 1; k++) {
            cumulative += p[from + k];
            if (u < cumulative) {
                return k;
            }
        }
        return c - 1;
    }

    /** The unit vectors e_k of the C outputs, for Jacobians. */
    public static LayerTaps.Cotangents jacobian() {
        return f -> {
            long b = f.getShape().get(0);
            int c = Math.toIntExact(f.getShape().get(1));
            NDArray eye = f.getManager().eye(c, c, 0, DataType.FLOAT64).reshape(c, 1, c);
            return eye.repeat(1, b);
        };
    }

    /** The sum over rows of log p(y_b | f_b), with f [B, C] float64 and int64 labels or float targets. */
    public static double logLikelihood(Likelihood likelihood, double sigma, NDArray f, NDArray targets) {
        check(likelihood, sigma);
        if (likelihood == Likelihood.GAUSSIAN) {
            double[] mean = f.toDoubleArray();
            double[] y = targets.toType(DataType.FLOAT64, false).toDoubleArray();
            double s = 0;
            double c = -0.5 * Math.log(2 * Math.PI * sigma * sigma);
            for (int i = 0; i < y.length; i++) {
                double r = y[i] - mean[i];
                s += c - r * r / (2 * sigma * sigma);
            }
            return s;
        }
        return f.logSoftmax(1).gather(targets.reshape(-1, 1), 1).sum().toDoubleArray()[0];
    }

    static void check(Likelihood likelihood, double sigma) {
        if (likelihood == Likelihood.HETEROSCEDASTIC_GAUSSIAN) {
            throw new IllegalArgumentException("curvature supports the categorical and gaussian likelihoods, found "
                    + likelihood.cliName());
        }
        if (likelihood == Likelihood.GAUSSIAN && !(sigma > 0)) {
            throw new IllegalArgumentException("sigmaNoise must be > 0, found " + sigma);
        }
    }
}
