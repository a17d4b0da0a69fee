package org.bdl4j.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

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
public final class StackedMlp implements AutoCloseable {
    private final NDManager manager;
    private final NetworkSpec spec;
    private final int members;
    private final int[] widths; // input, hidden..., outputs
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();
    private java.util.SplittableRandom dropoutStream = new java.util.SplittableRandom(0);

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
    public static StackedMlp of(NetworkSpec spec, List<float[]> thetas, Device device) {
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
        for (int l = 0; l + 1 < widths.length; l++) {
            NDArray wa = manager.zeros(new Shape(members, widths[l], widths[l + 1]));
            NDArray ba = manager.zeros(new Shape(members, 1, widths[l + 1]));
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            weights.add(wa);
            biases.add(ba);
        }
        set(thetas);
    }

    /**
     * Writes the members' flat parameter vectors θ_m ({@code FlatParameters} order) into the stacked
     * tensors in place.
     */
    public void set(List<float[]> thetas) {
        if (thetas.size() != members) {
            throw new IllegalArgumentException("the stack has " + members + " members, found " + thetas.size()
                    + " parameter vectors");
        }
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
            FlatParameters.write(weights.get(l), w, 0, w.length);
            FlatParameters.write(biases.get(l), b, 0, b.length);
        }
    }

    /** The flat parameter vector θ_m of member {@code m}, in {@code FlatParameters} order. */
    public float[] member(int m) {
        float[] theta = new float[parameterCount()];
        try (NDManager scratch = manager.newSubManager()) {
            unstack(m, theta, l -> attached(weights.get(l).get(m), scratch),
                    l -> attached(biases.get(l).get(m), scratch));
        }
        return theta;
    }

    /**
     * The gradients accumulated in the stacked tensors, as one flat vector per member
     * ({@code FlatParameters} order); the tensors' gradients are zeroed afterwards.
     */
    public float[][] gradients() {
        float[][] out = new float[members][parameterCount()];
        try (NDManager scratch = manager.newSubManager()) {
            List<float[]> w = new ArrayList<>();
            List<float[]> b = new ArrayList<>();
            for (int l = 0; l < weights.size(); l++) {
                w.add(takeGradient(weights.get(l), scratch));
                b.add(takeGradient(biases.get(l), scratch));
            }
            for (int m = 0; m < members; m++) {
                int member = m;
                unstack(m, out[m], l -> slice(w.get(l), member), l -> slice(b.get(l), member));
            }
        }
        return out;
    }

    private static float[] takeGradient(NDArray p, NDManager scratch) {
        NDArray g = p.getGradient();
        g.attach(scratch);
        float[] values = g.toFloatArray();
        JniUtils.zeroGrad((PtNDArray) p);
        return values;
    }

    private float[] slice(float[] stacked, int m) {
        int per = stacked.length / members;
        return Arrays.copyOfRange(stacked, m * per, (m + 1) * per);
    }

    private static float[] attached(NDArray a, NDManager manager) {
        a.attach(manager);
        return a.toFloatArray();
    }

    /** Writes one member's per-layer weights ([in, out] row-major) and biases into θ's layout. */
    private void unstack(int m, float[] theta, IntFunction<float[]> weight, IntFunction<float[]> bias) {
        int offset = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[] w = weight.apply(l);
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    theta[offset + o * in + i] = w[i * out + o];
                }
            }
            System.arraycopy(bias.apply(l), 0, theta, offset + in * out, out);
            offset += in * out + out;
        }
    }

    /** Restarts the stream that training's dropout masks are drawn from ({@link TrainingDropout#apply}). */
    public void seedDropout(long seed) {
        dropoutStream = new java.util.SplittableRandom(seed);
    }

    /**
     * The outputs [M, B, outputs] for inputs x of shape [M, B, in...] (each member its own rows) or
     * [B, in...] (the same rows for all); results land in x's manager.
     *
     * @param training whether dropout is active
     */
    public NDArray forward(NDArray x, boolean training) {
        boolean shared = x.getShape().dimension() == 1 + spec.inputShape().length;
        NDArray h = shared ? x.reshape(1, x.getShape().get(0), widths[0])
                : x.reshape(members, x.getShape().get(1), widths[0]);
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            h = h.matMul(weights.get(l)).add(biases.get(l));
            if (l + 1 < layers) {
                h = spec.activation().apply(h);
                if (training && spec.dropout() > 0f) {
                    h = TrainingDropout.apply(h, spec.dropout(), dropoutStream);
                }
            }
        }
        return h;
    }

    /** The stacked tensors in a fixed order (W_1, b_1, W_2, b_2, ...), for the optimiser. */
    public List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            out.add(weights.get(l));
            out.add(biases.get(l));
        }
        return out;
    }

    public int members() {
        return members;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public NDManager manager() {
        return manager;
    }

    /** The number of parameters P of one member. */
    public int parameterCount() {
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
