package org.bdl4j.usermodel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.Provenances;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.PredictiveMoments;

/**
 * A deep ensemble (Lakshminarayanan et al. 2017) of networks the user trained elsewhere, one file
 * each: the predictive is the equally weighted mixture of the members', p(y | x) = (1/M) Σ_m
 * p(y | f_m(x)) (classification: mean probabilities, expected entropy and the mutual information
 * between the prediction and the member; regression: each member a Gaussian with σ_m fitted to its
 * residuals on the training rows, the mixture's mean, aleatoric (1/M) Σ σ²_m and epistemic variance of
 * the means), streamed through {@link PredictiveMoments}. Nothing is trained.
 *
 * <p>Saved as a model directory of method {@value #METHOD} with a copy of each file.
 */
public final class UserModelEnsemble extends SampledUserPosterior {
    /** The method name in manifests. */
    public static final String METHOD = "user-model-ensemble";

    private final List<UserModel> members;
    private final double[] sigmas;

    private UserModelEnsemble(List<UserModel> members, ModelHeader header, double[] sigmas) {
        super(header, members.size(), Double.NaN);
        this.members = List.copyOf(members);
        this.sigmas = sigmas.clone();
    }

    /**
     * The ensemble of {@code members} (at least 2, the same outputs on the same rows); holds its own
     * reference to each.
     *
     * @throws IllegalArgumentException (one line) for fewer than 2 members, or members whose outputs do
     *     not fit the data or each other
     */
    public static UserModelEnsemble of(List<UserModel> members, FitRequest request) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble of user networks needs at least 2 files, found "
                    + members.size());
        }
        Likelihood likelihood = request.likelihood();
        if (likelihood != Likelihood.CATEGORICAL && likelihood != Likelihood.GAUSSIAN) {
            throw new IllegalArgumentException("an ensemble of user networks takes a categorical or a Gaussian"
                    + " likelihood, found " + likelihood.cliName());
        }
        Dataset train = request.train();
        double[] sigmas = new double[members.size()];
        for (int m = 0; m < members.size(); m++) {
            UserModel.Outputs run = members.get(m).predictions(train);
            try {
                UserModelFit.checkOutputs(train, likelihood, run.predictionWidth());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("member " + (m + 1) + " (" + name(members.get(m)) + "): "
                        + e.getMessage(), e);
            }
            sigmas[m] = likelihood == Likelihood.GAUSSIAN ? UserModelFit.residualSigma(train.targets(),
                    run.predictions()) : Double.NaN;
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("model-files", String.join(",", members.stream().map(UserModelEnsemble::name).toList()));
        ModelHeader header = new ModelHeader(DeepEnsemble.METHOD, likelihood, ModelSchema.of(train, false), null, request.seed(),
                Provenances.now(DataProvenance.of(train), Map.of(), options, null));
        List<UserModel> held = new ArrayList<>();
        members.forEach(u -> held.add(u.retain()));
        return new UserModelEnsemble(held, header, sigmas);
    }

    private static String name(UserModel m) {
        return m.file().map(f -> f.getFileName().toString()).orElse("a DJL block");
    }

    @Override
    void addSamples(Dataset rows, PredictiveMoments moments) {
        int outputs = header().likelihood().outputs(schema().numClasses());
        for (int m = 0; m < members.size(); m++) {
            add(moments, members.get(m).predictions(rows).predictions(), outputs, m, sigmas[m] * sigmas[m]);
        }
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = manifestHeader(METHOD).manifest();
        m.addProperty("members", members.size());
        com.google.gson.JsonArray sig = new com.google.gson.JsonArray();
        for (double v : sigmas) {
            if (Double.isNaN(v)) {
                sig.add(com.google.gson.JsonNull.INSTANCE);
            } else {
                sig.add(v);
            }
        }
        m.add("sigmaNoise", sig);
        m.addProperty("predictionsOutput", members.get(0).outputs().predictions());
        Map<String, ModelDirectory.DirectoryWriter> children = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            children.put(NetworkFile.CHILD + "-" + i, NetworkFile.writer(members.get(i)));
        }
        ModelDirectory.write(directory, m, Map.of(), children);
    }

    /** Reads a directory written by {@link #save}. */
    public static UserModelEnsemble load(ModelDirectory md) {
        ModelHeader h = ModelHeader.read(md).withMethod(DeepEnsemble.METHOD);
        int count = ManifestCodec.read(md, "members", () -> md.intField("members"));
        int predictions = ManifestCodec.read(md, "predictionsOutput", () -> md.intField("predictionsOutput"));
        double[] sigmas = ManifestCodec.read(md, "sigmaNoise", () -> {
            double[] v = new double[count];
            var a = md.manifest().getAsJsonArray("sigmaNoise");
            for (int i = 0; i < count; i++) {
                v[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
            }
            return v;
        });
        List<UserModel> loaded = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                loaded.add(UserModel.load(NetworkFile.checked(md, NetworkFile.CHILD + "-" + i),
                        new OutputSelection(predictions, OptionalInt.empty())));
            }
            return new UserModelEnsemble(loaded, h, sigmas);
        } catch (RuntimeException e) {
            loaded.forEach(UserModel::close);
            throw e instanceof ModelFileException ? e : new ModelFileException(md.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        members.forEach(UserModel::close);
    }
}
