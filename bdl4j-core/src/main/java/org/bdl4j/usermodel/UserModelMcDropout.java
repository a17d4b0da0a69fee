package org.bdl4j.usermodel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.dropout.McDropout;
import org.bdl4j.dropout.McDropoutMethod;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.Provenances;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.PredictiveMoments;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;

/**
 * MC dropout (Gal &amp; Ghahramani 2016) on a user's network that kept its dropout (a
 * {@code torch.jit.script}ed module): the predictive is the average of S passes in training mode,
 * p(y | x) ≈ (1/S) Σ_s p(y | f_s(x)), each pass with its own dropout masks, streamed through
 * {@link PredictiveMoments} (classification: mean probabilities and expected entropy; regression: the
 * mixture's mean, σ² as aleatoric and the passes' variance as epistemic, with σ fitted to the network's
 * residuals on the training rows). Nothing is trained: the network is the user's.
 *
 * <p>Refused, in one line, for a network whose predictions do not change between passes in training
 * mode: {@code torch.jit.trace} and ONNX export keep no dropout. Training mode also switches batch
 * normalisation to batch statistics, so this is for networks without it.
 *
 * <p>Saved as a model directory of method {@value #METHOD} with a copy of the network file.
 */
public final class UserModelMcDropout extends SampledUserPosterior {
    /** The method name in manifests. */
    public static final String METHOD = "user-model-mc-dropout";
    /** The stream of the seed that draws the dropout masks at prediction. */
    private static final long SAMPLING_STREAM = 0x756d6463L;

    private final UserModel model;

    private UserModelMcDropout(UserModel model, ModelHeader header, int samples, double sigmaNoise) {
        super(header, samples, sigmaNoise);
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * MC dropout on {@code model} with the request's {@code samples} option; holds its own reference to
     * the model.
     *
     * @throws IllegalArgumentException (one line) if the network has no dropout left, or for options
     *     that set a dropout rate (the network's own rates apply)
     */
    public static UserModelMcDropout fit(UserModel model, FitRequest request) {
        for (OptionDescriptor<?> d : List.of(McDropoutMethod.RATE, McDropoutMethod.PREDICT_RATE,
                McDropoutMethod.SAMPLING)) {
            if (request.options().isSet(d)) {
                throw new InvalidOptionException(d.name(), "{" + d.name() + "} does not apply to a user's network"
                        + " (its dropout layers and rates are its own)");
            }
        }
        Dataset train = request.train();
        if (!model.variesInTrainingMode(train)) {
            throw new IllegalArgumentException("the network's predictions do not change between passes in training"
                    + " mode, so it has no dropout left for MC dropout (torch.jit.trace and ONNX export keep none;"
                    + " export with torch.jit.script)");
        }
        Likelihood likelihood = request.likelihood();
        UserModel.Outputs run = model.predictions(train);
        UserModelFit.checkOutputs(train, likelihood, run.predictionWidth());
        double sigma = likelihood == Likelihood.GAUSSIAN ? UserModelFit.residualSigma(train.targets(),
                run.predictions()) : Double.NaN;
        int samples = request.options().get(McDropoutMethod.SAMPLES);
        Map<String, String> options = new LinkedHashMap<>();
        options.put(McDropoutMethod.SAMPLES.name(), Integer.toString(samples));
        model.file().ifPresent(f -> options.put("model-file", f.getFileName().toString()));
        ModelHeader header = new ModelHeader(McDropout.METHOD, likelihood, ModelSchema.of(train, false), null, request.seed(),
                Provenances.now(DataProvenance.of(train), Map.of(), options, null));
        return new UserModelMcDropout(model.retain(), header, samples, sigma);
    }

    @Override
    void addSamples(Dataset rows, PredictiveMoments moments) {
        Seeds.withEngineSeed(Seeds.derive(header().seed(), SAMPLING_STREAM), () -> {
            model.trainingModePasses(rows, samples(), moments);
            return null;
        });
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = singleNetworkManifest(METHOD, model);
        ModelDirectory.write(directory, m, Map.of(), Map.of(NetworkFile.CHILD, NetworkFile.writer(model)));
    }

    /** Reads a directory written by {@link #save}. */
    public static UserModelMcDropout load(ModelDirectory md) {
        ModelHeader h = ModelHeader.read(md).withMethod(McDropout.METHOD);
        SingleNetworkFields f = SingleNetworkFields.read(md);
        UserModel model = UserModel.load(NetworkFile.checked(md), f.outputs());
        return new UserModelMcDropout(model, h, f.samples(), f.sigmaNoise());
    }

    @Override
    public void close() {
        model.close();
    }
}
