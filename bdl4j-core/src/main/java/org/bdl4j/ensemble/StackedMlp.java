package org.bdl4j.ensemble;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.NetworkSpec;

/**
 * M multilayer perceptrons of one {@link NetworkSpec} whose parameters live in stacked tensors, so
 * that one batched forward and backward trains all of them: layer l holds W_l of shape
 * [M, in, out] and b_l of shape [M, 1, out], and
 *
 * <pre>
 *   h_l = act(h_{l-1} W_l + b_l)      (batched matmul over the member axis; [M, B, in] → [M, B, out])
 * </pre>
 *
 * with inverted dropout after each hidden activation while training, as {@code Networks} builds it.
 * The members share nothing but the tensors' storage: the loss Σ_m L_m gives each member's block of
 * the gradient exactly its own ∇L_m, and element-wise optimisers (Adam, SGD, coupled weight decay)
 * then update each member as if it were trained alone.
 *
 * <p>Member m's parameters convert to and from the flat vector θ of a {@code Network} of the same
 * spec ({@code FlatParameters} order: per linear layer the weight [out, in] row-major, then the bias).
 */
final class StackedMlp implements AutoCloseable {
    private final NDManager manager;
    private final NetworkSpec spec;
    private final int members;
    private final int[] widths; // input, hidden..., outputs
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();

    private StackedMlp(NDManager manager, NetworkSpec spec, int members) {
        this.manager = manager;
        this.spec = spec;
        this.members = members;
        int[] hidden = spec.hidden();
        widths = new int[hidden.length + 2];
        widths[0] = spec.inputSize();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = spec.outputs();
    }

    /** Stacks the members' flat parameter vectors θ_m (each of a {@code Network} of {@code spec}). */
    static StackedMlp of(NetworkSpec spec, List<float[]> thetas, Device device) {
        if (spec.architecture() != Architecture.MLP) {
            throw new IllegalArgumentException("vectorised ensemble training needs an MLP, found "
                    + spec.architecture().cliName());
        }
        NDManager manager = NDManager.newBaseManager(device);
        StackedMlp net = new StackedMlp(manager, spec, thetas.size());
        try {
            net.load(thetas);
            return net;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private void load(List<float[]> thetas) {
        int count = parameterCount();
        for (float[] theta : thetas) {
            if (theta.length != count) {
                throw new IllegalArgumentException("the network has " + count + " parameters, a member has "
                        + theta.length);
            }
        }
        int offset = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] w = new float[members * in * out];
            float[] b = new float[members * out];
            for (int m = 0; m < members; m++) {
                float[] theta = thetas.get(m);
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        w[(m * in + i) * out + o] = theta[offset + o * in + i];
                    }
                }
                System.arraycopy(theta, offset + in * out, b, m * out, out);
            }
            offset += in * out + out;
            NDArray wa = manager.create(w, new Shape(members, in, out));
            NDArray ba = manager.create(b, new Shape(members, 1, out));
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            weights.add(wa);
            biases.add(ba);
        }
    }

    /** The flat parameter vector θ_m of member {@code m}, in {@code FlatParameters} order. */
    float[] member(int m) {
        float[] theta = new float[parameterCount()];
        int offset = 0;
        try (NDManager scratch = manager.newSubManager()) {
            for (int l = 0; l + 1 < widths.length; l++) {
                int in = widths[l];
                int out = widths[l + 1];
                NDArray wm = weights.get(l).get(m);
                NDArray bm = biases.get(l).get(m);
                wm.attach(scratch);
                bm.attach(scratch);
                float[] w = wm.toFloatArray();
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        theta[offset + o * in + i] = w[i * out + o];
                    }
                }
                System.arraycopy(bm.toFloatArray(), 0, theta, offset + in * out, out);
                offset += in * out + out;
            }
        }
        return theta;
    }

    /**
     * The outputs [M, B, outputs] for inputs x of shape [M, B, in...] (each member its own rows) or
     * [B, in...] (the same rows for all); results land in x's manager.
     *
     * @param training whether dropout is active
     */
    NDArray forward(NDArray x, boolean training) {
        boolean shared = x.getShape().dimension() == 1 + spec.inputShape().length;
        NDArray h = shared ? x.reshape(1, x.getShape().get(0), widths[0])
                : x.reshape(members, x.getShape().get(1), widths[0]);
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            h = h.matMul(weights.get(l)).add(biases.get(l));
            if (l + 1 < layers) {
                h = spec.activation().apply(h);
                if (training && spec.dropout() > 0f) {
                    h = Dropout.dropout(h, spec.dropout(), true).singletonOrThrow();
                }
            }
        }
        return h;
    }

    /** The stacked tensors in a fixed order (W_1, b_1, W_2, b_2, ...), for the optimiser. */
    List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            out.add(weights.get(l));
            out.add(biases.get(l));
        }
        return out;
    }

    int members() {
        return members;
    }

    NetworkSpec spec() {
        return spec;
    }

    NDManager manager() {
        return manager;
    }

    private int parameterCount() {
        int n = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            n += widths[l] * widths[l + 1] + widths[l + 1];
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
