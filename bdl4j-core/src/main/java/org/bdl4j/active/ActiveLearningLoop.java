package org.bdl4j.active;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.nn.SingleNetwork;

/**
 * Pool-based active learning (Settles 2009; with Bayesian acquisitions as in Gal, Islam and Ghahramani,
 * ICML 2017): start from a few labelled rows of the pool, then repeatedly fit the method from scratch on
 * the labelled rows, measure it on a fixed test set, and move the batch the {@link Acquisition} chooses
 * from the unlabelled pool into the labelled set, until the rounds or the label budget are spent, or, with
 * validation rows and a patience, until the validation NLL has not improved for that many rounds. Every
 * random choice (start, random and stochastic acquisitions, fits) derives from the seed, so a run
 * repeats exactly.
 */
public final class ActiveLearningLoop {
    /**
     * @param initial labelled rows to start from
     * @param balanced start with the same number of rows per class (classification; the remainder to
     *     random classes), else uniformly at random
     * @param batch rows acquired per round
     * @param rounds acquisition rounds (the last fit follows the last acquisition)
     * @param labelBudget stop once this many rows are labelled (0 = no budget beyond the rounds)
     * @param patience with validation rows, stop after this many rounds without a lower validation NLL
     *     (0 = never)
     * @param warmStart start each round's training from the previous round's trained weights instead of
     *     fresh ones (for methods built on one network, {@link SingleNetwork}: map, mc-dropout, laplace);
     *     the standardisation is still refitted on each round's labelled rows
     */
    public record Settings(int initial, boolean balanced, int batch, int rounds, int labelBudget, int patience,
            Acquisition acquisition, long seed, boolean warmStart) {
        public Settings {
            Objects.requireNonNull(acquisition, "acquisition");
            if (initial < 1 || batch < 1 || rounds < 0 || labelBudget < 0 || patience < 0) {
                throw new IllegalArgumentException("initial and batch must be >= 1, rounds, the label budget and the"
                        + " patience >= 0; found initial " + initial + ", batch " + batch + ", rounds " + rounds
                        + ", budget " + labelBudget + ", patience " + patience);
            }
        }

        /** Every round from fresh weights. */
        public Settings(int initial, boolean balanced, int batch, int rounds, int labelBudget, int patience,
                Acquisition acquisition, long seed) {
            this(initial, balanced, batch, rounds, labelBudget, patience, acquisition, seed, false);
        }

        /** Without a patience: the rounds and the label budget alone end the loop. */
        public Settings(int initial, boolean balanced, int batch, int rounds, int labelBudget, Acquisition acquisition,
                long seed) {
            this(initial, balanced, batch, rounds, labelBudget, 0, acquisition, seed);
        }
    }

    /**
     * One point of the learning curve: the test metrics of the fit on the pool rows {@code labelledRows}
     * (ascending), and the rows acquired next (in the order chosen; empty after the last round).
     */
    public record Round(int round, int[] labelledRows, Map<String, Double> metrics, int[] acquired, double fitSeconds,
            double acquireSeconds) {
        /** The number of labelled rows. */
        public int labelled() {
            return labelledRows.length;
        }
    }

    private ActiveLearningLoop() {}

    /**
     * Runs the loop.
     *
     * @param request the fit request for a set of labelled rows (the method's options, network, seed)
     * @param pool the labelled pool; its labels are revealed only for the acquired rows
     * @param test fixed test rows with targets
     * @param listener told after every round (e.g. progress), may be null
     * @return the learning curve, one {@link Round} per fit
     * @throws IllegalArgumentException when the pool is smaller than the start
     */
    public static List<Round> run(PosteriorMethod method, Function<Dataset, FitRequest> request, Dataset pool,
            Dataset test, Settings settings, Consumer<Round> listener) {
        return run(method, request, pool, test, null, settings, listener);
    }

    /**
     * As {@link #run(PosteriorMethod, Function, Dataset, Dataset, Settings, Consumer)}, with labelled
     * validation rows (never acquired) whose NLL is recorded as {@code validation_nll} each round and
     * ends the loop after {@link Settings#patience()} rounds without improvement.
     *
     * @param validation may be null (then the patience is not used)
     */
    public static List<Round> run(PosteriorMethod method, Function<Dataset, FitRequest> request, Dataset pool,
            Dataset test, Dataset validation, Settings settings, Consumer<Round> listener) {
        if (settings.initial() > pool.rows()) {
            throw new IllegalArgumentException("the pool has " + pool.rows() + " rows, fewer than the "
                    + settings.initial() + " to start from");
        }
        if (settings.acquisition().task() != pool.task()) {
            throw new IllegalArgumentException(settings.acquisition().cliName() + " is a "
                    + settings.acquisition().task().cliName() + " acquisition; the data are " + pool.task().cliName());
        }
        SplittableRandom rng = new SplittableRandom(settings.seed());
        boolean[] labelled = new boolean[pool.rows()];
        for (int i : start(pool, settings, rng.nextLong())) {
            labelled[i] = true;
        }
        List<Round> curve = new ArrayList<>();
        double bestValidation = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        float[] warm = null;
        for (int round = 0; round <= settings.rounds(); round++) {
            int[] have = indices(labelled, true);
            long t0 = System.nanoTime();
            FitRequest fit = request.apply(pool.subset(have));
            try (Posterior post = Methods.fit(method, warm == null ? fit : fit.withInitialParameters(warm))) {
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                if (settings.warmStart()) {
                    if (!(post instanceof SingleNetwork single)) {
                        throw new IllegalArgumentException("a warm start needs a method built on one trained network"
                                + " (map, mc-dropout, laplace); " + method.name() + " is not");
                    }
                    warm = single.network().parameters();
                }
                Predictive p = post.predict(test);
                Map<String, Double> metrics = new LinkedHashMap<>(test.task() == Task.CLASSIFICATION
                        ? PredictiveReports.classification(p.asClassification(), test.labels())
                        : PredictiveReports.regression(p.asRegression(), test.targets(), PredictiveReports.DEFAULT_LEVEL));
                boolean plateau = false;
                if (validation != null) {
                    double nll = PredictiveReports.meanNll(post.predict(validation), validation);
                    metrics.put("validation_nll", nll);
                    sinceBest = nll < bestValidation ? 0 : sinceBest + 1;
                    bestValidation = Math.min(bestValidation, nll);
                    plateau = settings.patience() > 0 && sinceBest >= settings.patience();
                }
                int room = settings.labelBudget() == 0 ? Integer.MAX_VALUE : settings.labelBudget() - have.length;
                int[] candidates = indices(labelled, false);
                int[] acquired = new int[0];
                long a0 = System.nanoTime();
                if (round < settings.rounds() && room > 0 && candidates.length > 0 && !plateau) {
                    int k = Math.min(settings.batch(), room);
                    int[] local = Acquirer.next(post, pool.subset(candidates), k, settings.acquisition(), rng.nextLong());
                    acquired = Arrays.stream(local).map(i -> candidates[i]).toArray();
                }
                Round r = new Round(round, have, metrics, acquired, fitSeconds, (System.nanoTime() - a0) / 1e9);
                curve.add(r);
                if (listener != null) {
                    listener.accept(r);
                }
                if (acquired.length == 0) {
                    break;
                }
                for (int i : acquired) {
                    labelled[i] = true;
                }
            }
        }
        return curve;
    }

    /** The starting rows: balanced over the classes present (classification) or uniformly at random. */
    static int[] start(Dataset pool, Settings settings, long seed) {
        int n = pool.rows();
        int[] order = Splits.permutation(n, seed);
        if (!settings.balanced() || pool.task() != Task.CLASSIFICATION) {
            return Arrays.copyOf(order, settings.initial());
        }
        int classes = pool.numClasses();
        int[] labels = pool.labels();
        int[] quota = new int[classes];
        int[] present = Arrays.stream(order).map(i -> labels[i]).distinct().toArray();
        for (int j = 0; j < settings.initial(); j++) {
            quota[present[j % present.length]]++;
        }
        List<Integer> out = new ArrayList<>();
        boolean[] used = new boolean[n];
        for (int i : order) {
            if (quota[labels[i]] > 0) {
                quota[labels[i]]--;
                used[i] = true;
                out.add(i);
            }
        }
        for (int i : order) { // a class with too few rows: fill from the rest
            if (out.size() >= settings.initial()) {
                break;
            }
            if (!used[i]) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] indices(boolean[] flags, boolean value) {
        int count = 0;
        for (boolean f : flags) {
            count += f == value ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                out[k++] = i;
            }
        }
        return out;
    }
}
