package org.bdl4j.curvature;

/**
 * An independent double-precision tanh MLP over a flat θ in DJL's order (per layer: weight
 * [out, in] row-major, then bias), with finite-difference Jacobians and the softmax loss
 * Hessian: the brute-force side of the curvature (and Laplace) tests.
 */
public final class ReferenceMlp {
    private final int[] widths; // input, hidden..., output

    public ReferenceMlp(int... widths) {
        this.widths = widths.clone();
    }

    public int parameterCount() {
        int p = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            p += widths[l + 1] * (widths[l] + 1);
        }
        return p;
    }

    /** The outputs f(x) at θ. */
    public double[] forward(double[] theta, double[] x) {
        return activations(theta, x, widths.length - 1);
    }

    /** The last hidden layer's activations at θ (the inputs of the last layer). */
    public double[] lastHidden(double[] theta, double[] x) {
        return activations(theta, x, widths.length - 2);
    }

    /** The activations after the first {@code layers} layers. */
    private double[] activations(double[] theta, double[] x, int layers) {
        double[] h = x;
        int off = 0;
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            double[] next = new double[out];
            for (int o = 0; o < out; o++) {
                double s = theta[off + in * out + o];
                for (int i = 0; i < in; i++) {
                    s += theta[off + o * in + i] * h[i];
                }
                next[o] = l + 2 < widths.length ? Math.tanh(s) : s;
            }
            off += out * (in + 1);
            h = next;
        }
        return h;
    }

    /** ∂f/∂θ by central differences, C x P. */
    public double[][] jacobian(double[] theta, double[] x) {
        int p = theta.length;
        int c = widths[widths.length - 1];
        double[][] j = new double[c][p];
        double h = 1e-6;
        for (int q = 0; q < p; q++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[q] += h;
            minus[q] -= h;
            double[] fp = forward(plus, x);
            double[] fm = forward(minus, x);
            for (int k = 0; k < c; k++) {
                j[k][q] = (fp[k] - fm[k]) / (2 * h);
            }
        }
        return j;
    }

    public static double[] softmax(double[] f) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : f) {
            max = Math.max(max, v);
        }
        double[] p = new double[f.length];
        double s = 0;
        for (int k = 0; k < f.length; k++) {
            p[k] = Math.exp(f[k] - max);
            s += p[k];
        }
        for (int k = 0; k < f.length; k++) {
            p[k] /= s;
        }
        return p;
    }

    /** Σ_n J_nᵀ Λ_n J_n with Λ = diag(p) - ppᵀ, P x P row-major. */
    public double[] ggn(double[] theta, double[][] xs) {
        int p = theta.length;
        double[] out = new double[p * p];
        for (double[] x : xs) {
            double[] prob = softmax(forward(theta, x));
            double[][] j = jacobian(theta, x);
            int c = prob.length;
            for (int a = 0; a < c; a++) {
                for (int b = 0; b < c; b++) {
                    double lam = (a == b ? prob[a] : 0) - prob[a] * prob[b];
                    for (int q = 0; q < p; q++) {
                        double jq = j[a][q] * lam;
                        for (int r = 0; r < p; r++) {
                            out[q * p + r] += jq * j[b][r];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Σ_n ∇ℓ_n ∇ℓ_nᵀ with ∇ℓ_n = J_nᵀ (p - onehot(y_n)). */
    double[] empiricalFisher(double[] theta, double[][] xs, int[] ys) {
        int p = theta.length;
        double[] out = new double[p * p];
        for (int n = 0; n < xs.length; n++) {
            double[] prob = softmax(forward(theta, xs[n]));
            double[][] j = jacobian(theta, xs[n]);
            double[] grad = new double[p];
            for (int k = 0; k < prob.length; k++) {
                double r = prob[k] - (k == ys[n] ? 1 : 0);
                for (int q = 0; q < p; q++) {
                    grad[q] += j[k][q] * r;
                }
            }
            for (int q = 0; q < p; q++) {
                for (int r = 0; r < p; r++) {
                    out[q * p + r] += grad[q] * grad[r];
                }
            }
        }
        return out;
    }

    /** Σ_n -log softmax(f(x_n))_{y_n}. */
    double nll(double[] theta, double[][] xs, int[] ys) {
        double s = 0;
        for (int n = 0; n < xs.length; n++) {
            s -= Math.log(softmax(forward(theta, xs[n]))[ys[n]]);
        }
        return s;
    }
}
