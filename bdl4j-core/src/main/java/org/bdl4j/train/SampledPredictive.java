package org.bdl4j.train;

import java.util.Objects;
import java.util.function.IntFunction;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.OutputHeads;

/**
 * The Monte Carlo predictive of an equally weighted set of weight vectors θ_1..θ_S (SWAG draws,
 * SGLD and HMC samples): each θ_s is written into one working network
 * ({@link Network#setParameters}) and run in evaluation mode; results are streamed, so memory does
 * not grow with S.
 *
 * <ul>
 *   <li>Classification: p = (1/S) Σ_s softmax(f_s), aleatoric E H = (1/S) Σ_s H[softmax(f_s)]
 *       ({@link ClassificationPredictive#of}), with the variation ratio of the samples' arg-max votes; the
 *       per-sample probabilities are kept when {@link ClassificationPredictive#keepsSamples} allows.
 *   <li>Regression, the moments of the mixture (1/S) Σ_s N(μ_s, σ²_s): mean (1/S) Σ_s μ_s,
 *       aleatoric (1/S) Σ_s σ²_s, epistemic (1/S) Σ_s (μ_s - mean)², so total = aleatoric + epistemic
 *       (law of total variance); the per-sample means μ_s (original units) are kept when
 *       {@link RegressionPredictive#keepsSamples} allows ({@link RegressionPredictive#sampleMeans()}).
 * </ul>
 *
 * The working network's weights are left at θ_S; it is not safe for concurrent use.
 */
public final class SampledPredictive {
    private SampledPredictive() {}

    /**
     * @param inputs rows in the user's units (standardised inside with the schema; targets ignored)
     * @param sigmaNoise the homoscedastic noise σ in network units for {@link Likelihood#GAUSSIAN}
     * @param samples S ≥ 1
     * @param theta θ_s for s = 0..S-1 (a fresh or reused array; read before the next call)
     */
    public static Predictive predict(Network net, Likelihood likelihood, ModelSchema schema, double sigmaNoise,
            Dataset inputs, int samples, IntFunction<float[]> theta) {
        Objects.requireNonNull(theta, "theta");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, found " + samples);
        }
        Dataset x = schema.toNetworkUnits(inputs.hasTargets() ? inputs.withoutTargets() : inputs);
        int n = x.rows();
        int outputs = net.spec().outputs();
        if (likelihood == Likelihood.CATEGORICAL) {
            int c = schema.numClasses();
            double[][] mean = new double[n][c];
            double[] expectedEntropy = new double[n];
            int[] votes = new int[n * c];
            float[][][] kept = ClassificationPredictive.keepsSamples(samples, n, c) ? new float[samples][n][c] : null;
            for (int s = 0; s < samples; s++) {
                net.setParameters(theta.apply(s));
                double[][] p = OutputHeads.softmaxDouble(
                        NetworkOutputs.compute(net, x.features(), x.featureShape(), n, false), n, c);
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        mean[i][k] += p[i][k] / samples;
                    }
                    expectedEntropy[i] += ClassificationPredictive.entropy(p[i]) / samples;
                    votes[i * c + ClassificationPredictive.argmax(p[i])]++;
                    if (kept != null) {
                        for (int k = 0; k < c; k++) {
                            kept[s][i][k] = (float) p[i][k];
                        }
                    }
                }
            }
            // the moments stay in double (a float32 copy of a tiny probability would underflow to 0)
            return ClassificationPredictive.of(mean, expectedEntropy,
                    ClassificationPredictive.variationRatio(votes, n, c, samples), kept, schema.classNames());
        }
        double[] mean = new double[n];
        double[] m2 = new double[n];
        double[] aleatoric = new double[n];
        float[][] kept = RegressionPredictive.keepsSamples(samples, n) ? new float[samples][n] : null;
        for (int s = 0; s < samples; s++) {
            net.setParameters(theta.apply(s));
            float[] out = NetworkOutputs.compute(net, x.features(), x.featureShape(), n, false);
            double[] mu = OutputHeads.regressionMean(out, n, outputs);
            double[] noise = likelihood == Likelihood.HETEROSCEDASTIC_GAUSSIAN
                    ? OutputHeads.heteroscedasticVariance(out, n) : null;
            for (int i = 0; i < n; i++) {
                double delta = mu[i] - mean[i]; // Welford's update of mean and sum of squared deviations
                mean[i] += delta / (s + 1);
                m2[i] += delta * (mu[i] - mean[i]);
                aleatoric[i] += (noise == null ? sigmaNoise * sigmaNoise : noise[i]) / samples;
                if (kept != null) {
                    kept[s][i] = (float) schema.meanToOriginal(mu[i]);
                }
            }
        }
        double[] epistemic = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = schema.meanToOriginal(mean[i]);
            aleatoric[i] = schema.varianceToOriginal(aleatoric[i]);
            epistemic[i] = schema.varianceToOriginal(Math.max(0.0, m2[i] / samples));
        }
        return new RegressionPredictive(mean, aleatoric, epistemic, kept);
    }
}
