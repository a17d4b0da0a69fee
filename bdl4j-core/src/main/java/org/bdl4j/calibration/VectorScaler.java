package org.bdl4j.calibration;

import com.google.gson.JsonObject;
import java.util.Arrays;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.math.SmallCholesky;
import org.bdl4j.math.Softmax;
import org.bdl4j.math.Vectors;

/**
 * Vector scaling (Guo et al., ICML 2017, §4.2): a per-class affine map of the logits,
 * t(z)_k = w_k z_k + b_k, i.e. matrix scaling restricted to a diagonal matrix. With all w_k = 1/T
 * and b = 0 it is temperature scaling, so on the calibration set its NLL is never higher; unlike
 * temperature scaling it can change the arg-max.
 *
 * <p><b>Fit.</b> The mean NLL (1/n) Σ_i [logsumexp(t(z_i)) - t(z_i)_{y_i}] is convex in (w, b),
 * since t is linear in them. Adding a constant to every b_k leaves the softmax unchanged, so b_0 is
 * held at 0 and the other 2C - 1 parameters are fitted by Newton's method with the exact Hessian
 * (1/n) Σ_i J_iᵀ (diag p_i - p_i p_iᵀ) J_i, a backtracking (Armijo) line search, and Levenberg
 * damping only if the Hessian is not positive definite; it stops when the largest gradient entry is
 * below {@link #GRADIENT_TOLERANCE} or after {@link #MAX_ITERATIONS} steps (when the calibration set
 * is separable the NLL has no minimiser and the last iterate is returned).
 *
 * @param weights w, C finite values
 * @param biases b, C finite values
 */
public record VectorScaler(double[] weights, double[] biases) implements ClassificationCalibrator {
    /** The method name in manifests and on the command line. */
    public static final String NAME = "vector";
    public static final double GRADIENT_TOLERANCE = 1e-11;
    public static final int MAX_ITERATIONS = 200;

    public VectorScaler {
        weights = weights.clone();
        biases = biases.clone();
        if (weights.length < 2 || biases.length != weights.length) {
            throw new IllegalArgumentException("vector scaling needs C >= 2 weights and C biases, found "
                    + weights.length + " and " + biases.length);
        }
        for (int k = 0; k < weights.length; k++) {
            if (!Double.isFinite(weights[k]) || !Double.isFinite(biases[k])) {
                throw new IllegalArgumentException("vector scaling parameters must be finite, found weight "
                        + weights[k] + " and bias " + biases[k] + " for class " + k);
            }
        }
    }

    /**
     * Fits w and b to logits and labels by minimising the NLL (see the class comment).
     *
     * @param logits n x C logits (for a posterior: {@link Logits#fromProbabilities} of its predictive)
     * @param labels n class indices in [0, C)
     */
    public static VectorScaler fit(double[][] logits, int[] labels) {
        int c = Logits.check(logits);
        Logits.checkLabels(labels, logits.length, c);
        int dim = 2 * c - 1; // w_0..w_{C-1}, b_1..b_{C-1}
        double[] theta = new double[dim];
        Arrays.fill(theta, 0, c, 1.0);
        double[] grad = new double[dim];
        double[][] hess = new double[dim][dim];
        double f = objective(logits, labels, theta, grad, hess);
        for (int it = 0; it < MAX_ITERATIONS && Vectors.maxAbs(grad) > GRADIENT_TOLERANCE; it++) {
            double[] step = newtonStep(hess, grad);
            double slope = Vectors.dot(grad, step);
            double t = 1;
            double[] next = new double[dim];
            double fNext = Double.NaN;
            for (int ls = 0; ls < 60; ls++) {
                for (int j = 0; j < dim; j++) {
                    next[j] = theta[j] + t * step[j];
                }
                fNext = objective(logits, labels, next, null, null);
                if (fNext <= f + 1e-4 * t * slope) {
                    break;
                }
                t /= 2;
            }
            if (!(fNext <= f)) {
                break; // no descent left at double precision
            }
            theta = next;
            f = objective(logits, labels, theta, grad, hess);
        }
        double[] w = Arrays.copyOfRange(theta, 0, c);
        double[] b = new double[c];
        System.arraycopy(theta, c, b, 1, c - 1);
        return new VectorScaler(w, b);
    }

    /** Solves H d = -g, adding λI (growing from 1e-12 · mean diagonal) until H + λI is positive definite. */
    private static double[] newtonStep(double[][] hess, double[] grad) {
        int dim = grad.length;
        double[] rhs = new double[dim];
        double diag = 0;
        for (int j = 0; j < dim; j++) {
            rhs[j] = -grad[j];
            diag += hess[j][j];
        }
        double lambda = 0;
        double base = Math.max(diag / dim, 1e-300) * 1e-12;
        double[] a = new double[dim * dim];
        double[] l = new double[dim * dim];
        for (int attempt = 0; attempt < 40; attempt++) {
            for (int j = 0; j < dim; j++) {
                System.arraycopy(hess[j], 0, a, j * dim, dim);
                a[j * dim + j] += lambda;
            }
            if (SmallCholesky.factor(a, 0, dim, l)) {
                SmallCholesky.solve(l, dim, rhs);
                return rhs;
            }
            lambda = lambda == 0 ? base : lambda * 10;
        }
        throw new IllegalStateException("vector scaling: the Hessian stays indefinite under damping (non-finite"
                + " entries?), mean diagonal " + diag / dim);
    }

    /**
     * The mean NLL at θ = (w, b_1..b_{C-1}); when {@code grad} is given, also its gradient and
     * Hessian.
     */
    static double objective(double[][] logits, int[] labels, double[] theta, double[] grad, double[][] hess) {
        int n = logits.length;
        int c = logits[0].length;
        if (grad != null) {
            Arrays.fill(grad, 0);
            for (double[] row : hess) {
                Arrays.fill(row, 0);
            }
        }
        double[] t = new double[c];
        double[] p = new double[c];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] z = logits[i];
            for (int k = 0; k < c; k++) {
                t[k] = theta[k] * z[k] + (k == 0 ? 0 : theta[c + k - 1]);
            }
            double lse = Softmax.logSumExp(t);
            int y = labels[i];
            sum += lse - t[y];
            if (grad == null) {
                continue;
            }
            for (int k = 0; k < c; k++) {
                p[k] = Math.exp(t[k] - lse);
            }
            for (int k = 0; k < c; k++) {
                double r = p[k] - (k == y ? 1 : 0);
                grad[k] += r * z[k];
                if (k > 0) {
                    grad[c + k - 1] += r;
                }
                for (int l = 0; l < c; l++) {
                    double a = (k == l ? p[k] : 0) - p[k] * p[l]; // (diag p - p pᵀ)_kl
                    hess[k][l] += z[k] * a * z[l];
                    if (l > 0) {
                        hess[k][c + l - 1] += z[k] * a;
                    }
                    if (k > 0 && l > 0) {
                        hess[c + k - 1][c + l - 1] += a;
                    }
                }
            }
        }
        if (grad != null) {
            int dim = grad.length;
            for (int j = 0; j < dim; j++) {
                grad[j] /= n;
                for (int l = 0; l < dim; l++) {
                    if (j < c || l >= c) {
                        hess[j][l] /= n;
                    }
                }
            }
            for (int j = c; j < dim; j++) {
                for (int l = 0; l < c; l++) {
                    hess[j][l] = hess[l][j]; // the b-w block mirrors the accumulated w-b block
                }
            }
        }
        return sum / n;
    }

    /** The mean NLL (1/n) Σ_i -log softmax(t(z_i))_{y_i}, in nats, without a floor. */
    public double nll(double[][] logits, int[] labels) {
        int c = Logits.check(logits);
        Logits.checkLabels(labels, logits.length, c);
        return SoftmaxNll.mean(transformLogits(logits), labels);
    }

    /** w_k z_k + b_k. */
    @Override
    public double[][] transformLogits(double[][] logits) {
        double[][] out = new double[logits.length][];
        for (int i = 0; i < out.length; i++) {
            if (logits[i].length != weights.length) {
                throw new IllegalArgumentException("logits row " + i + " has " + logits[i].length
                        + " columns, the vector scaling was fitted on " + weights.length + " classes");
            }
            out[i] = new double[weights.length];
            for (int k = 0; k < weights.length; k++) {
                out[i][k] = weights[k] * logits[i][k] + biases[k];
            }
        }
        return out;
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] biases() {
        return biases.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", NAME);
        o.add("weights", ManifestCodec.doubles(weights));
        o.add("biases", ManifestCodec.doubles(biases));
        return o;
    }

    static VectorScaler fromJson(JsonObject o) {
        return new VectorScaler(ManifestCodec.toDoubles(o.getAsJsonArray("weights")),
                ManifestCodec.toDoubles(o.getAsJsonArray("biases")));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorScaler v && Arrays.equals(weights, v.weights)
                && Arrays.equals(biases, v.biases);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(biases);
    }

    @Override
    public String toString() {
        return "VectorScaler[weights=" + Arrays.toString(weights) + ", biases="
                + Arrays.toString(biases) + "]";
    }
}
