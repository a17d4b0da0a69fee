package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;

/**
 * Per-sample inputs and output-gradients of a network's Linear and Conv2d layers
 * ({@link AffineLayer}) for one batch, the raw material of every curvature structure.
 *
 * <p>For a batch x of B rows and K output cotangents v_k (each [B, C], from
 * {@link OutputCotangents}), each tapped layer l gives ã_l = (a_l, 1), its input with a bias
 * column (for a convolution: the patch at each output position), and g_{l,k} = ∂(Σ_b v_k[b]ᵀ f_b)/∂h_l,
 * the gradient at its output h_l. Rows do not interact (no batch norm), so row b of g_{l,k} is
 * J_{b,l}ᵀ v_k[b] with J_{b,l} = ∂f_b/∂h_l, and the Jacobian of v_k[b]ᵀ f_b with respect to the layer's
 * augmented weights [W | b] is g ãᵀ (for a convolution Σ_t g_t ã_tᵀ over the output positions t).
 *
 * <p>DJL has no hooks: the children of the network's {@code SequentialBlock} run one by one, each
 * tapped layer's input is kept and a zero probe leaf is added to its output; the K cotangents are
 * handled in one backward pass over the batch tiled K times, with the parameters' gradients switched
 * off for the pass. When only the last layer is tapped
 * nothing is back-propagated: g = v, and the outputs are recomputed in double as ã W̃ᵀ.
 */
public final class LayerTaps {
    private LayerTaps() {}

    /**
     * One tapped layer of one batch. The last layer alone is tapped in float64 (its outputs are
     * recomputed in double); back-propagated taps keep the network's float32, so that the per-batch
     * products of the curvature run at float32 speed (they are summed across batches in double).
     *
     * @param inputs ã = (a, 1), [B, in + 1]; for a convolution [B, T, in + 1]
     * @param grads g, [K, B, out] (convolution [K, B, T, out]); null in {@link #lastLayerJacobian}
     *     taps, meaning g_c = e_c, and in {@link #lastLayerHessians} taps
     * @param hessian the per-sample output Hessians Λ_b (last layer, GGN), which replace Σ_k g_k g_kᵀ;
     *     else null
     */
    public record Tap(AffineLayer layer, NDArray inputs, NDArray grads, OutputHessian hessian) {
        /** A tap with back-propagated (or implicit identity) gradients and no output Hessians. */
        public Tap(AffineLayer layer, NDArray inputs, NDArray grads) {
            this(layer, inputs, grads, null);
        }

        /** The per-sample Jacobians M_kb = Σ_t g_kbt ã_btᵀ, [K, B, out, in + 1] (back-propagated taps only). */
        public NDArray jacobians() {
            return layer.perSampleJacobians(inputs, grads);
        }
    }

    /**
     * The taps of a batch.
     *
     * @param outputs the network outputs f, [B, C], float64
     */
    public record Batch(NDArray outputs, List<Tap> taps) {}

    /** Maps outputs f [B, C] (float64) to K cotangents [K, B, C] (float64). */
    @FunctionalInterface
    public interface Cotangents {
        NDArray apply(NDArray outputs);
    }

    /**
     * Taps {@code layers} (a sub-list of {@link AffineLayer#of}, in order) for the batch {@code x};
     * every array lands in x's manager.
     */
    public static Batch collect(Network net, List<? extends AffineLayer> layers, NDArray x, Cotangents cotangents) {
        if (isLastLayerOnly(net, layers)) {
            LinearLayer last = lastLinear(net);
            return Inputs.withoutGradients(() -> lastLayer(net, last, x, cotangents));
        }
        return backprop(net, layers, x, cotangents);
    }

    /** Whether {@code layers} is exactly the network's last Linear layer (no back-propagation needed). */
    public static boolean isLastLayerOnly(Network net, List<? extends AffineLayer> layers) {
        return layers.size() == 1 && layers.get(0).equals(lastLinear(net));
    }

    /** The network's last Linear layer, which must be its output layer. */
    private static LinearLayer lastLinear(Network net) {
        List<LinearLayer> all = LinearLayer.of(net);
        return all.get(all.size() - 1);
    }

    /**
     * The Jacobian taps of the last layer alone: its Jacobian is I_C ⊗ ãᵀ, so the tap carries ã and
     * {@code grads == null} stands for g_c = e_c, never materialising C x B x C unit vectors (cheap for
     * many classes).
     */
    public static Batch lastLayerJacobian(Network net, NDArray x) {
        LinearLayer last = lastLinear(net);
        return Inputs.withoutGradients(() -> {
            Batch b = lastLayer(net, last, x, f -> null);
            return new Batch(b.outputs(), List.of(new Tap(last, b.taps().get(0).inputs(), null)));
        });
    }

    /**
     * The GGN taps of the last layer alone: ã and the per-sample loss Hessians Λ_b, whose reduced
     * forms give every structure without the C square-root columns.
     */
    public static Batch lastLayerHessians(Network net, NDArray x, Likelihood likelihood, double sigma) {
        LinearLayer last = lastLinear(net);
        return Inputs.withoutGradients(() -> {
            Batch b = lastLayer(net, last, x, f -> null);
            OutputHessian h = OutputHessian.at(likelihood, sigma, b.outputs());
            return new Batch(b.outputs(), List.of(new Tap(last, b.taps().get(0).inputs(), null, h)));
        });
    }

    /** The last layer alone: its input by a forward pass, g = v, outputs f = ã W̃ᵀ in double. */
    private static Batch lastLayer(Network net, LinearLayer last, NDArray x, Cotangents cotangents) {
        NDManager m = x.getManager();
        PairList<String, Block> children = net.block().getChildren();
        ParameterStore ps = net.parameterStore();
        NDList cur = new NDList(x);
        for (int i = 0; i < last.child(); i++) {
            cur = children.get(i).getValue().forward(ps, cur, false);
        }
        NDArray aug = augment(cur.singletonOrThrow().toType(DataType.FLOAT64, false));
        NDArray wt = augmentedWeights(net, last, m);
        NDArray f = aug.matMul(wt.transpose());
        NDArray g = cotangents.apply(f);
        List<Tap> taps = new ArrayList<>();
        taps.add(new Tap(last, aug, g));
        return new Batch(f, taps);
    }

    /** [W | b] of a Linear layer as a float64 [out, in + 1] array in {@code m}. */
    public static NDArray augmentedWeights(Network net, LinearLayer layer, NDManager m) {
        Block b = net.block().getChildren().get(layer.child()).getValue();
        NDArray w = b.getParameters().get("weight").getArray().toType(DataType.FLOAT64, true);
        NDArray bias = b.getParameters().get("bias").getArray().toType(DataType.FLOAT64, true);
        w.attach(m);
        bias.attach(m);
        return NDArrays.concat(new NDList(w, bias.reshape(layer.out(), 1)), 1);
    }

    private static Batch backprop(Network net, List<? extends AffineLayer> layers, NDArray x, Cotangents cotangents) {
        NDManager m = x.getManager();
        int rows = Math.toIntExact(x.getShape().get(0));
        NDArray f = Inputs.withoutGradients(() -> net.forward(x, false)).toType(DataType.FLOAT64, false);
        NDArray v = cotangents.apply(f);
        int k = Math.toIntExact(v.getShape().get(0));
        NDArray tiled = k == 1 ? x : x.tile(tiling(x.getShape().dimension(), k));
        PairList<String, Block> children = net.block().getChildren();
        ParameterStore ps = net.parameterStore();
        NDArray[] inputs = new NDArray[layers.size()];
        NDArray[] probes = new NDArray[layers.size()];
        // only the probes need gradients: parameters are frozen for the pass (a third less work)
        List<NDArray> frozen = new ArrayList<>();
        for (NDArray p : FlatParameters.arrays(net.block())) {
            if (p.hasGradient()) {
                p.setRequiresGradient(false);
                frozen.add(p);
            }
        }
        try (GradientCollector gc = Inputs.gradientCollector()) {
            NDList cur = new NDList(tiled);
            int next = 0;
            for (int i = 0; i < children.size(); i++) {
                boolean tapped = next < layers.size() && layers.get(next).child() == i;
                if (tapped) {
                    inputs[next] = cur.singletonOrThrow().stopGradient();
                }
                cur = children.get(i).getValue().forward(ps, cur, false);
                if (tapped) {
                    NDArray h = cur.singletonOrThrow();
                    NDArray probe = m.zeros(h.getShape(), h.getDataType());
                    probe.setRequiresGradient(true);
                    probes[next] = probe;
                    cur = new NDList(h.add(probe));
                    next++;
                }
            }
            NDArray out = cur.singletonOrThrow();
            NDArray weights = v.reshape(out.getShape()).toType(out.getDataType(), false);
            gc.backward(out.mul(weights).sum());
        } finally {
            frozen.forEach(p -> p.setRequiresGradient(true));
        }
        List<Tap> taps = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            AffineLayer layer = layers.get(l);
            NDArray grad = probes[l].getGradient();
            grad.attach(m);
            taps.add(new Tap(layer, layer.augmentedInputs(inputs[l].get("0:" + rows)),
                    layer.outputGradients(grad, k, rows)));
        }
        return new Batch(f, taps);
    }

    private static long[] tiling(int rank, int k) {
        long[] reps = new long[rank];
        java.util.Arrays.fill(reps, 1);
        reps[0] = k;
        return reps;
    }

    /** (a, 1): the inputs [B, in] with a column of ones, in a's data type. */
    static NDArray augment(NDArray a) {
        long rows = a.getShape().get(0);
        NDArray ones = a.getManager().ones(new Shape(rows, 1), a.getDataType());
        return NDArrays.concat(new NDList(a, ones), 1);
    }
}
