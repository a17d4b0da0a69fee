package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import org.bdl4j.Likelihood;
import org.bdl4j.nn.OutputHeads;
import org.bdl4j.nn.Scalars;

/**
 * Mean negative log-likelihoods over a batch, differentiable, one per {@link Likelihood}. All
 * constants are engine-owned arrays ({@link Scalars}) because of DJL's scalar-buffer autograd bug.
 */
public final class Losses {
    /** log(2π)/2. */
    static final float HALF_LOG_2PI = (float) (0.5 * Math.log(2 * Math.PI));

    private Losses() {}

    /**
     * The batch-mean NLL of the given likelihood.
     *
     * @param output the network output, [B, C] logits or [B, 1] / [B, 2] regression heads
     * @param target int64 class indices [B] for classification, float32 targets [B] for regression
     * @param logSigma the 0-d log noise standard deviation for {@link Likelihood#GAUSSIAN}, else null
     */
    public static NDArray meanNll(Likelihood likelihood, NDArray output, NDArray target, NDArray logSigma) {
        switch (likelihood) {
            case CATEGORICAL:
                return categorical(output, target);
            case GAUSSIAN:
                return gaussian(output.reshape(-1), target, logSigma);
            case HETEROSCEDASTIC_GAUSSIAN:
                return heteroscedastic(output, target);
            default:
                throw new AssertionError(likelihood);
        }
    }

    /**
     * The batch-mean NLLs of M stacked models (e.g. {@link org.bdl4j.nn.StackedMlp}), one per model: a
     * [M] array for outputs [M, B, o], targets [B] (the same rows for every model) or [M, B], and for
     * {@link Likelihood#GAUSSIAN} a log σ of shape [M]. Model m's entry is {@link #meanNll} of its
     * own outputs (up to rounding).
     */
    public static NDArray memberMeanNll(Likelihood likelihood, NDArray output, NDArray target, NDArray logSigma) {
        long m = output.getShape().get(0);
        long b = output.getShape().get(1);
        switch (likelihood) {
            case CATEGORICAL: {
                NDArray labels = target.getShape().dimension() == 1
                        ? target.reshape(1, b, 1).repeat(0, m) : target.reshape(m, b, 1);
                return output.logSoftmax(2).gather(labels, 2).reshape(m, b).mean(new int[] {1}).neg();
            }
            case GAUSSIAN:
                return gaussian(output.reshape(m, b), target, logSigma);
            case HETEROSCEDASTIC_GAUSSIAN:
                return heteroscedasticTerms(output.get(":, :, 0"), output.get(":, :, 1"), target)
                        .mean(new int[] {1}).add(Scalars.like(output, HALF_LOG_2PI));
            default:
                throw new AssertionError(likelihood);
        }
    }

    /** -(1/B) Σ_i log softmax(f_i)_{y_i}. */
    public static NDArray categorical(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.gather(labels.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /**
     * (1/B) Σ_i [log σ + (y_i - μ_i)² / (2σ²) + log(2π)/2], the mean over the last axis: for [B]
     * inputs and a 0-d log σ a 0-d loss; for [M, B] inputs of M independent models and log σ of
     * shape [M], the M losses.
     */
    public static NDArray gaussian(NDArray mean, NDArray y, NDArray logSigma) {
        NDArray resid = y.sub(mean);
        NDArray invVar = logSigma.mul(Scalars.like(logSigma, -2f)).exp();
        NDArray quad = resid.square().mean(new int[] {-1}).mul(invVar).mul(Scalars.like(mean, 0.5f));
        return quad.add(logSigma).add(Scalars.like(mean, HALF_LOG_2PI));
    }

    /** (1/B) Σ_i [log σ²_i / 2 + (y_i - μ_i)² / (2σ²_i) + log(2π)/2], σ²_i = softplus(s_i) + 1e-6. */
    public static NDArray heteroscedastic(NDArray output, NDArray y) {
        return heteroscedasticTerms(output.get(":, 0"), output.get(":, 1"), y).mean()
                .add(Scalars.like(output, HALF_LOG_2PI));
    }

    /**
     * [log σ²_i + (y_i - μ_i)²/σ²_i] / 2 per row, σ²_i from the raw outputs s_i
     * ({@link OutputHeads#heteroscedasticVariance(NDArray)}).
     */
    private static NDArray heteroscedasticTerms(NDArray mean, NDArray raw, NDArray y) {
        NDArray variance = OutputHeads.heteroscedasticVariance(raw);
        NDArray quad = y.sub(mean).square().div(variance);
        return variance.log().add(quad).mul(Scalars.like(mean, 0.5f));
    }
}
