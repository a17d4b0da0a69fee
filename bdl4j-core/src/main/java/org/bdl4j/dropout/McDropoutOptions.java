package org.bdl4j.dropout;

import java.util.Objects;

/**
 * The settings of MC dropout prediction. Defaults: T = 100 passes, the network's own dropout rate,
 * {@link SamplingMode#BATCHED}, at most 16,384 rows per batched forward, samples not kept.
 *
 * @param samples the number T of stochastic forward passes
 * @param rate the drop probability at prediction, or null for the rate the network was trained with
 * @param sampling how the passes are computed
 * @param maxRowsPerForward the most rows (passes x inputs) of one batched forward; bounds memory
 * @param keepSamples whether predictives keep the T x n x C per-pass probabilities (classification) or the
 *     T x n per-pass means (regression) even beyond {@link org.bdl4j.ClassificationPredictive#KEEP_SAMPLES_MAX_VALUES}
 *     values (below it they are always kept)
 */
public record McDropoutOptions(int samples, Float rate, SamplingMode sampling, int maxRowsPerForward,
        boolean keepSamples) {
    public static final int DEFAULT_SAMPLES = 100;
    public static final int DEFAULT_MAX_ROWS_PER_FORWARD = 16_384;

    public McDropoutOptions {
        Objects.requireNonNull(sampling, "sampling");
        McDropoutMethod.SAMPLES.check(samples);
        if (rate != null && !(rate > 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in (0, 1), found " + rate);
        }
        McDropoutMethod.MAX_ROWS_PER_FORWARD.check(maxRowsPerForward);
    }

    /** The defaults. */
    public static McDropoutOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings by option name (for model files). */
    public java.util.Map<String, String> settings() {
        java.util.Map<String, String> out = org.bdl4j.options.OptionValues.empty()
                .with(McDropoutMethod.SAMPLES, samples).with(McDropoutMethod.SAMPLING, sampling).describe();
        if (rate != null) {
            out.put("rate", Float.toString(rate));
        }
        return out;
    }

    /** Builds {@link McDropoutOptions}; validation happens in {@link #build()}. */
    public static final class Builder {
        private int samples = DEFAULT_SAMPLES;
        private Float rate;
        private SamplingMode sampling = SamplingMode.BATCHED;
        private int maxRowsPerForward = DEFAULT_MAX_ROWS_PER_FORWARD;
        private boolean keepSamples;

        private Builder() {}

        /** The number T of stochastic passes (default 100). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /**
         * The drop probability at prediction time, replacing the training rate. On a network trained
         * without dropout this inserts dropout after every hidden activation: a cheaper, weaker method
         * than MC dropout proper, since the weights were never fitted under that noise and the rate
         * is not tied to any variational objective.
         */
        public Builder optRate(double rate) {
            this.rate = (float) rate;
            return this;
        }

        public Builder optSampling(SamplingMode sampling) {
            this.sampling = sampling;
            return this;
        }

        public Builder optMaxRowsPerForward(int rows) {
            this.maxRowsPerForward = rows;
            return this;
        }

        public Builder optKeepSamples(boolean keep) {
            this.keepSamples = keep;
            return this;
        }

        public McDropoutOptions build() {
            return new McDropoutOptions(samples, rate, sampling, maxRowsPerForward, keepSamples);
        }
    }
}
