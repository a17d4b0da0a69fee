package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * Inverted dropout while training, the identity otherwise: each unit is kept with probability
 * q = 1 − p and scaled by 1/q (Srivastava et al. 2014), so the expected activation is unchanged.
 *
 * <p>The masks come from this layer's own seeded JVM stream ({@link #seed}), not from the engine's one
 * process-wide generator: a network's training is then reproducible from its seed whatever else the
 * process draws at the same time, and several networks can train at once on their own threads (the
 * members of an ensemble, see {@link TaskPool}). A unit is kept when a uniform 32-bit draw is below
 * round(q·2³²).
 */
public final class TrainingDropout extends AbstractBlock {
    private final float rate;
    private SplittableRandom stream = new SplittableRandom(0);

    /** @param rate the drop probability p, in [0, 1) */
    public TrainingDropout(float rate) {
        this.rate = checkRate(rate);
    }

    /** {@code rate}, if it is a drop probability in [0, 1). */
    static float checkRate(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), found " + rate);
        }
        return rate;
    }

    public float rate() {
        return rate;
    }

    /** Restarts this layer's mask stream from {@code seed}. */
    public void seed(long seed) {
        stream = new SplittableRandom(seed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return training && rate > 0f ? new NDList(apply(x, rate, stream)) : inputs;
    }

    /**
     * x ⊙ m / q with m_i ~ Bernoulli(q) drawn from {@code stream}; the mask array lands in x's manager.
     */
    public static NDArray apply(NDArray x, float rate, SplittableRandom stream) {
        double keep = 1.0 - rate;
        long threshold = Math.round(keep * 4294967296.0);
        int scaleBits = Float.floatToRawIntBits((float) (1.0 / keep));
        int n = Math.toIntExact(x.size());
        float[] mask = new float[n];
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = stream.nextLong();
            mask[i] = keptOrZero(bits >>> 32, threshold, scaleBits);
            mask[i + 1] = keptOrZero(bits & 0xFFFFFFFFL, threshold, scaleBits);
        }
        if (i < n) {
            mask[i] = keptOrZero(stream.nextLong() >>> 32, threshold, scaleBits);
        }
        return x.mul(x.getManager().create(mask, x.getShape()));
    }

    /**
     * 1/q (as the float whose bits are {@code scaleBits}) when the 32-bit draw u is below the threshold,
     * else 0, without a branch: u − threshold is negative exactly then, and its sign spread over all bits
     * masks the scale's bits. (A branch here is mispredicted on a rate's share of the units; the form
     * without one drew W3's masks in half the time.)
     */
    private static float keptOrZero(long u, long threshold, int scaleBits) {
        return Float.intBitsToFloat(scaleBits & (int) ((u - threshold) >> 63));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
