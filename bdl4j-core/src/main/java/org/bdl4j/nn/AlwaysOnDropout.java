package org.bdl4j.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Inverted dropout that is active whatever the {@code training} flag says: each unit is kept with
 * probability 1 - p and scaled by 1/(1 - p).
 *
 * <p>DJL's {@code Predictor} always runs blocks with {@code training=false}, and passing {@code true}
 * would also switch BatchNorm to batch statistics; MC dropout (Gal &amp; Ghahramani 2016) needs only
 * the dropout layers stochastic, so it uses this block in their place. Masks come from the engine's
 * random generator, seeded through {@code Engine.setRandomSeed}.
 */
public final class AlwaysOnDropout extends AbstractBlock {
    private final float rate;

    /** @param rate the drop probability p, in [0, 1) */
    public AlwaysOnDropout(float rate) {
        this.rate = TrainingDropout.checkRate(rate);
    }

    public float rate() {
        return rate;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return Dropout.dropout(inputs.singletonOrThrow(), rate, true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
