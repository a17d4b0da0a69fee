package org.bdl4j.curvature;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import java.util.List;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;

/**
 * The brute-force side of the convolution curvature tests, one input row at a time and without
 * {@link LayerTaps}: per-sample Jacobians ∂f_c/∂θ by one ordinary backward pass per output c through
 * the network's parameters; Jacobians ∂f_c/∂h with respect to a layer's output h by making h a leaf
 * and running the rest of the network from it; a convolution's patches cut out of its input by index
 * loops; and from these, in double precision, the softmax GGN Σ_n J_nᵀ Λ_n J_n, the empirical Fisher,
 * and the KFAC factors of the expand formula A = Σ_n Σ_t ã_nt ã_ntᵀ, G = (1/(N·T)) Σ_n Σ_t J_ntᵀ Λ_n J_nt.
 */
public final class BruteForceNetwork {
    private BruteForceNetwork() {}

    /** f(x) of row {@code i}, in double. */
    public static double[] outputs(Network net, Dataset data, int i) {
        try (NDManager m = net.manager().newSubManager()) {
            return Floats.toDoubles(net.forward(row(m, data, i), false).toFloatArray());
        }
    }

    /** ∂f_c/∂θ of row {@code i}: [C][P] in θ's order, one backward pass per output. */
    public static double[][] parameterJacobian(Network net, Dataset data, int i) {
        List<NDArray> params = FlatParameters.arrays(net.block());
        int p = net.parameterCount();
        int c = net.spec().outputs();
        double[][] j = new double[c][p];
        try (NDManager m = net.manager().newSubManager()) {
            NDArray x = row(m, data, i);
            for (int k = 0; k < c; k++) {
                zeroGradients(params);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray f = net.forward(x, false);
                    gc.backward(f.get("0, " + k));
                }
                int off = 0;
                for (NDArray a : params) {
                    float[] g = a.getGradient().toFloatArray();
                    for (float v : g) {
                        j[k][off++] = v;
                    }
                }
            }
            zeroGradients(params);
        }
        return j;
    }

    /** ∂f_c/∂h_t[o] for the output h of {@code layer} at each position t: [C][T][out]. */
    public static double[][][] outputJacobian(Network net, AffineLayer layer, Dataset data, int i) {
        List<NDArray> params = FlatParameters.arrays(net.block());
        PairList<String, Block> children = net.block().getChildren();
        int c = net.spec().outputs();
        int t = layer.positions();
        double[][][] j = new double[c][t][layer.out()];
        try (NDManager m = net.manager().newSubManager()) {
            NDArray h = forward(net, row(m, data, i), 0, layer.child() + 1);
            for (int k = 0; k < c; k++) {
                NDArray leaf = h.duplicate();
                leaf.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray f = forward(net, leaf, layer.child() + 1, children.size());
                    gc.backward(f.get("0, " + k));
                }
                float[] g = leaf.getGradient().toFloatArray(); // [1, out, (H', W')]
                for (int o = 0; o < layer.out(); o++) {
                    for (int s = 0; s < t; s++) {
                        j[k][s][o] = g[o * t + s];
                    }
                }
            }
            zeroGradients(params);
        }
        return j;
    }

    /** The augmented inputs ã_t = (patch_t, 1) of {@code layer} for row {@code i}: [T][in + 1], by index loops. */
    public static double[][] augmentedInputs(Network net, AffineLayer layer, Dataset data, int i) {
        try (NDManager m = net.manager().newSubManager()) {
            NDArray a = forward(net, row(m, data, i), 0, layer.child());
            float[] v = a.toFloatArray();
            int in = layer.in();
            if (layer instanceof LinearLayer) {
                double[] x = new double[in + 1];
                for (int q = 0; q < in; q++) {
                    x[q] = v[q];
                }
                x[in] = 1;
                return new double[][] {x};
            }
            ConvLayer conv = (ConvLayer) layer;
            ConvLayer.Window w = conv.window();
            int height = (int) a.getShape().get(2);
            int width = (int) a.getShape().get(3);
            double[][] out = new double[conv.positions()][in + 1];
            for (int r = 0; r < conv.outHeight(); r++) {
                for (int s = 0; s < conv.outWidth(); s++) {
                    double[] patch = out[r * conv.outWidth() + s];
                    int q = 0;
                    for (int ch = 0; ch < conv.inChannels(); ch++) {
                        for (int ki = 0; ki < w.kernelHeight(); ki++) {
                            for (int kj = 0; kj < w.kernelWidth(); kj++) {
                                int y = r * w.strideHeight() + ki * w.dilationHeight() - w.padHeight();
                                int x = s * w.strideWidth() + kj * w.dilationWidth() - w.padWidth();
                                boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                                patch[q++] = inside ? v[(ch * height + y) * width + x] : 0;
                            }
                        }
                    }
                    patch[in] = 1;
                }
            }
            return out;
        }
    }

    /** Σ_n J_nᵀ (diag(p_n) - p_n p_nᵀ) J_n over the rows, P x P in θ's order. */
    public static double[] ggn(Network net, Dataset data) {
        return sandwichSum(net, data, (prob, label) -> softmaxHessian(prob));
    }

    /** Σ_n ∇ℓ_n ∇ℓ_nᵀ with ∇ℓ_n = J_nᵀ r_n, r_n = p_n - e_{y_n}, P x P in θ's order. */
    public static double[] empiricalFisher(Network net, Dataset data) {
        return sandwichSum(net, data, (prob, label) -> {
            double[][] rr = new double[prob.length][prob.length];
            for (int a = 0; a < prob.length; a++) {
                for (int b = 0; b < prob.length; b++) {
                    rr[a][b] = (prob[a] - (a == label ? 1 : 0)) * (prob[b] - (b == label ? 1 : 0));
                }
            }
            return rr;
        });
    }

    /** The C x C output weights W_n of a row from its probabilities and label. */
    private interface OutputWeights {
        double[][] of(double[] probabilities, int label);
    }

    /** Σ_n J_nᵀ W_n J_n over the rows, P x P in θ's order. */
    private static double[] sandwichSum(Network net, Dataset data, OutputWeights weights) {
        int p = net.parameterCount();
        double[] out = new double[p * p];
        for (int n = 0; n < data.rows(); n++) {
            double[][] j = parameterJacobian(net, data, n);
            double[] prob = ReferenceMlp.softmax(outputs(net, data, n));
            double[][] wj = multiply(weights.of(prob, data.labels()[n]), j);
            for (int a = 0; a < j.length; a++) {
                for (int q = 0; q < p; q++) {
                    double jq = j[a][q];
                    for (int r = 0; r < p; r++) {
                        out[q * p + r] += jq * wj[a][r];
                    }
                }
            }
        }
        return out;
    }

    /**
     * The KFAC factors of the expand formula for the softmax GGN: {A ((in+1)², row-major), G (out²)},
     * A = Σ_n Σ_t ã_nt ã_ntᵀ and G = (1/(N·T)) Σ_n Σ_t J_ntᵀ Λ_n J_nt with J_nt = ∂f_n/∂h_nt [C, out].
     */
    public static double[][] kfacFactors(Network net, AffineLayer layer, Dataset data) {
        int in1 = layer.in() + 1;
        int out = layer.out();
        double[] a = new double[in1 * in1];
        double[] g = new double[out * out];
        for (int n = 0; n < data.rows(); n++) {
            for (double[] x : augmentedInputs(net, layer, data, n)) {
                for (int i = 0; i < in1; i++) {
                    for (int k = 0; k < in1; k++) {
                        a[i * in1 + k] += x[i] * x[k];
                    }
                }
            }
            double[][] lambda = softmaxHessian(ReferenceMlp.softmax(outputs(net, data, n)));
            double[][][] j = outputJacobian(net, layer, data, n);
            for (int t = 0; t < layer.positions(); t++) {
                double[][] jt = new double[j.length][];
                for (int c = 0; c < j.length; c++) {
                    jt[c] = j[c][t];
                }
                double[][] lj = multiply(lambda, jt);
                for (int c = 0; c < j.length; c++) {
                    for (int o = 0; o < out; o++) {
                        for (int q = 0; q < out; q++) {
                            g[o * out + q] += jt[c][o] * lj[c][q];
                        }
                    }
                }
            }
        }
        double count = (double) data.rows() * layer.positions();
        for (int i = 0; i < g.length; i++) {
            g[i] /= count;
        }
        return new double[][] {a, g};
    }

    /** diag(p) - ppᵀ. */
    public static double[][] softmaxHessian(double[] p) {
        double[][] h = new double[p.length][p.length];
        for (int a = 0; a < p.length; a++) {
            for (int b = 0; b < p.length; b++) {
                h[a][b] = (a == b ? p[a] : 0) - p[a] * p[b];
            }
        }
        return h;
    }

    private static double[][] multiply(double[][] l, double[][] j) {
        double[][] out = new double[l.length][j[0].length];
        for (int a = 0; a < l.length; a++) {
            for (int b = 0; b < j.length; b++) {
                for (int q = 0; q < j[0].length; q++) {
                    out[a][q] += l[a][b] * j[b][q];
                }
            }
        }
        return out;
    }

    private static NDArray forward(Network net, NDArray x, int from, int to) {
        PairList<String, Block> children = net.block().getChildren();
        NDList cur = new NDList(x);
        for (int i = from; i < to; i++) {
            cur = children.get(i).getValue().forward(net.parameterStore(), cur, false);
        }
        return cur.singletonOrThrow();
    }

    private static NDArray row(NDManager m, Dataset data, int i) {
        return Inputs.rows(m, data.features(), data.featureShape(), i, i + 1);
    }

    private static void zeroGradients(List<NDArray> params) {
        for (NDArray a : params) {
            if (a.hasGradient()) {
                NDArray g = a.getGradient();
                g.subi(g);
            }
        }
    }
}
