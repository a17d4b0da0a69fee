package org.bdl4j.usermodel;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.dropout.McDropoutMethod;
import org.bdl4j.ensemble.EnsembleMethod;
import org.bdl4j.laplace.LaplaceMethod;
import org.bdl4j.laplace.LaplaceSubset;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.swag.SwagMethod;
import org.bdl4j.swag.SwagSubset;
import org.bdl4j.train.MapPosterior;

/**
 * Fits a method of the registry to a user model's last layer.
 *
 * <p>The user's network is split at its last layer, f(x) = W φ(x) + b. The features φ are computed
 * once on the training and validation rows; the layer (W, b) is found among the model's parameters
 * as the linear layer that reproduces the model's predictions from its features (to
 * {@value #TOLERANCE} relative). The method then sees a one-layer network on φ whose MAP is the
 * user's (W, b): post-hoc methods (Laplace, VI, SWAG, SGLD, HMC, the MAP itself) start from it, and
 * an ensemble trains new heads on φ. For a Gaussian likelihood the noise σ is the maximum-likelihood
 * one of the user's predictions on the training rows, σ² = mean (y − f(x))².
 *
 * <p>Two forms use the whole network instead: MC dropout runs it in training mode
 * ({@link UserModelMcDropout}), for a network that kept its dropout; Laplace with {@code subset all} is
 * diagonal over all its weights ({@link UserModelDiagLaplace}), for a TorchScript file.
 *
 * <p>The user's training prior is not known: a method that needs the MAP's prior precision (the
 * samplers' {@code uniform} candidate) takes the request trainer's (default 1). Class k of the model
 * is the k-th class of the data: numeric labels must be 0, ..., C−1.
 */
public final class UserModelFit {
    /** The largest relative difference |W φ + b − f| / (1 + max |f|) accepted for the last layer. */
    public static final double TOLERANCE = 1e-4;
    /** Rows on which the last layer is checked against the model's predictions. */
    static final int CHECK_ROWS = 512;

    private UserModelFit() {}

    /**
     * Fits {@code method} to the last layer of {@code model} on the request's rows (its training and
     * validation rows, likelihood, seed, trainer and options; its network and standardisation do not
     * apply). The result holds its own reference to {@code model} ({@link UserModel#retain}): the
     * caller closes its own.
     *
     * @throws IllegalArgumentException (one line) for a likelihood, method or data the model cannot
     *     serve, or when no linear layer of the model maps its features to its predictions
     */
    public static Posterior fit(UserModel model, PosteriorMethod method, FitRequest request) {
        checkMethod(method, request.likelihood());
        Posterior whole = overAllWeights(model, method, request);
        if (whole != null) {
            return whole;
        }
        try (Prepared head = prepare(model, request)) {
            return head.fit(method, request);
        }
    }

    /**
     * The features of the request's rows, the user's last layer and the MAP it makes, computed once
     * for fitting several methods ({@link Prepared#fit}). Holds its own reference to {@code model}.
     */
    public static Prepared prepare(UserModel model, FitRequest request) {
        Likelihood likelihood = request.likelihood();
        if (likelihood != Likelihood.CATEGORICAL && likelihood != Likelihood.GAUSSIAN) {
            throw new IllegalArgumentException("a user model's last layer is fitted with a categorical or a Gaussian"
                    + " likelihood, found " + likelihood.cliName());
        }
        long t0 = System.nanoTime();
        Dataset train = request.train();
        UserModel.Outputs run = model.run(train);
        LinearLayer layer = lastLayer(model, run);
        checkOutputs(train, likelihood, run.predictionWidth());
        Dataset headTrain = onFeatures(train, run);
        Dataset headValidation = request.validation().map(v -> onFeatures(v, model.run(v))).orElse(null);
        NetworkSpec head = NetworkSpec.mlp(new int[] {run.featureWidth()}, new int[0], Activation.TANH, 0f,
                run.predictionWidth());
        MapPosterior map = userMap(head, layer, likelihood, headTrain, run, request);
        FitRequest onHead = FitRequest.builder(headTrain).validation(headValidation).likelihood(likelihood)
                .network(head).standardize(false).trainer(request.trainer()).seed(request.seed())
                .options(request.options()).base(map).build();
        return new Prepared(model.retain(), layer, train, onHead, map, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * A user model ready for its last layer's methods: the features of the training and validation rows,
     * the user's layer and the MAP it makes. Closing it releases its reference to the model and frees
     * the MAP; the posteriors fitted stay valid.
     */
    public static final class Prepared implements AutoCloseable {
        private final UserModel model;
        private final LinearLayer layer;
        private final Dataset train;
        private final FitRequest onHead;
        private final MapPosterior map;
        private final double seconds;

        private Prepared(UserModel model, LinearLayer layer, Dataset train, FitRequest onHead, MapPosterior map,
                double seconds) {
            this.model = model;
            this.layer = layer;
            this.train = train;
            this.onHead = onHead;
            this.map = map;
            this.seconds = seconds;
        }

        /** The seconds the preparation took (the features of every row, the layer search). */
        public double seconds() {
            return seconds;
        }

        /** The user's last layer. */
        public LinearLayer lastLayer() {
            return layer;
        }

        /** The request the methods see: the features with the user's MAP as its base. */
        public FitRequest headRequest() {
            return onHead;
        }

        /**
         * Fits {@code method} to the last layer with the trainer, options and seed of {@code request}
         * (e.g. the prepared request with a progress listener), on the prepared features.
         */
        public Posterior fit(PosteriorMethod method, FitRequest request) {
            checkMethod(method, onHead.likelihood());
            Posterior whole = overAllWeights(model, method, request);
            if (whole != null) {
                return whole;
            }
            FitRequest r = onHead.withTrainer(request.trainer()).withOptions(request.options());
            Posterior fitted = Methods.fit(method, r);
            try {
                return new UserModelPosterior(model.retain(), layer.name(), fitted, ModelSchema.of(train, false),
                        UserModelPosterior.provenance(train, fitted, model, layer.name()));
            } catch (RuntimeException e) {
                model.close();
                fitted.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                map.close();
            } finally {
                model.close();
            }
        }
    }

    /**
     * The methods that use the whole network rather than its last layer: MC dropout, Laplace with
     * {@code subset all} (diagonal, {@link UserModelDiagLaplace}) and SWAG with {@code swag-subset all}
     * (by fine-tuning, {@link UserModelSwag}); null for the others.
     */
    private static Posterior overAllWeights(UserModel model, PosteriorMethod method, FitRequest request) {
        if (method instanceof McDropoutMethod) {
            return UserModelMcDropout.fit(model, request);
        }
        if (method instanceof LaplaceMethod && request.options().isSet(LaplaceMethod.SUBSET)
                && request.options().get(LaplaceMethod.SUBSET) == LaplaceSubset.ALL) {
            return UserModelDiagLaplace.fit(model, request);
        }
        if (method instanceof SwagMethod && request.options().get(SwagMethod.SUBSET) == SwagSubset.ALL) {
            return UserModelSwag.fit(model, request);
        }
        return null;
    }

    private static void checkMethod(PosteriorMethod method, Likelihood likelihood) {
        if (!method.startsFromMap() && !(method instanceof EnsembleMethod) && !(method instanceof McDropoutMethod)) {
            throw new IllegalArgumentException(method.name() + " trains its own network, which a user model does not"
                    + " have; on a user model use " + String.join(", ", lastLayerMethods(likelihood))
                    + " or mc-dropout");
        }
        Methods.checkSupports(method, likelihood);
    }

    /** The methods that fit a user model's last layer for {@code likelihood}. */
    public static List<String> lastLayerMethods(Likelihood likelihood) {
        List<String> out = new ArrayList<>();
        for (PosteriorMethod m : Methods.supporting(likelihood)) {
            if (m.startsFromMap() || m instanceof EnsembleMethod) {
                out.add(m.name());
            }
        }
        return out;
    }

    /**
     * The linear layer of {@code model} that reproduces the run's predictions from its features.
     *
     * @throws IllegalArgumentException naming the widths and the closest layer when none does
     */
    public static LinearLayer lastLayer(UserModel model, UserModel.Outputs run) {
        String outputs = "output " + model.outputs().predictions() + " (" + run.predictionWidth() + " values a row)"
                + " from the features (" + run.featureWidth() + " a row)";
        java.util.Optional<List<LinearLayer>> readable = model.linearLayers();
        if (readable.isEmpty()) {
            return fittedLastLayer(run, outputs);
        }
        List<LinearLayer> layers = readable.get();
        UserModel.Outputs sample = head(run, CHECK_ROWS);
        LinearLayer best = null;
        double bestMismatch = Double.POSITIVE_INFINITY;
        for (LinearLayer l : layers) {
            double m = l.mismatch(sample);
            if (m < bestMismatch) {
                best = l;
                bestMismatch = m;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no linear layer of the model maps " + run.featureWidth()
                    + " features to " + run.predictionWidth() + " outputs (its linear layers: "
                    + (layers.isEmpty() ? "none found" : layers.toString().replaceAll("[\\[\\]]", ""))
                    + "): is the features output the input of the last layer?");
        }
        return checked(best, bestMismatch, outputs);
    }

    /**
     * The last layer of a model whose parameters are hidden (ONNX), by {@link LinearLayer#leastSquares}
     * on the first rows, checked on up to {@value #CHECK_ROWS} of the others: at least 2 (D + 1) rows
     * are fitted (at most 8 (D + 1)) and as many more are needed to check, so that an exact fit on too
     * few rows cannot pass for the model's layer.
     */
    private static LinearLayer fittedLastLayer(UserModel.Outputs run, String outputs) {
        int unknowns = run.featureWidth() + 1;
        if (run.rows() < 4 * unknowns) {
            throw new IllegalArgumentException("this model's parameters cannot be read, so its last layer is recovered"
                    + " from its outputs, which needs at least " + 4 * unknowns + " rows (4 x (features + 1)), found "
                    + run.rows());
        }
        int fitted = Math.min(8 * unknowns, run.rows() / 2);
        LinearLayer layer = LinearLayer.leastSquares(run, 0, fitted);
        return checked(layer, layer.mismatch(run, fitted, Math.min(run.rows(), fitted + CHECK_ROWS)), outputs);
    }

    private static LinearLayer checked(LinearLayer layer, double mismatch, String outputs) {
        if (mismatch > TOLERANCE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the layer %s does not reproduce %s"
                    + " (relative difference %.3g): is the features output the input of the last layer, with"
                    + " nothing after it?", layer, outputs, mismatch));
        }
        return layer;
    }

    /** Checks that the model's output width fits the likelihood and the data's classes. */
    static void checkOutputs(Dataset train, Likelihood likelihood, int width) {
        if (likelihood == Likelihood.GAUSSIAN) {
            if (width != 1) {
                throw new IllegalArgumentException("a regression model must return one value a row (the mean), this"
                        + " one returns " + width);
            }
            return;
        }
        List<String> classes = train.classNames();
        if (classes.size() != width) {
            throw new IllegalArgumentException("the model has " + width + " outputs, the data " + classes.size()
                    + " classes (" + abbreviate(classes) + "): output k is paired with the k-th class");
        }
        for (int k = 0; k < classes.size(); k++) {
            Double v = parse(classes.get(k));
            if (v != null && v != k && classes.stream().allMatch(c -> parse(c) != null)) {
                throw new IllegalArgumentException("numeric labels must be 0, ..., " + (width - 1) + " to pair with"
                        + " the model's outputs, found " + abbreviate(classes));
            }
        }
    }

    private static Double parse(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(List<String> classes) {
        return classes.size() <= 10 ? String.join(", ", classes)
                : String.join(", ", classes.subList(0, 10)) + ", ... " + classes.size() + " in all";
    }

    private static MapPosterior userMap(NetworkSpec head, LinearLayer layer, Likelihood likelihood, Dataset headTrain,
            UserModel.Outputs run, FitRequest request) {
        double sigma = likelihood == Likelihood.GAUSSIAN ? residualSigma(headTrain.targets(), run.predictions())
                : Double.NaN;
        JsonObject info = new JsonObject();
        info.addProperty("priorPrecision", request.trainer().priorPrecision(headTrain.rows()));
        info.addProperty("trainRows", headTrain.rows());
        info.addProperty("lastLayer", layer.name());
        ModelHeader header = ModelHeader.fitted(MapPosterior.METHOD, likelihood, ModelSchema.of(headTrain, false), head,
                request.seed(), headTrain, Map.of(), Map.of());
        Network net = Network.withParameters(head, DropoutMode.STANDARD, layer.theta(), ai.djl.Device.cpu());
        try {
            return new MapPosterior(net, header, sigma, info);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** The maximum-likelihood Gaussian σ of the predictions f: sqrt(mean (y − f)²). */
    static double residualSigma(float[] targets, float[] predictions) {
        double ss = 0;
        for (int i = 0; i < targets.length; i++) {
            double r = targets[i] - predictions[i];
            ss += r * r;
        }
        return Math.sqrt(ss / targets.length);
    }

    /**
     * {@code inputs} checked against the user data's schema and shaped as its rows: a user's network takes
     * the rows as they are (no standardisation).
     *
     * @throws IllegalArgumentException naming both widths when they differ
     */
    static Dataset conformed(ModelSchema schema, Dataset inputs) {
        if (inputs.featureCount() != schema.featureCount()) {
            throw new IllegalArgumentException("the model takes " + schema.featureCount() + " features a row, the"
                    + " data has " + inputs.featureCount());
        }
        return java.util.Arrays.equals(inputs.featureShape(), schema.featureShape()) ? inputs
                : inputs.withFeatures(inputs.features(), schema.featureShape(), schema.featureNames());
    }

    /** {@code data} with the user model's features in place of its inputs (targets kept). */
    static Dataset onFeatures(Dataset data, UserModel.Outputs run) {
        return data.withFeatures(run.features(), new int[] {run.featureWidth()}, featureNames(run.featureWidth()));
    }

    static List<String> featureNames(int d) {
        List<String> names = new ArrayList<>(d);
        for (int i = 0; i < d; i++) {
            names.add("phi" + i);
        }
        return names;
    }

    private static UserModel.Outputs head(UserModel.Outputs run, int rows) {
        if (run.rows() <= rows) {
            return run;
        }
        float[] p = java.util.Arrays.copyOf(run.predictions(), rows * run.predictionWidth());
        float[] f = java.util.Arrays.copyOf(run.features(), rows * run.featureWidth());
        return new UserModel.Outputs(p, run.predictionWidth(), f, run.featureWidth(), rows);
    }
}
