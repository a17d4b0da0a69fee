package org.bdl4j.usermodel;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.OptionalInt;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.PredictiveMoments;
import org.bdl4j.train.HeaderPosterior;

/**
 * A posterior over a user's whole network whose predictive is the equally weighted mixture of S point
 * predictions a row (dropout passes, weight draws, the members of an ensemble of files), streamed
 * through {@link PredictiveMoments}: p(y | x) ≈ (1/S) Σ_s p(y | f_s(x)). The subclass says how the S
 * predictions are made; the rows' check, the moments and the chunking live here once.
 *
 * <p>The header's method is the method's name as the user knows it (e.g. {@code mc-dropout}); the model
 * directory's is the subclass's own, so that its loader is found ({@link #manifestHeader}).
 */
abstract class SampledUserPosterior extends HeaderPosterior {
    private final int samples;
    private final double sigmaNoise;

    /**
     * @param samples S, the predictions a row
     * @param sigmaNoise the homoscedastic Gaussian σ shared by the samples, or NaN (classification, or
     *     when each sample brings its own through {@link #add})
     */
    SampledUserPosterior(ModelHeader header, int samples, double sigmaNoise) {
        super(header);
        this.samples = samples;
        this.sigmaNoise = sigmaNoise;
    }

    /** S, the predictions a row. */
    final int samples() {
        return samples;
    }

    /** The σ shared by the samples, or NaN. */
    final double sigmaNoise() {
        return sigmaNoise;
    }

    /** Adds the S samples' predictions of {@code rows} (conformed to the schema) to {@code moments}. */
    abstract void addSamples(Dataset rows, PredictiveMoments moments);

    @Override
    public final Predictive predict(Dataset inputs) {
        ModelSchema s = schema();
        Dataset rows = UserModelFit.conformed(s, inputs);
        Likelihood likelihood = header().likelihood();
        int outputs = likelihood.outputs(s.numClasses());
        boolean keep = PredictiveMoments.keepsSamples(likelihood, samples(), rows.rows(), outputs);
        PredictiveMoments moments = new PredictiveMoments(likelihood, rows.rows(), outputs, sigmaNoise(),
                keep ? samples() : 0);
        addSamples(rows, moments);
        return moments.finish(s);
    }

    /**
     * Adds sample {@code sample}'s predictions of every row ({@code f}, row-major n x outputs) in chunks
     * of {@value UserModel#BATCH_ROWS} rows, with its own noise variance (Gaussian; NaN for the shared σ).
     */
    static void add(PredictiveMoments moments, float[] f, int outputs, int sample, double noiseVariance) {
        int n = f.length / outputs;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < n; from += UserModel.BATCH_ROWS) {
                int to = Math.min(n, from + UserModel.BATCH_ROWS);
                try (NDManager batch = manager.newSubManager()) {
                    var chunk = batch.create(Arrays.copyOfRange(f, from * outputs, to * outputs),
                            new Shape(1, to - from, outputs));
                    if (Double.isNaN(noiseVariance)) {
                        moments.add(chunk, from, sample);
                    } else {
                        moments.add(chunk, from, sample, noiseVariance);
                    }
                }
            }
        }
    }

    /** Writes weight draw number {@code sample} into {@code out}. */
    @FunctionalInterface
    interface WeightDraw {
        void draw(int sample, float[] out);
    }

    /**
     * The network of {@code model} at S weight draws (draw s for sample s, in order), each set into the
     * module in place and run over {@code rows}, its predictions added to {@code moments} as sample s;
     * the weights {@code rest} are set back afterwards, also when a pass fails. The module holds one
     * draw at a time, so the draws are serialised on the model.
     */
    final void addWeightDraws(UserModel model, float[] rest, Dataset rows, PredictiveMoments moments,
            WeightDraw draw) {
        int outputs = header().likelihood().outputs(schema().numClasses());
        float[] theta = new float[rest.length];
        synchronized (model) {
            try {
                for (int sample = 0; sample < samples(); sample++) {
                    draw.draw(sample, theta);
                    model.setFlatWeights(theta);
                    add(moments, model.predictions(rows).predictions(), outputs, sample, Double.NaN);
                }
            } finally {
                model.setFlatWeights(rest);
            }
        }
    }

    /** The header written to the model directory: the subclass's {@code method} for its loader. */
    final ModelHeader manifestHeader(String method) {
        return header().withMethod(method);
    }

    /**
     * The manifest of a posterior over one user network: {@link #manifestHeader}'s, with S, σ and the
     * network's predictions output ({@link SingleNetworkFields} reads them back).
     */
    final JsonObject singleNetworkManifest(String method, UserModel model) {
        JsonObject m = manifestHeader(method).manifest();
        m.addProperty("samples", samples);
        m.addProperty("sigmaNoise", sigmaNoise);
        m.addProperty("predictionsOutput", model.outputs().predictions());
        return m;
    }

    /**
     * The fields {@link #singleNetworkManifest} wrote: S, σ and the predictions output.
     *
     * @param outputs the network's outputs (the predictions named, the features not needed)
     */
    record SingleNetworkFields(int samples, double sigmaNoise, OutputSelection outputs) {
        static SingleNetworkFields read(ModelDirectory md) {
            int samples = ManifestCodec.read(md, "samples", () -> md.intField("samples"));
            double sigma = ManifestCodec.read(md, "sigmaNoise", () -> md.manifest().get("sigmaNoise").getAsDouble());
            int predictions = ManifestCodec.read(md, "predictionsOutput", () -> md.intField("predictionsOutput"));
            return new SingleNetworkFields(samples, sigma, new OutputSelection(predictions, OptionalInt.empty()));
        }
    }
}
