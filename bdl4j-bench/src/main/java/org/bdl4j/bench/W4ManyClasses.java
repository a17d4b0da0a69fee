package org.bdl4j.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.Dataset;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.laplace.Link;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;

/**
 * W4C: last-layer KFAC Laplace on a 1,000-class model with 512 features (issue #4): an MLP
 * 64-512-1000 (513,000 last-layer parameters; the weights' values do not change the cost), GGN on
 * 10,000 synthetic rows, marginal-likelihood prior, GLM probit predictive for 10,000 rows. Reports
 * seconds per phase and the peak resident memory during the Laplace work above the resident memory
 * before it (Linux: the peak is reset through /proc/self/clear_refs), with the size a per-sample
 * Jacobian (rows x classes x parameters floats, what a materialising implementation holds per 1,000
 * rows) would need for comparison.
 */
final class W4ManyClasses {
    private static final int CLASSES = 1000;
    private static final int FEATURES = 512;
    private static final int INPUTS = 64;
    private static final int ROWS = 10_000;

    private W4ManyClasses() {}

    static void run() {
        Dataset train = synthetic(ROWS, 1);
        Dataset test = synthetic(ROWS, 2).withoutTargets();
        NetworkSpec spec = NetworkSpec.mlp(new int[] {INPUTS}, new int[] {FEATURES}, Activation.RELU, 0f, CLASSES);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, W1MapTraining.SEED);
                MapPosterior map = new MapPosterior(net, Likelihood.CATEGORICAL, ModelSchema.of(train, false),
                        Double.NaN, new JsonObject(), W1MapTraining.SEED)) {
            // warm-up on a slice, so that the timed run measures steady state
            try (LaplacePosterior warm = builder(map).priorPrecision(PriorPrecision.fixed(1)).build()
                    .fit(train.slice(0, 512))) {
                warm.predictClasses(test.slice(0, 512));
            }
            long before = residentKb("VmRSS");
            resetPeak();
            long t0 = System.nanoTime();
            try (LaplacePosterior post = builder(map).priorPrecision(PriorPrecision.fixed(1)).build().fit(train)) {
                double fit = seconds(t0);
                long t1 = System.nanoTime();
                double lambda = post.setPriorPrecision(PriorPrecision.marginalLikelihood());
                double prior = seconds(t1);
                long t2 = System.nanoTime();
                ClassificationPredictive p = post.predictClasses(test);
                double predict = seconds(t2);
                long peak = residentKb("VmHWM");
                double jacobianGb = 1000.0 * CLASSES * post.parameterCount() * 4 / 1e9;
                JsonLine line = new JsonLine("W4C", "laplace", W1MapTraining.SEED)
                        .setting("network", "mlp 64-512-1000 relu").setting("subset", "last-layer")
                        .setting("hessian", "kron").setting("curvature", "ggn").setting("prior", "marglik")
                        .setting("link", "probit").setting("train_rows", ROWS).setting("test_rows", ROWS)
                        .setting("parameters", post.parameterCount())
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metric("mean_max_probability", meanMax(p.probabilities()));
                line.time("fit", fit).time("prior", prior).time("predict_10k", predict)
                        .time("total", fit + prior + predict);
                line.extra("prior_precision", lambda);
                line.extra("peak_rss_growth_mb", (peak - before) / 1024.0);
                line.extra("per_sample_jacobian_gb_per_1000_rows", jacobianGb);
                line.print();
            }
        }
    }

    private static Laplace.Builder builder(MapPosterior map) {
        return Laplace.builder(map).hessian(HessianStructure.KRON).link(Link.PROBIT);
    }

    /** Gaussian inputs with labels from a fixed random linear map (arg max), seeded: W4C's 64 inputs, 1,000 classes. */
    static Dataset synthetic(int n, long seed) {
        return synthetic(n, INPUTS, CLASSES, seed);
    }

    /**
     * {@code n} rows of N(0, I_d) inputs (seeded by {@code seed}) labelled by the arg max of x·W over
     * {@code classes} classes, W a fixed d x classes matrix of N(0, 1) values (seed 99).
     */
    static Dataset synthetic(int n, int inputs, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom teacher = new SplittableRandom(99);
        float[] w = new float[inputs * classes];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) teacher.nextGaussian();
        }
        float[] x = new float[n * inputs];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < inputs; j++) {
                x[r * inputs + j] = (float) rng.nextGaussian();
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int j = 0; j < inputs; j++) {
                    s += x[r * inputs + j] * w[j * classes + c];
                }
                if (s > best) {
                    best = s;
                    y[r] = c;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return Dataset.classification(x, n, new int[] {inputs}, Dataset.defaultFeatureNames(inputs), y, names, "y");
    }

    static double meanMax(double[][] p) {
        double s = 0;
        for (double[] row : p) {
            double m = 0;
            for (double v : row) {
                m = Math.max(m, v);
            }
            s += m;
        }
        return s / p.length;
    }

    /** A field of /proc/self/status in kB (-1 where unavailable). */
    static long residentKb(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Resets VmHWM to the current resident size (Linux 4.0+); ignored elsewhere. */
    static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            // the peak then covers the whole run so far: still an upper bound
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
