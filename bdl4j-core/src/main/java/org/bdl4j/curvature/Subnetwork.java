package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A subnetwork (Daxberger et al. 2021, "Bayesian deep learning via subnetwork inference"): S chosen
 * parameters of a network's Linear layers, given by their indices into the concatenation of every
 * Linear layer's augmented layout [out, in + 1] ({@link LinearLayer}; layer after layer, in network
 * order; convolutions are not part of it). Index k of layer l is (o, i) = (k / (in+1), k % (in+1)).
 *
 * <p>The Jacobian of the outputs with respect to the subnetwork is the selection of S columns of the
 * full one: for a tap with per-sample output gradients g [K, B, out] and inputs ã [B, in + 1],
 * column (o, i) is g[:, :, o] · ã[:, i]. {@link #columns} forms only those, so a subnetwork of a large
 * network never materialises the P-wide Jacobian.
 */
public final class Subnetwork {
    private final int[] indices;
    private final List<LinearLayer> layers = new ArrayList<>();
    private final List<long[]> outputs = new ArrayList<>();
    private final List<long[]> inputs = new ArrayList<>();
    private final int[] flat;

    private Subnetwork(List<LinearLayer> all, int[] sorted) {
        this.indices = sorted;
        this.flat = new int[sorted.length];
        int start = 0;
        int offset = 0;
        for (LinearLayer l : all) {
            int end = start;
            while (end < sorted.length && sorted[end] < offset + l.size()) {
                end++;
            }
            if (end > start) {
                int in1 = l.in() + 1;
                long[] o = new long[end - start];
                long[] i = new long[end - start];
                for (int s = start; s < end; s++) {
                    int local = sorted[s] - offset;
                    o[s - start] = local / in1;
                    i[s - start] = local % in1;
                    flat[s] = l.flatIndex(local / in1, local % in1);
                }
                layers.add(l);
                outputs.add(o);
                inputs.add(i);
            }
            start = end;
            offset += l.size();
        }
    }

    /**
     * The subnetwork of {@code indices} (in any order) over the Linear layers {@code all} (from
     * {@link LinearLayer#of}).
     *
     * @throws IllegalArgumentException if an index is outside [0, P), repeated, or there is none
     */
    public static Subnetwork of(List<LinearLayer> all, int[] indices) {
        int p = parameterCount(all);
        if (indices.length == 0) {
            throw new IllegalArgumentException("a subnetwork needs at least one parameter index, found none");
        }
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        for (int s = 0; s < sorted.length; s++) {
            if (sorted[s] < 0 || sorted[s] >= p) {
                throw new IllegalArgumentException("subnetwork index " + sorted[s] + " is outside [0, " + p
                        + ") (the Linear layers' parameters)");
            }
            if (s > 0 && sorted[s] == sorted[s - 1]) {
                throw new IllegalArgumentException("subnetwork index " + sorted[s] + " is given twice");
            }
        }
        return new Subnetwork(all, sorted);
    }

    /** P: the number of parameters of the Linear layers {@code all}. */
    public static int parameterCount(List<LinearLayer> all) {
        int p = 0;
        for (LinearLayer l : all) {
            p += l.size();
        }
        return p;
    }

    /** S. */
    public int size() {
        return indices.length;
    }

    /** The chosen indices, ascending (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** The Linear layers holding at least one chosen parameter, in order: the layers to tap. */
    public List<LinearLayer> layers() {
        return List.copyOf(layers);
    }

    /** How many chosen parameters each of {@link #layers} holds (they are contiguous in index order). */
    public int[] groupSizes() {
        int[] out = new int[outputs.size()];
        for (int l = 0; l < out.length; l++) {
            out[l] = outputs.get(l).length;
        }
        return out;
    }

    /** The index in the network's flat parameter vector θ of each chosen parameter, in index order. */
    public int[] flatIndices() {
        return flat.clone();
    }

    /**
     * The chosen columns of the per-sample Jacobian-vector products of one batch, [K, B, S], from the
     * taps of {@link #layers} (in that order): entry (k, b, s) = g_k[b, o_s] · ã[b, i_s]. Taps with
     * per-sample output Hessians use their square-root columns as g; identity taps (null grads, the
     * last layer's Jacobian) use g_c = e_c, giving [C, B, S]. In the taps' manager and data type.
     */
    public NDArray columns(List<LayerTaps.Tap> taps) {
        if (taps.size() != layers.size()) {
            throw new IllegalArgumentException("the subnetwork spans " + layers.size() + " layers, found "
                    + taps.size() + " taps");
        }
        NDList parts = new NDList();
        for (int l = 0; l < taps.size(); l++) {
            LayerTaps.Tap t = taps.get(l);
            NDArray x = t.inputs();
            NDManager m = x.getManager();
            long b = x.getShape().get(0);
            int s = outputs.get(l).length;
            NDArray a = x.get(":, {}", m.create(inputs.get(l))).reshape(1, b, s);
            NDArray g;
            if (t.hessian() != null) {
                g = t.hessian().squareRoot().toType(x.getDataType(), false);
            } else if (t.grads() == null) {
                parts.add(unitOutputs(l, m, x).mul(a));
                continue;
            } else {
                g = t.grads();
            }
            parts.add(g.get(":, :, {}", m.create(outputs.get(l))).mul(a));
        }
        return parts.size() == 1 ? parts.singletonOrThrow() : NDArrays.concat(parts, 2);
    }

    /** [C, 1, S_l] with entry (c, 0, s) = 1 if o_s = c: the selected columns of the identity. */
    private NDArray unitOutputs(int l, NDManager m, NDArray like) {
        int c = layers.get(l).out();
        long[] o = outputs.get(l);
        double[] e = new double[c * o.length];
        for (int s = 0; s < o.length; s++) {
            e[(int) o[s] * o.length + s] = 1;
        }
        return m.create(e, new Shape(c, 1, o.length)).toType(like.getDataType(), false);
    }
}
