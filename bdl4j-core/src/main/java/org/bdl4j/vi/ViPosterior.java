package org.bdl4j.vi;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.SampledWeightsPosterior;

/**
 * A mean-field Gaussian posterior q(θ) = N(μ, diag σ²) over the flat parameter vector (the
 * {@link org.bdl4j.nn.FlatParameters} order), as fitted by {@link Vi} under its {@link Prior} (saved
 * with the model; it does not enter the predictive). It predicts with S whole-network draws
 * θ_s = μ + σ ⊙ z_s, z_s from a SplittableRandom seeded with {@code Seeds.derive(seed, s)}
 * (whatever estimator was used for training).
 */
public final class ViPosterior extends SampledWeightsPosterior {
    private static final String MEAN = "posterior_mean";
    private static final String STD = "posterior_std";
    private static final String PRIOR = "prior";

    private final float[] mean;
    private final float[] std;
    private final Prior prior;
    private final float[] theta;

    ViPosterior(Network network, ModelHeader header, double sigmaNoise, float[] mean, float[] std, Prior prior,
            int samples, JsonObject info) {
        super(network, header, sigmaNoise, samples, info);
        int p = network.parameterCount();
        if (mean.length != p || std.length != p) {
            throw new IllegalArgumentException("the network has " + p + " parameters, the VI mean " + mean.length
                    + " and std " + std.length);
        }
        for (float s : std) {
            if (!(s >= 0)) {
                throw new IllegalArgumentException("VI standard deviations must be >= 0, found " + s);
            }
        }
        this.mean = mean;
        this.std = std;
        this.prior = Objects.requireNonNull(prior, "prior");
        this.theta = new float[p];
    }

    /** μ (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** σ (a copy). */
    public float[] std() {
        return std.clone();
    }

    /** The prior q was fitted under. */
    public Prior prior() {
        return prior;
    }

    @Override
    protected float[] theta(int s) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed(), s));
        for (int i = 0; i < theta.length; i++) {
            theta[i] = mean[i] + std[i] * (float) rng.nextGaussian();
        }
        return theta;
    }

    @Override
    protected void writeHyperparameters(JsonObject hyperparameters) {
        hyperparameters.add(PRIOR, prior.toJson());
    }

    @Override
    protected Map<String, float[]> arrays() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put(MEAN, mean);
        arrays.put(STD, std);
        return arrays;
    }

    /** Reads a directory written by {@code save}. */
    public static ViPosterior load(ModelDirectory md) {
        Saved saved = Saved.read(md);
        Prior prior = saved.field(h -> Prior.fromJson(h.getAsJsonObject(PRIOR)));
        float[] mean = md.array(MEAN);
        float[] std = md.array(STD);
        Network net = saved.network(MEAN, mean);
        return saved.build(net, () -> new ViPosterior(net, saved.header(), saved.sigmaNoise(), mean, std, prior,
                saved.samples(), saved.info(PRIOR)));
    }
}
