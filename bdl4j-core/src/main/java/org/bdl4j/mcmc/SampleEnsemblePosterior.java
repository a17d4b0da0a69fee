package org.bdl4j.mcmc;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.SampledPredictive;
import org.bdl4j.train.SampledWeightsPosterior;

/**
 * A posterior represented by S weight samples θ_1..θ_S from a Markov chain (SGLD, cyclical SGLD,
 * HMC): q(θ) = (1/S) Σ_s δ(θ - θ_s). The predictive is the average over the samples
 * ({@link SampledWeightsPosterior}); they are saved stacked as one S x P array ({@code samples}).
 */
public final class SampleEnsemblePosterior extends SampledWeightsPosterior {
    private static final String ARRAY = "samples";

    private final float[][] samples;

    SampleEnsemblePosterior(Network network, ModelHeader header, double sigmaNoise, List<float[]> samples,
            JsonObject info) {
        super(network, header, sigmaNoise, Math.max(1, samples.size()), info);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("at least one weight sample is needed, found 0");
        }
        int p = network.parameterCount();
        for (float[] s : samples) {
            if (s.length != p) {
                throw new IllegalArgumentException("the network has " + p + " parameters, a sample has " + s.length);
            }
        }
        this.samples = samples.toArray(new float[0][]);
    }

    /**
     * The per-row NLLs on {@code validation} (user units, with targets) of the predictive averaged over
     * {@code samples}, computed with {@code net} (whose weights are left changed), for the checks of
     * {@link org.bdl4j.train.FitChecks#worseOnValidation}.
     */
    static double[] validationNll(MapPosterior map, Network net, List<float[]> samples, Dataset validation) {
        return PredictiveReports.rowNll(SampledPredictive.predict(net, map.likelihood(), map.schema(),
                map.sigmaNoise(), validation, samples.size(), samples::get), validation);
    }

    /** The number of samples S. */
    public int size() {
        return samples.length;
    }

    /** Sample s (a copy). */
    public float[] sample(int s) {
        return samples[s].clone();
    }

    @Override
    protected float[] theta(int s) {
        return samples[s];
    }

    @Override
    protected void writeHyperparameters(JsonObject hyperparameters) {
        // the diagnostics and settings are the information kept
    }

    @Override
    protected Map<String, float[]> arrays() {
        int p = samples[0].length;
        float[] stacked = new float[samples.length * p];
        for (int s = 0; s < samples.length; s++) {
            System.arraycopy(samples[s], 0, stacked, s * p, p);
        }
        return Map.of(ARRAY, stacked);
    }

    /** Reads a directory written by {@code save} (either method). */
    static SampleEnsemblePosterior load(ModelDirectory md) {
        Saved saved = Saved.read(md);
        int count = saved.samples();
        float[] stacked = md.array(ARRAY);
        if (count <= 0 || stacked.length % count != 0) {
            throw new ModelFileException(md.path() + ": inconsistent model: " + stacked.length
                    + " floats do not split into " + count + " samples");
        }
        int p = stacked.length / count;
        float[][] s = new float[count][];
        for (int i = 0; i < count; i++) {
            s[i] = Arrays.copyOfRange(stacked, i * p, (i + 1) * p);
        }
        Network net = saved.network(ARRAY, s[0]);
        return saved.build(net, () -> new SampleEnsemblePosterior(net, saved.header(), saved.sigmaNoise(), List.of(s),
                saved.info()));
    }
}
