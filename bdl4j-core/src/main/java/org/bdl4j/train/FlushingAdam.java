package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;
import org.bdl4j.io.EngineScript;

/**
 * Adam (Kingma &amp; Ba 2015) with coupled L2 weight decay, through libtorch's fused CPU kernel, that
 * flushes float32 denormals to zero in the weights and in its moment estimates every
 * {@value #FLUSH_EVERY} updates of a parameter.
 *
 * <p>Step t of a parameter w with gradient g, weight decay δ and learning rate η (the update of DJL's
 * {@code Adam}, whose ε is added to sqrt(v) before the bias correction of the step size):
 *
 * <pre>
 *   g' = g + δ w
 *   m ← β₁ m + (1 − β₁) g'          v ← β₂ v + (1 − β₂) g'²
 *   w ← w − η sqrt(1 − β₂ᵗ) / (1 − β₁ᵗ) · m / (sqrt(v) + ε)
 * </pre>
 *
 * and the weight's accumulated gradient is zeroed afterwards. libtorch's {@code _fused_adam_} computes
 * w − η/(1 − β₁ᵗ) · m / (sqrt(v)/sqrt(1 − β₂ᵗ) + ε'), which is the line above for ε' = ε / sqrt(1 − β₂ᵗ);
 * it reads w, g, m and v once, where DJL's update runs about ten tensor operations with temporaries the
 * size of w (measured on the 1.35 million weights of a 5-member stacked W1 network, 2 threads of a 2-core
 * Intel Xeon: 2.8 ms a step against 0.76 ms). The kernel is reached through a TorchScript module
 * ({@code fused_adam.pt}, written by {@code scripts/torchscript/fused_adam.py}). It walks the tensors in memory order, so the
 * module passes it contiguous copies of any that are not (a transposed view, a gradient laid out unlike
 * its weight) and writes them back.
 *
 * <p>Why: weights whose data gradient is exactly zero (e.g. first-layer weights of pixels that are
 * always 0) see only the weight decay, and Adam drives them, and their second moments, down through
 * the denormal range (below 1.18e-38) over the epochs. On x86 every arithmetic operation on a
 * denormal takes a slow microcode path: measured on W1, after 4 epochs 7,450 of the 269,322
 * weights were denormal and both this trainer and a raw libtorch loop slowed from ~2.1 s to 5-7 s
 * per epoch, prediction from 0.05 s to 0.5 s. libtorch's flush-to-zero switch is not reachable
 * through DJL, so the values are flushed here; a number below 1.18e-38 is zero for every purpose
 * of training, so the iterates are otherwise those of plain Adam.
 */
public final class FlushingAdam extends Optimizer {
    /** Updates of one parameter between two flushes. */
    public static final int FLUSH_EVERY = 32;
    /** The smallest normal float32. */
    static final float MIN_NORMAL = Float.MIN_NORMAL;

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private static volatile PtSymbolBlock fusedBlock;

    private final float learningRate;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private final Map<String, Integer> updates = new HashMap<>();

    private FlushingAdam(Builder b) {
        super(b);
        if (rescaleGrad != 1f || clipGrad >= 0f) {
            throw new IllegalArgumentException("FlushingAdam neither rescales nor clips gradients, found rescale "
                    + rescaleGrad + " and clip " + clipGrad);
        }
        learningRate = b.learningRate;
    }

    /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and the given learning rate and weight decay. */
    public static FlushingAdam create(float learningRate, float weightDecay) {
        return new Builder(learningRate).optWeightDecays(weightDecay).build();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        NDArray[] mv = moments.computeIfAbsent(parameterId, k -> new NDArray[] {weight.zerosLike(), weight.zerosLike()});
        fusedStep(t, weight, grad, mv[0], mv[1]);
        JniUtils.zeroGrad((PtNDArray) weight);
        int n = updates.merge(parameterId, 1, Integer::sum);
        if (n % FLUSH_EVERY == 0) {
            flushDenormals(weight);
            flushDenormals(mv[0]);
            flushDenormals(mv[1]);
        }
    }

    /** libtorch's fused Adam step t on one parameter, with ε' = ε / sqrt(1 − β₂ᵗ) (see the class comment). */
    private void fusedStep(int t, NDArray weight, NDArray grad, NDArray m, NDArray v) {
        double epsilon = EPSILON / Math.sqrt(1.0 - Math.pow(BETA2, t));
        PtSymbolBlock module = fusedModule();
        try (NDArray step = weight.getManager().create((float) t)) {
            IValue[] in = {IValue.from((PtNDArray) weight), IValue.from((PtNDArray) grad),
                IValue.from((PtNDArray) m), IValue.from((PtNDArray) v), IValue.from((PtNDArray) step),
                IValue.from((double) learningRate), IValue.from((double) BETA1), IValue.from((double) BETA2),
                IValue.from((double) getWeightDecay()), IValue.from(epsilon)};
            try {
                IValueUtils.runMethod(module, "forward", in).close();
            } finally {
                for (IValue value : in) {
                    value.close();
                }
            }
        }
    }

    /** Sets the float32 denormals of {@code x} to zero, in place, leaving no temporaries behind. */
    static void flushDenormals(NDArray x) {
        try (NDArray abs = x.abs();
                NDArray threshold = x.getManager().full(new Shape(), MIN_NORMAL, DataType.FLOAT32, x.getDevice());
                NDArray keep = abs.gte(threshold)) {
            x.muli(keep);
        }
    }

    /** The fused step's module, loaded by the first step (EngineScript loads it once; a race looks it up twice). */
    private static PtSymbolBlock fusedModule() {
        PtSymbolBlock block = fusedBlock;
        if (block == null) {
            block = (PtSymbolBlock) EngineScript.load(FlushingAdam.class, "fused_adam", "fused Adam").getBlock();
            fusedBlock = block;
        }
        return block;
    }

    /** Options of {@link FlushingAdam}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private final float learningRate;

        Builder(float learningRate) {
            this.learningRate = learningRate;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public FlushingAdam build() {
            return new FlushingAdam(this);
        }
    }
}
