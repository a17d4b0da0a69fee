package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.ood.OodEvaluation;
import org.bdl4j.ood.OodScore;
import org.bdl4j.ood.OodScorer;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;

/**
 * OOD: every classification OOD score of {@code org.bdl4j.ood} for each method on Fashion-MNIST, against
 * the flip, invert and noise sets (2,000 rows each, made from the first test images; the in-distribution
 * rows are the 10,000 test images) and any extra sets named by {@code --extra-ood NAME=PATH} (all the
 * 28x28 images of an IDX3 file, scaled x/255 and shaped as the Fashion-MNIST rows, e.g. the real digits
 * of {@code scripts/real-digits}). Networks: W1's MLP (784-256-256-10, dropout 0.1) and LeNet-5 (dropout
 * 0.1), each trained as W1's MAP ({@value PosteriorBench#MAP_EPOCHS} epochs of Adam, lr 1e-3, batch 128,
 * weight decay 5e-4) on the benchmark's 55,000 training images; every method starts from that MAP with its
 * defaults except those named in {@link #VARIANTS}. The Mahalanobis score is fitted on the 55,000 training
 * images. One JSON line per network and method: accuracy and NLL, and per set ({@code flip}, {@code invert},
 * {@code noise}, then each extra NAME) and score {@code auroc_SET_SCORE} with its 95% bootstrap interval
 * (200 replicates, {@code auroc_lo_SET_SCORE}, {@code auroc_hi_SET_SCORE}) and {@code fpr95_SET_SCORE}; the
 * setting {@code extra_ood} names each extra set's file and rows.
 */
final class OodFashion {
    /** Bootstrap replicates of the intervals. */
    static final int BOOTSTRAP = 200;

    /** The methods and their non-default options, by row name. */
    static final Map<String, Map<String, String>> VARIANTS = variants();

    private OodFashion() {}

    private static Map<String, Map<String, String>> variants() {
        Map<String, Map<String, String>> v = new LinkedHashMap<>();
        v.put("map", Map.of("method", "map"));
        v.put("ensemble", Map.of("method", "ensemble", "members", "5"));
        v.put("laplace-last-layer", Map.of("method", "laplace"));
        v.put("laplace-all-kfac", Map.of("method", "laplace", "subset", "all", "hessian", "kron"));
        v.put("mc-dropout", Map.of("method", "mc-dropout"));
        return v;
    }

    /**
     * @param networks {@code mlp}, {@code lenet} or both
     * @param rows the names of {@link #VARIANTS} to run (empty: all)
     * @param extraOod extra OOD sets: name to IDX3 file of 28x28 images (empty: none)
     */
    static void run(Path dataDir, List<String> networks, List<String> rows, Map<String, Path> extraOod) {
        for (String name : extraOod.keySet()) {
            if (!name.matches("[a-z0-9][a-z0-9-]*") || Arrays.stream(FashionMnist.Ood.values())
                    .anyMatch(o -> o.name().equalsIgnoreCase(name))) {
                throw new IllegalArgumentException("--extra-ood: a set's name is lower-case letters, digits and '-',"
                        + " not flip, invert or noise; found '" + name + "'");
            }
        }
        for (String network : networks) {
            boolean flat = network.equals("mlp");
            NetworkSpec spec = switch (network) {
                case "mlp" -> W1MapTraining.spec();
                case "lenet" -> NetworkSpec.lenet(new int[] {1, FashionMnist.HEIGHT, FashionMnist.WIDTH}, Activation.RELU,
                        0.1f, 10);
                default -> throw new IllegalArgumentException("OOD networks are mlp and lenet, found " + network);
            };
            FashionData data = FashionData.load(dataDir, flat);
            Map<String, Dataset> sets = new LinkedHashMap<>();
            data.ood().forEach((kind, d) -> sets.put(kind.name().toLowerCase(Locale.ROOT), d));
            Map<String, String> described = new LinkedHashMap<>();
            extraOod.forEach((name, file) -> {
                Dataset d = FashionData.images(file, flat);
                sets.put(name, d);
                described.put(name, file + " (" + d.rows() + " rows)");
            });
            runNetwork(network, spec, data, sets, described, rows);
        }
    }

    private static void runNetwork(String network, NetworkSpec spec, FashionData data, Map<String, Dataset> oodSets,
            Map<String, String> extraOod, List<String> rows) {
        long seed = W1MapTraining.SEED;
        FitRequest base = FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL).network(spec)
                .standardize(false).trainer(W1MapTraining.trainer(PosteriorBench.MAP_EPOCHS).build()).seed(seed).build();
        long m0 = System.nanoTime();
        try (MapPosterior map = MapMethod.train(base)) {
            double mapSeconds = (System.nanoTime() - m0) / 1e9;
            for (Map.Entry<String, Map<String, String>> v : VARIANTS.entrySet()) {
                if (!rows.isEmpty() && !rows.contains(v.getKey())) {
                    continue;
                }
                Map<String, String> texts = new LinkedHashMap<>(v.getValue());
                PosteriorMethod method = Methods.get(texts.remove("method"));
                OptionValues options = Methods.parseOptions(texts, List.of(method));
                long t0 = System.nanoTime();
                Posterior post = v.getKey().equals("map") ? map
                        : Methods.fit(method, base.withOptions(options).withBase(map));
                try {
                    double fitSeconds = v.getKey().equals("map") ? mapSeconds : (System.nanoTime() - t0) / 1e9;
                    JsonLine line = new JsonLine("OOD", v.getKey(), seed).setting("network", network)
                            .setting("options", options.describe(method.options()))
                            .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                    if (!extraOod.isEmpty()) {
                        line.setting("extra_ood", extraOod);
                    }
                    evaluate(line, post, data, oodSets);
                    line.time("fit", fitSeconds);
                    line.print();
                } finally {
                    if (post != map) {
                        post.close();
                    }
                }
            }
        }
    }

    private static void evaluate(JsonLine line, Posterior post, FashionData data, Map<String, Dataset> oodSets) {
        long s0 = System.nanoTime();
        OodScorer scorer = OodScorer.withTrainingRows(post, data.train());
        line.time("fit_mahalanobis", (System.nanoTime() - s0) / 1e9);
        List<OodScore> scores = OodScore.forTask(Task.CLASSIFICATION);
        long p0 = System.nanoTime();
        OodScorer.Scored in = scorer.score(data.test(), scores);
        line.time("score_10k", (System.nanoTime() - p0) / 1e9);
        ClassificationPredictive test = in.predictive().asClassification();
        line.metrics(ClassificationReport.of(test.probabilities(), data.test().labels()).toMap());
        for (Map.Entry<String, Dataset> e : oodSets.entrySet()) {
            String set = e.getKey();
            OodScorer.Scored out = scorer.score(e.getValue(), scores);
            for (OodScore s : in.scores().keySet()) {
                OodEvaluation r = OodEvaluation.of(in.scores().get(s), out.scores().get(s), BOOTSTRAP, 0.95, 1);
                line.metric("auroc_" + set + "_" + s.cliName(), r.auroc().value());
                line.metric("auroc_lo_" + set + "_" + s.cliName(), r.auroc().lower());
                line.metric("auroc_hi_" + set + "_" + s.cliName(), r.auroc().upper());
                line.metric("fpr95_" + set + "_" + s.cliName(), r.fpr95().value());
            }
        }
    }
}
