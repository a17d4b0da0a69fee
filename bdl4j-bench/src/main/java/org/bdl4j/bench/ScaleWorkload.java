package org.bdl4j.bench;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.Dataset;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.ensemble.EnsembleTraining;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.laplace.Link;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.math.Vectors;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingResult;

/**
 * SCALE: how cost grows with the size of the problem. Each sweep measures seconds (and the peak resident
 * memory above the level before the point) at growing sizes of one quantity, prints a JSON line per point
 * and then, per series, a line with the least-squares slope of log(cost) on log(size) next to the
 * expected exponent ({@link ScaleSeries}). Inputs are N(0, I_64) rows labelled by the arg max of a fixed
 * random linear map ({@link #data}); networks are MLPs with ReLU and no dropout, seed 1. Where only cost
 * matters the networks are left untrained, as in W4C (the weights' values do not change the work).
 * Sizes below are the full run's; {@code --quick} runs tiny ones ({@link Sizes#QUICK}).
 *
 * <ul>
 *   <li><b>rows</b>: the MAP predictive of an MLP 64-256-256-10 for 10³ to 10⁶ rows, and one epoch of its
 *       training (W1's Adam lr 1e-3, weight decay 5e-4, batch 128) on 10³ to 10⁵ rows. The work per row
 *       is fixed (2·(64·256 + 256² + 256·10) ≈ 1.7·10⁵ flops forward), so time ∝ N: exponent 1. Memory:
 *       the predictive holds N x C outputs as floats and probabilities as doubles (about 150 bytes a
 *       row at C = 10, the inputs being allocated before the point): exponent 1, on top of a fixed
 *       workspace of the engine and allocator (tens of MB) that flattens the slope below 10⁵ rows;
 *       training works batch by batch, so its memory does not grow with N (no memory exponent).
 *   <li><b>width</b>: one training epoch of 64-w-w-10 on 10,000 rows for w = 256 to 2,048. Flops per row
 *       6·(64w + w² + 10w) (forward and backward): the w x w product makes the exponent 2 at large w, but
 *       at w = 256 the first and last layers are still a fifth of the work, and per-batch overheads
 *       (about 80 optimiser steps) flatten the curve further; the summary carries the exponent of the
 *       flop count alone over the same widths ({@code model_exponent_fit_epoch}, about 1.9). Memory:
 *       weights, gradients and Adam's two moments, 4 floats per parameter: exponent 2.
 *   <li><b>classes</b>: last-layer Laplace (GGN, λ fixed at 1, GLM probit predictive) of an untrained
 *       64-64-C network, P = 65·C last-layer weights, fitted on 5,000 rows and predicting 2,000. Phases:
 *       {@code fit} (the curvature pass), {@code first_predict} (the first prediction, which forms what
 *       the predictive needs), {@code predict} (the median of {@value #PREDICT_REPEATS} further
 *       predictions of the same rows, so that a point timed once still times this short step several
 *       times), {@code prepare} (the first prediction less that median) and {@code total} (fit + first
 *       prediction).
 *       <ul>
 *         <li>FULL for C = 10, 20, 50, 100 (P up to 6,500: 338 MB per P x P matrix of doubles). The
 *             curvature pass costs N·P² multiply-adds (float32 products), the inverse Σ = (H + λI)⁻¹
 *             that the first prediction forms about 2P³ flops (float64), and each predicted row
 *             (F+1)²·C for the probit's variances. So {@code fit} grows as C² and {@code prepare} as C³;
 *             the inverse overtakes the curvature pass near P ≈ N/2 by flops, nearer N/4 in time
 *             (float64 against float32), i.e. C ≈ 20 to 40 at N = 5,000: below that the total's slope is
 *             about 2, above it it tends to 3. Memory: several P x P copies (the dense curvature, the
 *             precision and its inverse in the engine, the symmetrised and rearranged Σ): exponent 2.
 *         <li>KFAC for C = 10, 100, 1,000: the factors are A = (F+1)², fixed, and G = C x C, summed from
 *             the per-row softmax Hessians in N·C² multiply-adds (float64 products in the engine) and
 *             eigendecomposed in O(C³) by the engine's {@code torch.linalg.eigh} (the whole fit 0.38 s
 *             at C = 1,000 on one core; in EJML, before, the eigendecomposition alone took about 0.7 s);
 *             each predicted row costs (F+1)² + (F+1)·C + C² (the diagonal of Q_G diag(w) Q_Gᵀ),
 *             exponent 2. So {@code fit} tends to 3 and lies between 2 and 3 at
 *             the top of the range; at C ≤ 100 the forward pass and the per-batch overheads, fixed or
 *             linear in C, dominate and every slope is well below its exponent. Memory: rows x C arrays
 *             (outputs, variances, probabilities; 56 MB at C = 1,000) against C² doubles for G and its
 *             eigenvectors (8 MB each): exponent 1 at these sizes, 2 once C exceeds the rows.
 *       </ul>
 *   <li><b>members</b>: a deep ensemble of M = 1, 2, 4, 8 members of 64-256-256-10, one epoch on 10,000
 *       rows (W1's training), trained sequentially and vectorised (the default for MLPs), and its
 *       predictive of 10,000 rows: M times the work of one member, exponent 1 (vectorised training may
 *       come out below 1 while per-operation overheads, paid once for all members, still count).
 *       Memory: M networks of 85,000 weights and the predictive's per-member probabilities (3 MB at
 *       M = 8) stay below the noise floor, so no memory exponent.
 *   <li><b>samples</b>: last-layer KFAC Laplace with the Monte Carlo link on an untrained 64-256-256-10
 *       (λ = 1), predicting 2,000 rows with S = 10, 100, 1,000 logit samples: a fixed part (the forward
 *       pass, each row's C x C logit covariance and its Cholesky factor) plus S·(C²/2 + C) per row for
 *       the draws and their softmax, so exponent 1 once the samples dominate; the summary also carries
 *       the straight line's intercept and slope ({@code fixed_part_s}, {@code per_sample_s}). Memory:
 *       the S x rows x C sampled probabilities (floats): exponent 1.
 * </ul>
 *
 * Each timed point is preceded by a warm-up on a small size of the same configuration (for FULL at
 * C above the smallest, a fit without prediction, whose first prediction would itself be the O(P³)
 * inverse). Points that take under {@value ScaleSeries#REPEAT_BELOW_S} s are timed three times and their
 * median kept. The full run takes a few minutes on 2 cores at one intra-op thread, the FULL fit and
 * prediction at C = 100 being the largest single point.
 */
final class ScaleWorkload {
    /** The sweeps, in the order they run. */
    static final List<String> SWEEPS = List.of("rows", "width", "classes", "members", "samples");
    private static final int INPUTS = 64;
    private static final int CLASSES = 10;
    private static final int WARM_ROWS = 512;
    /** Predictions after the first whose median is the classes sweep's {@code predict}. */
    static final int PREDICT_REPEATS = 5;
    private static final String MLP = "mlp 64-256-256-10 relu";

    private ScaleWorkload() {}

    /**
     * The sizes of one run.
     *
     * @param predictRows rows predicted (rows sweep)
     * @param fitRows rows trained on for one epoch (rows sweep)
     * @param widthRows rows trained on (width sweep)
     * @param widths hidden widths (width sweep)
     * @param laplaceRows rows of the curvature pass (classes and samples sweeps)
     * @param laplaceTestRows rows predicted (classes and samples sweeps)
     * @param fullClasses class counts of FULL
     * @param kronClasses class counts of KFAC
     * @param ensembleRows rows trained on and predicted (members sweep)
     * @param members ensemble sizes
     * @param samples Monte Carlo samples of the link
     */
    record Sizes(int[] predictRows, int[] fitRows, int widthRows, int[] widths, int laplaceRows,
            int laplaceTestRows, int[] fullClasses, int[] kronClasses, int ensembleRows, int[] members,
            int[] samples) {
        static final Sizes FULL = new Sizes(new int[] {1_000, 10_000, 100_000, 1_000_000},
                new int[] {1_000, 10_000, 100_000}, 10_000, new int[] {256, 512, 1024, 2048}, 5_000, 2_000,
                new int[] {10, 20, 50, 100}, new int[] {10, 100, 1000}, 10_000, new int[] {1, 2, 4, 8},
                new int[] {10, 100, 1000});
        static final Sizes QUICK = new Sizes(new int[] {1_000, 10_000, 100_000}, new int[] {1_000, 3_000, 10_000},
                2_000, new int[] {128, 256, 512}, 2_000, 500, new int[] {5, 10, 20}, new int[] {10, 100, 1000},
                2_000, new int[] {1, 2, 4}, new int[] {10, 100, 1000});
    }

    /** Runs {@code sweeps} (names of {@link #SWEEPS}) at the full or the quick sizes. */
    static void run(boolean quick, List<String> sweeps) {
        for (String s : sweeps) {
            if (!SWEEPS.contains(s)) {
                throw new IllegalArgumentException("SCALE: unknown sweep '" + s + "' (available: "
                        + String.join(", ", SWEEPS) + ")");
            }
        }
        Sizes sizes = quick ? Sizes.QUICK : Sizes.FULL;
        for (String s : SWEEPS) {
            if (!sweeps.contains(s)) {
                continue;
            }
            switch (s) {
                case "rows" -> rows(sizes);
                case "width" -> width(sizes);
                case "classes" -> classes(sizes);
                case "members" -> members(sizes);
                case "samples" -> samples(sizes);
                default -> throw new IllegalStateException(s);
            }
        }
    }

    private static void rows(Sizes sizes) {
        NetworkSpec spec = mlp(256, 256, CLASSES);
        ScaleSeries predict = new ScaleSeries("rows", "predict", "map", "rows").setting("network", MLP)
                .expect("predict", 1).expect(ScaleSeries.RSS, 1)
                .note("fixed work per row: time and the predictive's rows x classes outputs grow as the rows; "
                        + "a fixed workspace of the engine flattens the memory slope at the small sizes");
        try (Network net = Network.create(spec, DropoutMode.STANDARD, W1MapTraining.SEED);
                MapPosterior map = untrained(net, data(WARM_ROWS, CLASSES, 1))) {
            for (int n : sizes.predictRows()) {
                Dataset x = data(n, CLASSES, 2).withoutTargets();
                map.predictClasses(x.slice(0, Math.min(n, WARM_ROWS))); // warm-up
                predict.point(n, () -> Map.of("predict", seconds(() -> map.predictClasses(x))));
            }
        }
        predict.finish();

        ScaleSeries fit = new ScaleSeries("rows", "fit", "map", "rows").setting("network", MLP)
                .setting("epochs", 1).setting("batch_size", 128).setting("optimizer", "adam").setting("lr", 1e-3)
                .setting("weight_decay", W1MapTraining.WEIGHT_DECAY)
                .expect("fit_epoch", 1)
                .note("fixed work per row and batch: time grows as the rows; training works batch by batch, "
                        + "so its memory does not");
        for (int n : sizes.fitRows()) {
            Dataset train = data(n, CLASSES, 1);
            oneEpoch(spec, train.slice(0, Math.min(n, WARM_ROWS))); // warm-up
            fit.point(n, () -> oneEpoch(spec, train));
        }
        fit.finish();
    }

    private static void width(Sizes sizes) {
        int rows = sizes.widthRows();
        int[] widths = sizes.widths();
        double[] flops = new double[widths.length];
        double[] w = new double[widths.length];
        for (int i = 0; i < widths.length; i++) {
            w[i] = widths[i];
            flops[i] = 6.0 * rows * ((double) INPUTS * widths[i] + (double) widths[i] * widths[i]
                    + (double) widths[i] * CLASSES);
        }
        ScaleSeries fit = new ScaleSeries("width", "fit", "map", "width").setting("network", "mlp 64-w-w-10 relu")
                .setting("train_rows", rows).setting("epochs", 1).setting("batch_size", 128)
                .setting("optimizer", "adam").setting("lr", 1e-3).expect("fit_epoch", 2).expect(ScaleSeries.RSS, 2)
                .field("model_exponent_fit_epoch", PowerLawFit.of(w, flops).exponent())
                .note("the w x w product makes it 2 at large w; the first and last layers (64w + 10w of "
                        + "64w + w^2 + 10w per row) and per-batch overheads make the slope smaller at small w; "
                        + "model_exponent_fit_epoch is the flop count's own slope over these widths");
        Dataset train = data(rows, CLASSES, 1);
        for (int width : widths) {
            NetworkSpec spec = mlp(width, width, CLASSES);
            oneEpoch(spec, train.slice(0, Math.min(rows, WARM_ROWS))); // warm-up
            long parameters = (INPUTS + 1L) * width + (width + 1L) * width + (width + 1L) * CLASSES;
            fit.point(width, Map.of("parameters", parameters), () -> oneEpoch(spec, train));
        }
        fit.finish();
    }

    private static void classes(Sizes sizes) {
        int rows = sizes.laplaceRows();
        int testRows = sizes.laplaceTestRows();
        ScaleSeries full = laplaceSeries(HessianStructure.FULL, rows, testRows).expect("fit", 2)
                .expect("prepare", 3).expect("predict", 1).expect("total", 3).expect(ScaleSeries.RSS, 2)
                .note("fit: the curvature pass, N P^2 (P = 65 C); prepare: the inverse of the P x P precision "
                        + "on the first prediction, 2 P^3 flops in float64; predict: (F+1)^2 C per row; the "
                        + "inverse overtakes the curvature pass near P = N/4 to N/2 (C = 20 to 40 at N = 5,000), "
                        + "so the total's slope goes from 2 towards 3; memory: P x P matrices");
        runClasses(full, HessianStructure.FULL, sizes.fullClasses(), rows, testRows);
        ScaleSeries kron = laplaceSeries(HessianStructure.KRON, rows, testRows).expect("fit", 3)
                .expect("predict", 2).expect("total", 3).expect(ScaleSeries.RSS, 1)
                .note("fit: G summed from the per-row softmax Hessians, N C^2, and its eigendecomposition, C^3 "
                        + "(the engine's eigh; the whole fit 0.38 s at C = 1,000), so the top slope tends to 3 but "
                        + "lies far lower at these sizes; predict: C^2 per row for the variances; at C <= 100 the "
                        + "forward pass and overheads, fixed or linear in C, dominate and the slopes are lower; memory: rows x C "
                        + "arrays (exponent 1) until C^2 exceeds them");
        runClasses(kron, HessianStructure.KRON, sizes.kronClasses(), rows, testRows);
    }

    private static ScaleSeries laplaceSeries(HessianStructure hessian, int rows, int testRows) {
        return new ScaleSeries("classes", hessian.cliName(), "laplace", "classes")
                .setting("network", "mlp 64-64-C relu, untrained").setting("subset", "last-layer")
                .setting("hessian", hessian.cliName()).setting("curvature", "ggn").setting("prior", "fixed 1")
                .setting("link", "probit").setting("train_rows", rows).setting("test_rows", testRows);
    }

    private static void runClasses(ScaleSeries series, HessianStructure hessian, int[] classCounts, int rows,
            int testRows) {
        for (int c : classCounts) {
            Dataset train = data(rows, c, 1);
            Dataset test = data(testRows, c, 2).withoutTargets();
            try (Network net = Network.create(mlp(64, 0, c), DropoutMode.STANDARD, W1MapTraining.SEED);
                    MapPosterior map = untrained(net, train)) {
                Supplier<Laplace> laplace = () -> Laplace.builder(map).hessian(hessian).link(Link.PROBIT)
                        .priorPrecision(PriorPrecision.fixed(1)).build();
                // warm-up; FULL predicts only at the smallest C, its first prediction being the P^3 inverse
                try (LaplacePosterior warm = laplace.get().fit(train.slice(0, Math.min(rows, WARM_ROWS)))) {
                    if (hessian != HessianStructure.FULL || c == classCounts[0]) {
                        warm.predictClasses(test.slice(0, Math.min(testRows, WARM_ROWS)));
                    }
                }
                series.point(c, Map.of("last_layer_parameters", (64L + 1) * c), () -> {
                    long t0 = System.nanoTime();
                    try (LaplacePosterior post = laplace.get().fit(train)) {
                        double fit = seconds(t0);
                        double first = seconds(() -> post.predictClasses(test));
                        double[] repeats = new double[PREDICT_REPEATS];
                        for (int r = 0; r < repeats.length; r++) {
                            repeats[r] = seconds(() -> post.predictClasses(test));
                        }
                        double again = Vectors.median(repeats);
                        Map<String, Double> phases = new LinkedHashMap<>();
                        phases.put("fit", fit);
                        phases.put("first_predict", first);
                        phases.put("predict", again);
                        phases.put("prepare", first - again);
                        phases.put("total", fit + first);
                        return phases;
                    }
                });
            }
        }
        series.finish();
    }

    private static void members(Sizes sizes) {
        int rows = sizes.ensembleRows();
        Dataset train = data(rows, CLASSES, 1);
        Dataset test = data(rows, CLASSES, 2).withoutTargets();
        NetworkSpec spec = mlp(256, 256, CLASSES);
        for (EnsembleTraining mode : List.of(EnsembleTraining.SEQUENTIAL, EnsembleTraining.VECTORIZED)) {
            ScaleSeries series = new ScaleSeries("members", mode.cliName(), "ensemble", "members")
                    .setting("network", MLP).setting("training", mode.cliName()).setting("train_rows", rows)
                    .setting("test_rows", rows).setting("epochs", 1).setting("batch_size", 128)
                    .setting("optimizer", "adam").setting("lr", 1e-3).expect("fit", 1).expect("predict", 1)
                    .note("M times one member's work; vectorised training shares per-operation overheads among "
                            + "the members and may come out below 1; memory (M networks of 85,000 weights, the "
                            + "per-member probabilities) stays below the noise floor");
            for (int m : sizes.members()) {
                ensemble(train.slice(0, Math.min(rows, WARM_ROWS)), test.slice(0, Math.min(rows, WARM_ROWS)),
                        spec, m, mode); // warm-up
                series.point(m, () -> ensemble(train, test, spec, m, mode));
            }
            series.finish();
        }
    }

    /** Fits an ensemble (timed whole) and predicts {@code test} with it. */
    private static Map<String, Double> ensemble(Dataset train, Dataset test, NetworkSpec spec, int members,
            EnsembleTraining mode) {
        FitRequest request = FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL).network(spec)
                .standardize(false).trainer(W1MapTraining.trainer(1).build()).seed(W1MapTraining.SEED).build();
        long t0 = System.nanoTime();
        try (DeepEnsemble e = DeepEnsemble.fit(request, new EnsembleOptions(members, mode))) {
            double fit = seconds(t0);
            double predict = seconds(() -> e.predictClasses(test));
            Map<String, Double> phases = new LinkedHashMap<>();
            phases.put("fit", fit);
            phases.put("predict", predict);
            return phases;
        }
    }

    private static void samples(Sizes sizes) {
        int rows = sizes.laplaceRows();
        int testRows = sizes.laplaceTestRows();
        Dataset train = data(rows, CLASSES, 1);
        Dataset test = data(testRows, CLASSES, 2).withoutTargets();
        ScaleSeries series = new ScaleSeries("samples", "mc-link", "laplace", "samples")
                .setting("network", MLP + ", untrained").setting("subset", "last-layer").setting("hessian", "kron")
                .setting("curvature", "ggn").setting("prior", "fixed 1").setting("link", "mc")
                .setting("train_rows", rows).setting("test_rows", testRows)
                .expect("predict", 1).expect(ScaleSeries.RSS, 1)
                .note("a fixed part (forward pass, each row's C x C logit covariance and its Cholesky factor) "
                        + "plus S (C^2/2 + C) per row for the draws and their softmax; fixed_part_s and "
                        + "per_sample_s are the straight line's intercept and slope; memory: S x rows x C floats");
        try (Network net = Network.create(mlp(256, 256, CLASSES), DropoutMode.STANDARD, W1MapTraining.SEED);
                MapPosterior map = untrained(net, train)) {
            for (int s : sizes.samples()) {
                try (LaplacePosterior post = Laplace.builder(map).hessian(HessianStructure.KRON).link(Link.MC)
                        .optSamples(s).priorPrecision(PriorPrecision.fixed(1)).build().fit(train)) {
                    post.predictClasses(test.slice(0, Math.min(testRows, WARM_ROWS))); // warm-up
                    series.point(s, () -> Map.of("predict", seconds(() -> post.predictClasses(test))));
                }
            }
        }
        double[] line = PowerLawFit.line(series.sizes(), series.seconds("predict"));
        series.field("fixed_part_s", line[0]).field("per_sample_s", line[1]);
        series.finish();
    }

    /** One epoch of W1's training on a new network of {@code spec}: its seconds (network creation excluded). */
    private static Map<String, Double> oneEpoch(NetworkSpec spec, Dataset train) {
        try (Network net = Network.create(spec, DropoutMode.STANDARD, W1MapTraining.SEED)) {
            TrainingResult r = W1MapTraining.trainer(1).build().train(net, Likelihood.CATEGORICAL, train);
            return Map.of("fit_epoch", r.epochs().get(0).seconds());
        }
    }

    /** An MLP 64-h1[-h2]-outputs, ReLU, no dropout (a hidden width of 0 is left out). */
    private static NetworkSpec mlp(int h1, int h2, int outputs) {
        int[] hidden = h2 > 0 ? new int[] {h1, h2} : new int[] {h1};
        return NetworkSpec.mlp(new int[] {INPUTS}, hidden, Activation.RELU, 0f, outputs);
    }

    /** {@code net} as a MAP posterior over the schema of {@code train}, its weights as initialised. */
    private static MapPosterior untrained(Network net, Dataset train) {
        return new MapPosterior(net, Likelihood.CATEGORICAL, ModelSchema.of(train, false), Double.NaN,
                new JsonObject(), W1MapTraining.SEED);
    }

    /** W4C's synthetic rows ({@link W4ManyClasses#synthetic(int, int, int, long)}) with 64 inputs. */
    static Dataset data(int n, int classes, long seed) {
        return W4ManyClasses.synthetic(n, INPUTS, classes, seed);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double seconds(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return seconds(t0);
    }
}
