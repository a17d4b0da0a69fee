package org.bdl4j.bench;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;

/**
 * W6: LeNet-5 on Fashion-MNIST against the quality table of google/uncertainty-baselines for that
 * network (MAP 91.0% / NLL 0.321; 10-member ensemble 93.2% / 0.200 / ECE 0.010; VI 89.5% / 0.292 /
 * 0.011). The network conv(6, 5x5, pad 2) - maxpool 2 - conv(16, 5x5) - maxpool 2 - 120 - 84 - 10, ReLU,
 * dropout 0.1 after the two hidden dense layers (so that MC dropout is the same network); W1's
 * training (Adam, lr 1e-3, coupled weight decay 5e-4, batch 128, seed 1 or {@code --first-seed}) for at most
 * {@value #MAX_EPOCHS} epochs with early stopping on the 5,000 validation images' NLL (patience
 * {@value #PATIENCE} epochs by default, {@code --patience} otherwise; the best weights kept): the budget is
 * chosen by the data, not fixed.
 *
 * <p>{@code --networks ub-lenet} runs the same rows on uncertainty-baselines' own LeNet-5 instead
 * ({@link NetworkSpec#uncertaintyBaselinesLenet}): conv 6, 16 and 120 with "same" padding, max-pools after
 * the first two, dense 84 (dropout 0.1 after it) and 10; 545,546 weights against the classical shape's
 * 61,706.
 *
 * <p>{@code --recipe published} trains the MAP and every ensemble member as uncertainty-baselines'
 * {@code deterministic.py} does instead: no dropout, no weight decay, Adam at 1e-3 with batch
 * {@value #PUBLISHED_BATCH} for {@value #PUBLISHED_EPOCHS} epochs (their 5,000 steps on 50,000 images; here
 * 5,371 on our 55,000) without early stopping, the last weights kept.
 *
 * <p>Rows ({@code --methods}, default all): {@code map}; {@code ensemble} (10 members, each trained the
 * same way from its own seed); {@code vi}, {@code swag}, {@code laplace-last-layer} (KFAC, the
 * library's defaults), {@code laplace-all-kfac} and {@code mc-dropout} around the MAP, with their
 * defaults and the validation images; {@code laplace-all-kfac-marglik} (not run by default), all-weights
 * KFAC with the prior precision from the marginal likelihood alone, without the default's check on a
 * grid of validation predictives (which is slow on large networks). Each line: accuracy, NLL, Brier, ECE
 * and MCE on the 10,000 test
 * images, the MAP's epochs run and best epoch, seconds of the method's own fit (the MAP's included for
 * {@code map} and {@code ensemble}) and of predicting the test images, the seconds per MAP epoch, and a
 * Laplace row's prior precision.
 */
final class W6LeNet {
    static final int MAX_EPOCHS = 100;
    static final int PATIENCE = 5;
    static final int PUBLISHED_EPOCHS = 25;
    static final int PUBLISHED_BATCH = 256;
    /** The rows run only when {@code --methods} names them. */
    static final java.util.Set<String> OPT_IN_ROWS = java.util.Set.of("laplace-all-kfac-marglik");
    /** The rows and their options beyond the defaults. */
    static final Map<String, Map<String, String>> ROWS = rows();

    private W6LeNet() {}

    private static Map<String, Map<String, String>> rows() {
        Map<String, Map<String, String>> v = new LinkedHashMap<>();
        v.put("map", Map.of("method", "map"));
        v.put("ensemble", Map.of("method", "ensemble", "members", "10"));
        v.put("vi", Map.of("method", "vi"));
        v.put("swag", Map.of("method", "swag"));
        v.put("laplace-last-layer", Map.of("method", "laplace"));
        v.put("laplace-all-kfac", Map.of("method", "laplace", "subset", "all", "hessian", "kron"));
        v.put("laplace-all-kfac-marglik", Map.of("method", "laplace", "subset", "all", "hessian", "kron",
                "prior-optimize", "marglik"));
        v.put("mc-dropout", Map.of("method", "mc-dropout"));
        return v;
    }

    /** How the MAP and the ensemble's members are trained: bdl4j's W1 training or the published one. */
    enum Recipe {
        BDL4J, PUBLISHED;

        static Recipe parse(String text) {
            return switch (text) {
                case "bdl4j" -> BDL4J;
                case "published" -> PUBLISHED;
                default -> throw new IllegalArgumentException("W6: --recipe must be bdl4j or published, found '"
                        + text + "'");
            };
        }

        float dropout() {
            return this == BDL4J ? 0.1f : 0f;
        }

        org.bdl4j.train.MapTrainer trainer(int patience, long seed) {
            return this == BDL4J ? W1MapTraining.trainer(MAX_EPOCHS).optPatience(patience).optSeed(seed).build()
                    : org.bdl4j.train.MapTrainer.builder().optEpochs(PUBLISHED_EPOCHS).optBatchSize(PUBLISHED_BATCH)
                            .optLearningRate(1e-3).optWeightDecay(0).optPatience(0).optSeed(seed).build();
        }

        String describe(int patience) {
            return this == BDL4J ? "adam lr 1e-3, weight decay 5e-4, batch 128, at most " + MAX_EPOCHS
                    + " epochs, early stopping on the 5,000 validation images (patience " + patience + ")"
                    : "published: adam lr 1e-3, no weight decay, no dropout, batch " + PUBLISHED_BATCH + ", "
                            + PUBLISHED_EPOCHS + " epochs, no early stopping";
        }
    }

    /** The LeNet-5 of W6: {@code lenet} (the classical shape) or {@code ub-lenet} (uncertainty-baselines'). */
    static NetworkSpec spec(String network, float dropout) {
        int[] image = {1, FashionMnist.HEIGHT, FashionMnist.WIDTH};
        return switch (network) {
            case "lenet" -> NetworkSpec.lenet(image, Activation.RELU, dropout, 10);
            case "ub-lenet" -> NetworkSpec.uncertaintyBaselinesLenet(image, Activation.RELU, dropout, 10);
            default -> throw new IllegalArgumentException("W6: unknown network '" + network
                    + "' (available: lenet, ub-lenet)");
        };
    }

    /**
     * @param network {@code lenet} or {@code ub-lenet} ({@link #spec})
     * @param methods the names of {@link #ROWS} to run (empty: all)
     * @param patience the early stopping's patience in epochs, for the MAP and every member trained
     *     ({@value #PATIENCE} by default; the published recipe does not stop early)
     * @param recipe how the MAP and the members are trained
     * @param seed the seed of the MAP's training, from which every method derives its own
     */
    static void run(Path dataDir, String network, List<String> methods, int patience, Recipe recipe, long seed) {
        if (patience < 1) {
            throw new IllegalArgumentException("W6: --patience must be at least 1, found " + patience);
        }
        NetworkSpec spec = spec(network, recipe.dropout());
        for (String m : methods) {
            if (!ROWS.containsKey(m)) {
                throw new IllegalArgumentException("W6: unknown row '" + m + "' (available: "
                        + String.join(", ", ROWS.keySet()) + ")");
            }
        }
        FashionData data = FashionData.load(dataDir, false);
        FitRequest base = FitRequest.builder(data.train()).validation(data.validation())
                .likelihood(Likelihood.CATEGORICAL).network(spec).standardize(false)
                .trainer(recipe.trainer(patience, seed)).seed(seed).build();
        long m0 = System.nanoTime();
        try (MapPosterior map = MapMethod.train(base)) {
            double mapSeconds = seconds(m0);
            JsonObject training = map.manifest(map.header()).getAsJsonObject("hyperparameters");
            int epochs = training.get("epochs").getAsInt();
            for (Map.Entry<String, Map<String, String>> row : ROWS.entrySet()) {
                boolean asked = methods.isEmpty() ? !OPT_IN_ROWS.contains(row.getKey())
                        : methods.contains(row.getKey());
                if (!asked) {
                    continue;
                }
                Map<String, String> texts = new LinkedHashMap<>(row.getValue());
                PosteriorMethod method = Methods.get(texts.remove("method"));
                OptionValues options = Methods.parseOptions(texts, List.of(method));
                long t0 = System.nanoTime();
                boolean isMap = row.getKey().equals("map");
                Posterior post = isMap ? map : Methods.fit(method, method.startsFromMap()
                        ? base.withOptions(options).withBase(map) : base.withOptions(options));
                try {
                    double fit = isMap ? mapSeconds : seconds(t0);
                    long p0 = System.nanoTime();
                    ClassificationPredictive p = post.predictClasses(data.test());
                    double predict = seconds(p0);
                    JsonLine line = new JsonLine("W6", row.getKey(), seed).setting("network", spec.describe())
                            .setting("options", options.describe(method.options()))
                            .setting("map_training", recipe.describe(patience))
                            .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                    line.metrics(ClassificationReport.of(p.probabilities(), data.test().labels()).toMap());
                    line.field("map_epochs", epochs);
                    line.field("map_best_epoch", training.get("bestEpoch").getAsInt());
                    line.time("fit", fit);
                    line.time("map_epoch", mapSeconds / epochs);
                    line.time("predict_10k", predict);
                    if (post instanceof org.bdl4j.laplace.LaplacePosterior laplace) {
                        line.field("prior_precision", laplace.priorPrecision());
                    }
                    line.print();
                } finally {
                    if (post != map) {
                        post.close();
                    }
                }
            }
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
