package org.bdl4j.bo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.OutputHeads;
import org.bdl4j.nn.PointNetworks;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.TrainingOptions;

/**
 * Bayesian optimisation with a neural surrogate (Snoek et al. 2015; Springenberg et al. 2016): minimise
 * an expensive objective over a box by fitting any regression posterior of the registry to the points
 * evaluated so far and evaluating next where its {@link BoAcquisition} is best.
 *
 * <ol>
 *   <li>A space-filling start: a {@link LatinHypercube} of {@code initial} points.
 *   <li>Then, until the budget is spent: fit the surrogate on the points (inputs scaled to the unit
 *       cube, values through a fitted {@link PowerTransform}, in whose units the acquisition is computed),
 *       score {@code candidates} uniform random points plus Gaussian perturbations (standard
 *       deviation 0.05 of the box) of the five best points seen, and evaluate the best candidate that does not repeat an evaluated point. A batch
 *       of q points takes q draws for Thompson sampling, and for EI and UCB the constant liar (Ginsbourger
 *       et al. 2010): each chosen point is added with the best value seen as a pretend observation and the
 *       surrogate refitted before the next choice.
 * </ol>
 *
 * Every random choice derives from the seed. With a log file, every evaluation is appended as soon as it
 * is known and a rerun resumes from the log ({@link EvaluationLog}).
 */
public final class BayesianOptimizer {
    /** Relative width of the local perturbations of the best points. */
    static final double LOCAL_SCALE = 0.05;
    /** Best points perturbed for the local candidates. */
    static final int LOCAL_CENTRES = 5;

    /** One evaluation, x in the box's coordinates. */
    public record Evaluation(double[] x, double y) {}

    /**
     * @param budget evaluations in all (the start included)
     * @param initial points of the space-filling start
     * @param batch points chosen per surrogate fit
     * @param kappa the UCB's κ
     * @param candidates random candidates scored per choice
     */
    public record Settings(int budget, int initial, int batch, BoAcquisition acquisition, double kappa, int candidates,
            long seed) {
        public Settings {
            Objects.requireNonNull(acquisition, "acquisition");
            if (budget < 1) {
                throw new IllegalArgumentException("the budget must be >= 1 evaluation, found " + budget);
            }
            if (initial < 2 || batch < 1 || candidates < 1 || !(kappa >= 0)) {
                throw new IllegalArgumentException("initial must be >= 2, batch and candidates >= 1, kappa >= 0; found "
                        + initial + ", " + batch + ", " + candidates + ", " + kappa);
            }
        }

        /** The defaults for d dimensions: 2d + 2 start points (at least 5), EI, κ = 2, 1,000 · d candidates. */
        public static Settings defaults(int budget, int d, long seed) {
            return new Settings(budget, Math.max(5, 2 * d + 2), 1, BoAcquisition.EXPECTED_IMPROVEMENT, 2.0,
                    1000 * d, seed);
        }
    }

    /** The surrogate's per-example weight decay (the prior precision λ = this · N for N points). */
    static final double SURROGATE_WEIGHT_DECAY = 1e-3;

    /**
     * The surrogate's network and training where the user sets none: two hidden layers of 50 tanh units
     * (the surrogate networks of Snoek et al. 2015 and Springenberg et al. 2016 are of 50 tanh units),
     * 500 epochs of batch 16 at Adam's learning rate 0.01, every point trained on (no validation split),
     * and a per-example weight decay of {@value #SURROGATE_WEIGHT_DECAY}.
     *
     * <ul>
     *   <li>The library's general budget stops too early for a surrogate: on 40 Branin points its ensemble
     *       fits the (transformed, standardised) values to an RMSE of 0.18 against their standard deviation
     *       of 0.84, where these settings reach 0.04, so the surrogate follows the points it is given.
     *   <li>The library's prior, N(0, 1) on every weight (weight decay λ/N with λ = 1), weighs as much as
     *       a handful of points: fitted jointly with the Gaussian noise on the 10 points of a Branin start,
     *       the MAP explains them as noise (fitted σ 0.34 standardised units, a mean that is nearly a
     *       plane, an epistemic spread of 0.01), and expected improvement then creeps along the box's edge
     *       next to the best start point. A per-example weight decay keeps the prior's weight a fixed
     *       share of the data's at every N; at 10⁻³ (or 10⁻⁴) the same 10 points are fitted to σ 0.03 with
     *       an epistemic spread of 0.1 to 0.2 away from them, and the Branin runs reach the global
     *       minimum (docs/benchmarks.md, BO).
     * </ul>
     */
    public static OptionValues surrogateDefaults() {
        return OptionValues.empty().with(NetworkOptions.HIDDEN, new int[] {50, 50})
                .with(NetworkOptions.ACTIVATION, Activation.TANH).with(TrainingOptions.EPOCHS, 500)
                .with(TrainingOptions.BATCH_SIZE, 16).with(TrainingOptions.LEARNING_RATE, 0.01)
                .with(TrainingOptions.WEIGHT_DECAY, SURROGATE_WEIGHT_DECAY)
                .with(RequestOptions.VALIDATION_FRACTION, 0.0);
    }

    /**
     * {@code given} over the {@link #surrogateDefaults()}: the user's values win, and a prior precision
     * the user gives replaces the default weight decay (the two are one setting).
     */
    public static OptionValues surrogateOptions(OptionValues given) {
        OptionValues defaults = surrogateDefaults();
        if (given.isSet(TrainingOptions.PRIOR_PRECISION)) {
            defaults = defaults.without(TrainingOptions.WEIGHT_DECAY);
        }
        return defaults.withAll(given);
    }

    /** The evaluations in order and the best value seen after each. */
    public record Result(List<Evaluation> evaluations, double[] bestSoFar) {
        /** The best evaluation. */
        public Evaluation best() {
            return evaluations.stream().min(Comparator.comparingDouble(Evaluation::y)).orElseThrow();
        }
    }

    private BayesianOptimizer() {}

    /**
     * Runs the optimisation.
     *
     * @param method a regression method of the registry
     * @param request the fit request for the points so far (inputs in the unit cube, target {@code y})
     * @param log the evaluation log to append to and resume from (null: none)
     * @param listener told of every evaluation (may be null)
     */
    public static Result run(Objective objective, Box box, PosteriorMethod method,
            Function<Dataset, FitRequest> request, Settings settings, Path log, Consumer<Evaluation> listener) {
        int d = box.dimension();
        if (settings.acquisition() == BoAcquisition.THOMPSON && !method.name().equals("ensemble")) {
            throw new IllegalArgumentException("thompson needs functions drawn from the posterior: use the ensemble"
                    + " surrogate (its members), found " + method.name());
        }
        List<Evaluation> done = new ArrayList<>();
        EvaluationLog file = log == null ? null : EvaluationLog.open(log, d, done);
        double[][] start = LatinHypercube.sample(settings.initial(), d, settings.seed());
        for (int i = done.size(); i < Math.min(settings.initial(), settings.budget()); i++) {
            record(objective, box.fromUnit(start[i]), done, file, listener);
        }
        while (done.size() < settings.budget()) {
            int q = Math.min(settings.batch(), settings.budget() - done.size());
            List<double[]> next = choose(box, method, request, settings, done, q);
            for (double[] u : next) {
                record(objective, box.fromUnit(u), done, file, listener);
            }
        }
        double[] best = new double[done.size()];
        double b = Double.POSITIVE_INFINITY;
        for (int i = 0; i < best.length; i++) {
            b = Math.min(b, done.get(i).y());
            best[i] = b;
        }
        return new Result(List.copyOf(done), best);
    }

    private static void record(Objective objective, double[] x, List<Evaluation> done, EvaluationLog file,
            Consumer<Evaluation> listener) {
        double y = objective.evaluate(x);
        if (!Double.isFinite(y)) {
            throw new ObjectiveException("the objective returned " + y + " at " + java.util.Arrays.toString(x));
        }
        Evaluation e = new Evaluation(x.clone(), y);
        done.add(e);
        if (file != null) {
            file.add(e);
        }
        if (listener != null) {
            listener.accept(e);
        }
    }

    /** The next q points (unit cube), one surrogate fit per point for EI/UCB (constant liar), one for Thompson. */
    static List<double[]> choose(Box box, PosteriorMethod method, Function<Dataset, FitRequest> request,
            Settings settings, List<Evaluation> done, int q) {
        SplittableRandom rng = new SplittableRandom(settings.seed() * 1_000_003L + done.size());
        PowerTransform transform = PowerTransform.fit(done.stream().mapToDouble(Evaluation::y).toArray());
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Evaluation e : done) {
            xs.add(box.toUnit(e.x()));
            ys.add(transform.apply(e.y()));
        }
        double bestY = ys.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        List<double[]> chosen = new ArrayList<>();
        Posterior post = null;
        try {
            for (int k = 0; k < q; k++) {
                if (post == null || settings.acquisition() != BoAcquisition.THOMPSON) {
                    if (post != null) {
                        post.close();
                    }
                    post = Methods.fit(method, request.apply(table(xs, ys)));
                }
                double[][] cand = candidates(xs, ys, settings.candidates(), rng);
                double[] score = score(post, cand, settings, incumbent(post, xs), rng);
                int best = -1;
                for (int i = 0; i < score.length; i++) {
                    if ((best < 0 || score[i] > score[best]) && !alreadyEvaluated(cand[i], xs)) {
                        best = i;
                    }
                }
                if (best < 0) { // every candidate repeats a point: take the best score all the same
                    best = 0;
                    for (int i = 1; i < score.length; i++) {
                        best = score[i] > score[best] ? i : best;
                    }
                }
                chosen.add(cand[best]);
                xs.add(cand[best]); // the constant liar's pretend observation (unused by Thompson)
                ys.add(bestY);
            }
        } finally {
            if (post != null) {
                post.close();
            }
        }
        return chosen;
    }

    /** Coordinates (unit cube) closer than this to an evaluated point count as that point. */
    static final double REPEAT_TOLERANCE = 1e-3;

    /**
     * Whether {@code x} repeats a point already evaluated (or chosen), within {@link #REPEAT_TOLERANCE} in
     * every coordinate of the unit cube. Such a point is not proposed: the ensemble's epistemic spread
     * does not vanish at the points it was fitted to, as a Gaussian process's does, so without this rule
     * the acquisition can keep choosing one point (a corner where clipped perturbations pile up was seen
     * chosen 43 times in a row on Branin), which teaches a deterministic objective nothing.
     */
    static boolean alreadyEvaluated(double[] x, List<double[]> xs) {
        for (double[] e : xs) {
            boolean same = true;
            for (int j = 0; j < x.length && same; j++) {
                same = Math.abs(x[j] - e[j]) < REPEAT_TOLERANCE;
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /**
     * The incumbent of expected improvement: the lowest posterior mean at the points evaluated so far
     * (the "plug-in" incumbent of Picheny, Wagner and Ginsbourger 2013), not the lowest observation. A
     * surrogate that does not interpolate its points (it fits a noise) can predict below every
     * observation near an evaluated point; against the lowest observation that point would keep a sure
     * improvement and be proposed again and again, against its own predicted mean it has none.
     */
    static double incumbent(Posterior post, List<double[]> xs) {
        double[] mean = post.predictRegression(inputs(xs.toArray(new double[0][]))).mean();
        double best = Double.POSITIVE_INFINITY;
        for (double m : mean) {
            best = Math.min(best, m);
        }
        return best;
    }

    /** Uniform candidates and Gaussian perturbations of the best points, clipped to the unit cube. */
    static double[][] candidates(List<double[]> xs, List<Double> ys, int count, SplittableRandom rng) {
        int d = xs.get(0).length;
        Integer[] order = new Integer[xs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(ys::get));
        int centres = Math.min(LOCAL_CENTRES, order.length);
        int local = Math.max(1, count / 5);
        double[][] out = new double[count + local * centres][d];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = rng.nextDouble();
            }
        }
        for (int c = 0; c < centres; c++) {
            double[] centre = xs.get(order[c]);
            for (int i = 0; i < local; i++) {
                double[] p = out[count + c * local + i];
                for (int j = 0; j < d; j++) {
                    p[j] = Math.min(1, Math.max(0, centre[j] + LOCAL_SCALE * rng.nextGaussian()));
                }
            }
        }
        return out;
    }

    /** The acquisition's score of each candidate (higher is better). */
    private static double[] score(Posterior post, double[][] cand, Settings settings, double incumbent,
            SplittableRandom rng) {
        Dataset x = inputs(cand);
        if (settings.acquisition() == BoAcquisition.THOMPSON) {
            List<Network> members = ((PointNetworks) post).pointNetworks();
            double[] f = memberMean(post, members.get(rng.nextInt(members.size())), x);
            for (int i = 0; i < f.length; i++) {
                f[i] = -f[i];
            }
            return f;
        }
        RegressionPredictive p = post.predictRegression(x);
        double[] mean = p.mean();
        double[] epi = p.epistemicVariance();
        double[] s = new double[cand.length];
        for (int i = 0; i < s.length; i++) {
            double sd = Math.sqrt(Math.max(0, epi[i]));
            s[i] = settings.acquisition() == BoAcquisition.EXPECTED_IMPROVEMENT
                    ? BoAcquisition.expectedImprovement(mean[i], sd, incumbent)
                    : BoAcquisition.lowerConfidenceBound(mean[i], sd, settings.kappa());
        }
        return s;
    }

    /** One member's mean function at the rows, in the target's units. */
    static double[] memberMean(Posterior post, Network net, Dataset rows) {
        Dataset x = post.schema().toNetworkUnits(rows);
        float[] out = NetworkOutputs.compute(net, x.features(), x.featureShape(), x.rows(), false);
        double[] mean = OutputHeads.regressionMean(out, x.rows(), net.spec().outputs());
        for (int i = 0; i < mean.length; i++) {
            mean[i] = post.schema().meanToOriginal(mean[i]);
        }
        return mean;
    }

    /** The points so far as a regression table: x1..xd in the unit cube, target y. */
    static Dataset table(List<double[]> xs, List<Double> ys) {
        int n = xs.size();
        int d = xs.get(0).length;
        float[] f = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) xs.get(i)[j];
            }
            y[i] = ys.get(i).floatValue();
        }
        return Dataset.regression(f, n, new int[] {d}, names(d), y, "y");
    }

    private static Dataset inputs(double[][] cand) {
        int d = cand[0].length;
        float[] f = new float[cand.length * d];
        for (int i = 0; i < cand.length; i++) {
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) cand[i][j];
            }
        }
        return Dataset.unlabeled(f, cand.length, new int[] {d}, names(d));
    }

    private static List<String> names(int d) {
        List<String> n = new ArrayList<>();
        for (int j = 1; j <= d; j++) {
            n.add("x" + j);
        }
        return n;
    }
}
