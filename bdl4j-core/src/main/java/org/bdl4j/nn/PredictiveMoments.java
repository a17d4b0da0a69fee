package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;

/**
 * Streams the raw outputs of a network under S weight samples θ_1..θ_S (MC dropout passes, ensemble
 * members) into the moments of the Monte Carlo predictive p(y | x) ≈ (1/S) Σ_s p(y | x, θ_s), chunk
 * by chunk, so that the S x n outputs never need to be held at once.
 *
 * <p>Classification (Depeweg et al. 2018): p̄ = (1/S) Σ_s softmax(f_s) and the expected entropy
 * (1/S) Σ_s H[softmax(f_s)]; the mutual information follows in {@link ClassificationPredictive}.
 *
 * <p>Regression: the S Gaussians N(μ_s, σ²_s) form an equally weighted mixture whose moments are
 *
 * <pre>
 *   mean       μ̄   = (1/S) Σ_s μ_s
 *   aleatoric  σ²_a = (1/S) Σ_s σ²_s              (σ²_s = softplus(s_s) + 1e-6, or the fitted σ²)
 *   epistemic  σ²_e = (1/S) Σ_s (μ_s - μ̄)²         (the population variance of the means)
 * </pre>
 *
 * so total = σ²_a + σ²_e is the mixture's variance (law of total variance; Lakshminarayanan et al.
 * 2017, Kendall &amp; Gal 2017). Partial statistics of a chunk are reduced on the engine and merged in
 * double precision (Chan et al. 1979 for the variance of the means).
 *
 * <p>With {@code keepSamples} S it also keeps every sample's probabilities (classification,
 * {@link ClassificationPredictive#sampleProbabilities()}) or means μ_s (regression, in the target's
 * original units, {@link RegressionPredictive#sampleMeans()}); the callers keep them when
 * {@link #keepsSamples} allows.
 */
public final class PredictiveMoments {
    private final Likelihood likelihood;
    private final int rows;
    private final int outputs;
    private final double noiseVariance;
    private final int[] count;
    private final double[] sumProbabilities; // rows x C, classification
    private final double[] sumEntropy;
    private final int[] votes; // rows x C arg-max counts, classification
    private final double[] mean; // regression
    private final double[] m2;
    private final double[] sumVariance;
    private final float[][][] kept; // S x rows x C, classification, optional
    private final float[][] keptMeans; // S x rows network-unit means, regression, optional

    /**
     * Whether a predictive of S samples over n rows keeps its samples: the probabilities (S·n·C values,
     * {@link ClassificationPredictive#keepsSamples}) or the regression means (S·n values,
     * {@link RegressionPredictive#keepsSamples}).
     *
     * @param outputs the network's output width
     */
    public static boolean keepsSamples(Likelihood likelihood, int samples, int rows, int outputs) {
        return likelihood == Likelihood.CATEGORICAL ? ClassificationPredictive.keepsSamples(samples, rows, outputs)
                : RegressionPredictive.keepsSamples(samples, rows);
    }

    /**
     * @param outputs the network's output width (C logits, 1 or 2 for regression)
     * @param sigmaNoise the homoscedastic σ in network units for {@link Likelihood#GAUSSIAN} (or NaN when
     *     every {@code add} gives its own), else ignored
     * @param keepSamples the number S of samples whose probabilities (classification) or means
     *     (regression, {@link RegressionPredictive#sampleMeans()}) to keep, or 0
     */
    public PredictiveMoments(Likelihood likelihood, int rows, int outputs, double sigmaNoise, int keepSamples) {
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        if (likelihood.outputs(Math.max(2, outputs)) != outputs) {
            throw new IllegalArgumentException("a " + likelihood.cliName() + " likelihood needs "
                    + likelihood.outputs(2) + " outputs, found " + outputs);
        }
        this.rows = rows;
        this.outputs = outputs;
        this.noiseVariance = sigmaNoise * sigmaNoise;
        this.count = new int[rows];
        boolean classes = likelihood == Likelihood.CATEGORICAL;
        this.sumProbabilities = classes ? new double[rows * outputs] : null;
        this.sumEntropy = classes ? new double[rows] : null;
        this.votes = classes ? new int[rows * outputs] : null;
        this.mean = classes ? null : new double[rows];
        this.m2 = classes ? null : new double[rows];
        this.sumVariance = classes ? null : new double[rows];
        this.kept = keepSamples > 0 && classes ? new float[keepSamples][rows][outputs] : null;
        this.keptMeans = keepSamples > 0 && !classes ? new float[keepSamples][rows] : null;
    }

    /**
     * Adds the outputs of {@code t} samples for rows {@code [fromRow, fromRow + b)}.
     *
     * @param out raw network outputs of shape [t, b, outputs] (freed with its manager by the caller)
     * @param firstSample the index of the first of the t samples (where kept samples go)
     */
    public void add(NDArray out, int fromRow, int firstSample) {
        add(out, fromRow, firstSample, noiseVariance);
    }

    /**
     * {@link #add(NDArray, int, int)} for samples with their own homoscedastic noise σ² (in network
     * units), e.g. the members of an ensemble of {@link Likelihood#GAUSSIAN} networks.
     */
    public void add(NDArray out, int fromRow, int firstSample, double noiseVariance) {
        long[] shape = out.getShape().getShape();
        if (shape.length != 3 || shape[2] != outputs) {
            throw new IllegalArgumentException("outputs must have shape [samples, rows, " + outputs + "], found "
                    + out.getShape());
        }
        int t = Math.toIntExact(shape[0]);
        int b = Math.toIntExact(shape[1]);
        if (fromRow < 0 || fromRow + b > rows) {
            throw new IllegalArgumentException("rows [" + fromRow + ", " + (fromRow + b) + ") outside [0, " + rows
                    + ")");
        }
        if (likelihood == Likelihood.GAUSSIAN && !(noiseVariance > 0)) {
            throw new IllegalArgumentException("a Gaussian likelihood needs a noise variance > 0, found "
                    + noiseVariance);
        }
        if (likelihood == Likelihood.CATEGORICAL) {
            addClassification(out, t, b, fromRow, firstSample);
        } else {
            addRegression(out, t, b, fromRow, firstSample, noiseVariance);
        }
    }

    private void addClassification(NDArray out, int t, int b, int fromRow, int firstSample) {
        NDArray logp = out.logSoftmax(2);
        NDArray p = logp.exp();
        float[] sp = p.sum(new int[] {0}).toFloatArray();
        float[] sh = p.mul(logp).sum(new int[] {0, 2}).neg().toFloatArray();
        for (int i = 0; i < b * outputs; i++) {
            sumProbabilities[fromRow * outputs + i] += sp[i];
        }
        for (int i = 0; i < b; i++) {
            sumEntropy[fromRow + i] += sh[i];
            count[fromRow + i] += t;
        }
        long[] winners = out.argMax(2).toLongArray(); // [t, b]: the first maximum, as PyTorch's argmax
        for (int j = 0; j < winners.length; j++) {
            votes[(fromRow + j % b) * outputs + (int) winners[j]]++;
        }
        if (kept != null) {
            float[] all = p.toFloatArray();
            for (int s = 0; s < t; s++) {
                for (int i = 0; i < b; i++) {
                    System.arraycopy(all, (s * b + i) * outputs, kept[firstSample + s][fromRow + i], 0, outputs);
                }
            }
        }
    }

    private void addRegression(NDArray out, int t, int b, int fromRow, int firstSample, double noiseVariance) {
        NDArray mu = out.get(":, :, 0");
        if (keptMeans != null) {
            float[] all = mu.toFloatArray(); // [t, b]
            for (int s = 0; s < t; s++) {
                System.arraycopy(all, s * b, keptMeans[firstSample + s], fromRow, b);
            }
        }
        NDArray chunkMean = mu.mean(new int[] {0});
        float[] cm = chunkMean.toFloatArray();
        float[] cm2 = mu.sub(chunkMean).square().sum(new int[] {0}).toFloatArray();
        float[] sv = likelihood == Likelihood.HETEROSCEDASTIC_GAUSSIAN
                ? OutputHeads.heteroscedasticVariance(out.get(":, :, 1")).sum(new int[] {0}).toFloatArray()
                : null;
        for (int i = 0; i < b; i++) {
            int r = fromRow + i;
            int na = count[r];
            int n = na + t;
            double delta = cm[i] - mean[r];
            mean[r] += delta * t / n;
            m2[r] += cm2[i] + delta * delta * ((double) na * t / n);
            sumVariance[r] += sv == null ? t * noiseVariance : sv[i];
            count[r] = n;
        }
    }

    /**
     * The predictive in the user's units (the schema's target standardisation undone).
     *
     * @throws IllegalStateException if some row received no sample
     */
    public Predictive finish(ModelSchema schema) {
        for (int r = 0; r < rows; r++) {
            if (count[r] == 0) {
                throw new IllegalStateException("row " + r + " received no sample");
            }
        }
        if (likelihood == Likelihood.CATEGORICAL) {
            if (kept != null) {
                return ClassificationPredictive.ofSamples(kept, schema.classNames(), true);
            }
            double[][] p = new double[rows][outputs];
            double[] h = new double[rows];
            double[] vr = new double[rows];
            for (int r = 0; r < rows; r++) {
                int modal = 0;
                for (int k = 0; k < outputs; k++) {
                    p[r][k] = sumProbabilities[r * outputs + k] / count[r];
                    modal = Math.max(modal, votes[r * outputs + k]);
                }
                h[r] = sumEntropy[r] / count[r];
                vr[r] = 1.0 - (double) modal / count[r];
            }
            return ClassificationPredictive.of(p, h, vr, schema.classNames());
        }
        double[] mu = new double[rows];
        double[] alea = new double[rows];
        double[] epi = new double[rows];
        for (int r = 0; r < rows; r++) {
            mu[r] = schema.meanToOriginal(mean[r]);
            alea[r] = schema.varianceToOriginal(sumVariance[r] / count[r]);
            epi[r] = schema.varianceToOriginal(Math.max(0.0, m2[r] / count[r]));
        }
        float[][] samples = null;
        if (keptMeans != null) { // a fresh array per call: the kept means stay in network units
            samples = new float[keptMeans.length][rows];
            for (int s = 0; s < samples.length; s++) {
                for (int r = 0; r < rows; r++) {
                    samples[s][r] = (float) schema.meanToOriginal(keptMeans[s][r]);
                }
            }
        }
        return new RegressionPredictive(mu, alea, epi, samples);
    }
}
