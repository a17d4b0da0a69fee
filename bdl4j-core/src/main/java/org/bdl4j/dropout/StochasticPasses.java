package org.bdl4j.dropout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.nn.AlwaysOnDropout;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.PredictiveMoments;

/**
 * Runs T stochastic forward passes of a network whose dropout layers are {@link AlwaysOnDropout}
 * over a table of inputs, in one of the {@link SamplingMode}s, and streams each chunk of outputs
 * ([t, b, outputs]) into a {@link PredictiveMoments}. Every chunk's native memory is freed before the
 * next; the caller seeds the engine and switches gradient recording off.
 */
final class StochasticPasses {
    private final Network network;
    private final List<Block> layers;
    private final int firstDropout;
    private final int maxRowsPerForward;

    /**
     * @param maxRowsPerForward the most rows (passes x inputs) of one batched forward: bounds memory
     */
    StochasticPasses(Network network, int maxRowsPerForward) {
        this.network = network;
        this.layers = network.block().getChildren().values();
        int first = -1;
        for (int i = 0; i < layers.size() && first < 0; i++) {
            if (layers.get(i) instanceof AlwaysOnDropout) {
                first = i;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException("the network has no always-on dropout layer");
        }
        this.firstDropout = first;
        this.maxRowsPerForward = maxRowsPerForward;
    }

    void run(float[] features, int[] rowShape, int rows, int samples, SamplingMode mode, PredictiveMoments sink) {
        if (mode == SamplingMode.LOOP) {
            loop(features, rowShape, rows, samples, sink);
        } else {
            batched(features, rowShape, rows, samples, mode == SamplingMode.BATCHED, sink);
        }
    }

    /** T calls of the whole network, each over all rows in batches. */
    private void loop(float[] features, int[] rowShape, int rows, int samples, PredictiveMoments sink) {
        int step = NetworkOutputs.batchRows(network.spec());
        for (int s = 0; s < samples; s++) {
            for (int from = 0; from < rows; from += step) {
                int to = Math.min(rows, from + step);
                try (NDManager batch = network.manager().newSubManager()) {
                    NDArray out = network.forward(Inputs.rows(batch, features, rowShape, from, to), false);
                    sink.add(out.expandDims(0), from, s);
                }
            }
        }
    }

    /**
     * The shared layers once per row chunk, then the rest on T-fold repeated activations. With one
     * mask per pass, the T masks of each dropout layer are drawn once per call and reused by every
     * row chunk, so that a row's predictive depends on the seed alone, not on the rows around it or
     * on how the call is cut into chunks (batches, Spark partitions).
     */
    private void batched(float[] features, int[] rowShape, int rows, int samples, boolean maskPerPass,
            PredictiveMoments sink) {
        int rowsPerChunk = Math.max(1, maxRowsPerForward / samples);
        int passesPerChunk = Math.min(samples, Math.max(1, maxRowsPerForward / rowsPerChunk));
        try (NDManager call = network.manager().newSubManager()) {
            PassMasks masks = new PassMasks(call, samples);
            for (int from = 0; from < rows; from += rowsPerChunk) {
                int to = Math.min(rows, from + rowsPerChunk);
                int b = to - from;
                try (NDManager batch = call.newSubManager()) {
                    NDArray shared = Inputs.rows(batch, features, rowShape, from, to);
                    for (int i = 0; i < firstDropout; i++) {
                        shared = layer(i, shared);
                    }
                    for (int s0 = 0; s0 < samples; s0 += passesPerChunk) {
                        int t = Math.min(passesPerChunk, samples - s0);
                        try (NDManager passes = batch.newSubManager()) {
                            NDArray out = maskPerPass ? restWithPassMasks(masks, passes, s0, t, shared, b)
                                    : restWithRowMasks(passes, shared, t);
                            sink.add(out.reshape(new Shape(t, b).addAll(out.getShape().slice(1))), from, s0);
                        }
                    }
                }
            }
        }
    }

    /** Tiles the shared activation t times ([t·b, ...], pass-major) and runs the rest as it is. */
    private NDArray restWithRowMasks(NDManager passes, NDArray shared, int t) {
        long[] reps = new long[shared.getShape().dimension()];
        Arrays.fill(reps, 1L);
        reps[0] = t;
        NDArray a = shared.tile(reps);
        a.attach(passes);
        for (int i = firstDropout; i < layers.size(); i++) {
            a = layer(i, a);
        }
        return a;
    }

    /**
     * Runs the rest with one mask per pass and dropout layer: a mask z of shape [t, 1, units...]
     * (inverted dropout applied to ones) multiplies the activation viewed as [t, b, units...]; the
     * first one broadcasts the shared [1, b, units...] activation to all t passes.
     *
     * <p>When the first mask is followed by a Linear layer and the passes drop few units, the two run
     * through the dropped units ({@link DroppedUnitsLinear}): the shared input's product once, and per
     * pass a correction over the dropped columns only. A later mask followed by a linear layer with fewer
     * outputs than the chunk has rows is folded into that layer's weights instead,
     * (h ⊙ z_t) Wᵀ = h (W diag(z_t))ᵀ: masking the [t, out, in] weights costs less than a pass over the
     * [t, b, in] activation, and the product is the same.
     */
    private NDArray restWithPassMasks(PassMasks masks, NDManager passes, int s0, int t, NDArray shared, int b) {
        PassMasks.Slice slice = masks.slice(passes, s0, t);
        Shape unit = shared.getShape().slice(1);
        DroppedUnitsLinear dropped = masks.droppedFirst(unit);
        NDArray a;
        int next;
        if (dropped != null) {
            a = dropped.apply(shared, s0, t, passes);
            next = firstDropout + 2;
        } else {
            a = slice.of(firstDropout, unit).mul(shared.expandDims(0)).reshape(new Shape(t * b).addAll(unit));
            next = firstDropout + 1;
        }
        for (int i = next; i < layers.size(); i++) {
            if (layers.get(i) instanceof AlwaysOnDropout) {
                Shape u = a.getShape().slice(1);
                NDArray z = slice.of(i, u);
                if (i + 1 < layers.size() && layers.get(i + 1) instanceof Linear following && u.dimension() == 1
                        && outputs(following) < b) {
                    a = maskedLinear(following, z, a, t, b);
                    i++;
                } else {
                    a = z.mul(a.reshape(new Shape(t, b).addAll(u))).reshape(new Shape(t * b).addAll(u));
                }
            } else {
                a = layer(i, a);
            }
        }
        return a;
    }

    /** x (W diag(z_t))ᵀ + bias for x of shape [t·b, in], masks z [t, 1, in], W [out, in]: [t·b, out]. */
    private NDArray maskedLinear(Linear linear, NDArray z, NDArray x, int t, int b) {
        NDArray w = value(linear, "weight");
        NDArray bias = value(linear, "bias");
        long in = w.getShape().get(1);
        NDArray masked = z.mul(w).transpose(0, 2, 1); // [t, in, out]
        NDArray y = x.reshape(t, b, in).matMul(masked);
        if (bias != null) {
            y = y.add(bias);
        }
        return y.reshape(t * (long) b, w.getShape().get(0));
    }

    private NDArray value(Linear linear, String name) {
        Parameter p = linear.getParameters().get(name);
        return p == null ? null : network.parameterStore().getValue(p, network.device(), false);
    }

    private long outputs(Linear linear) {
        return linear.getParameters().get("weight").getArray().getShape().get(0);
    }

    /**
     * The masks of one call: for each dropout layer, its T masks [T, 1, units...] (the layer applied
     * to ones, z ∈ {0, 1/(1-p)}), drawn the first time the layer is reached and kept in the call's
     * manager.
     */
    private final class PassMasks {
        private final NDManager call;
        private final int samples;
        private final Map<Integer, NDArray> byLayer = new HashMap<>();
        private DroppedUnitsLinear droppedFirst;
        private boolean droppedFirstChecked;

        PassMasks(NDManager call, int samples) {
            this.call = call;
            this.samples = samples;
        }

        /** The T masks [T, 1, units...] of a dropout layer, drawn on first use. */
        private NDArray all(int layer, Shape unit) {
            return byLayer.computeIfAbsent(layer, k -> {
                NDArray z = layer(k, call.ones(new Shape(samples, 1).addAll(unit)));
                z.attach(call);
                return z;
            });
        }

        /**
         * The first dropout and the Linear layer after it through the dropped units, for this call's
         * masks; null when the layer after it is not Linear, the units are not a vector, or the passes
         * drop too many units for it to pay ({@link DroppedUnitsLinear#of}).
         */
        DroppedUnitsLinear droppedFirst(Shape unit) {
            if (!droppedFirstChecked) {
                droppedFirstChecked = true;
                if (unit.dimension() == 1 && firstDropout + 1 < layers.size()
                        && layers.get(firstDropout + 1) instanceof Linear linear) {
                    float rate = ((AlwaysOnDropout) layers.get(firstDropout)).rate();
                    droppedFirst = DroppedUnitsLinear.of(all(firstDropout, unit), value(linear, "weight"),
                            value(linear, "bias"), rate, call);
                }
            }
            return droppedFirst;
        }

        /** Passes s0 to s0 + t - 1, their arrays (and what is computed from them) in {@code passes}. */
        Slice slice(NDManager passes, int s0, int t) {
            return (layer, unit) -> {
                NDArray part = all(layer, unit).get(s0 + ":" + (s0 + t));
                part.attach(passes);
                return part;
            };
        }

        /** The masks of a range of passes. */
        interface Slice {
            NDArray of(int layer, Shape unit);
        }
    }

    private NDArray layer(int i, NDArray x) {
        return layers.get(i).forward(network.parameterStore(), new NDList(x), false).singletonOrThrow();
    }
}
