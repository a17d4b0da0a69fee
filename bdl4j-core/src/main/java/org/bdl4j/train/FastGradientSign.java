package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bdl4j.data.Dataset;

/**
 * Adversarial inputs by the fast gradient sign method (Goodfellow et al. 2015), as used for deep
 * ensembles by Lakshminarayanan et al. (2017):
 *
 * <pre>
 *   x' = x + ε · r ⊙ sign(∇_x NLL(θ; x, y)),     r_j = max_n x_nj - min_n x_nj,
 * </pre>
 *
 * with ε relative to the range r_j of each input dimension over the training set (the paper uses
 * ε = 0.01). Training then minimises NLL(x) + NLL(x') per minibatch.
 */
public final class FastGradientSign {
    private final float epsilon;
    private final float[] step; // ε · r, one per input value
    private final int[] rowShape;

    private FastGradientSign(float epsilon, float[] step, int[] rowShape) {
        this.epsilon = epsilon;
        this.step = step;
        this.rowShape = rowShape;
    }

    /**
     * The step ε · r for the features of {@code train} (in the units the network sees).
     *
     * @param epsilon &gt; 0
     */
    public static FastGradientSign of(double epsilon, Dataset train) {
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("adversarial epsilon must be > 0, found " + epsilon);
        }
        int d = train.featureCount();
        float[] x = train.features();
        float[] lo = new float[d];
        float[] hi = new float[d];
        Arrays.fill(lo, Float.POSITIVE_INFINITY);
        Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                lo[j] = Math.min(lo[j], x[i + j]);
                hi[j] = Math.max(hi[j], x[i + j]);
            }
        }
        float[] step = new float[d];
        for (int j = 0; j < d; j++) {
            step[j] = train.rows() == 0 ? 0f : (float) epsilon * (hi[j] - lo[j]);
        }
        return new FastGradientSign((float) epsilon, step, train.featureShape());
    }

    public float epsilon() {
        return epsilon;
    }

    /**
     * The adversarial batch x + ε r ⊙ sign(g), detached from the graph, in {@code x}'s manager.
     *
     * @param x inputs of shape [..., rowShape] (any leading batch axes)
     * @param gradient ∇_x of the loss, the shape of {@code x}
     */
    public NDArray perturb(NDArray x, NDArray gradient) {
        NDArray r = x.getManager().create(FloatBuffer.wrap(step),
                new Shape(Arrays.stream(rowShape).asLongStream().toArray()), DataType.FLOAT32);
        return x.stopGradient().add(gradient.sign().mul(r));
    }
}
