package org.bdl4j.continual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.data.Task;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.InvalidOptionException;

/**
 * How one labelled source becomes a sequence of tasks, written {@code permuted:T} or {@code split:T}:
 *
 * <ul>
 *   <li><b>permuted:T</b> (Goodfellow et al. 2013; Kirkpatrick et al. 2017): task 1 is the source as
 *       it is, task t &gt; 1 the same rows with the features in a fixed random order π_t (seeded),
 *       every class in every task: the {@link Scenario#DOMAIN domain-incremental} scenario.
 *   <li><b>split:T</b> (Zenke et al. 2017): the classes 0..C-1 cut into T consecutive groups (sizes
 *       differing by at most one), task t holding the rows of group t; with
 *       {@link Scenario#TASK a head per task} or {@link Scenario#CLASS one head over every class}.
 * </ul>
 *
 * Test rows are transformed like the training rows. The features should already be in the units the
 * network sees (for permuted tasks, standardising before permuting gives every task its own statistics).
 *
 * @param kind "permuted" or "split"
 * @param count the number of tasks T
 */
public record TaskSequence(String kind, int count) {
    public static final String PERMUTED = "permuted";
    public static final String SPLIT = "split";

    public TaskSequence {
        if (!kind.equals(PERMUTED) && !kind.equals(SPLIT)) {
            throw new IllegalArgumentException("a task sequence is permuted or split, found '" + kind + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException("a task sequence needs at least one task, found " + count);
        }
    }

    /**
     * Parses {@code permuted:T} or {@code split:T}.
     *
     * @throws InvalidOptionException naming {@code option} and the value found
     */
    public static TaskSequence parse(String text, String option) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        if (parts.length != 2 || !(parts[0].equals(PERMUTED) || parts[0].equals(SPLIT))) {
            throw new InvalidOptionException(option, "{" + option + "} must be permuted:T or split:T, found '"
                    + text + "'");
        }
        int t;
        try {
            t = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(option, "{" + option + "} needs a whole number of tasks after ':', found '"
                    + text + "'");
        }
        if (t < 1) {
            throw new InvalidOptionException(option, "{" + option + "} needs at least 1 task, found '" + text + "'");
        }
        return new TaskSequence(parts[0], t);
    }

    /** The scenario when none is asked for: domain for permuted tasks, a head per task for split ones. */
    public Scenario defaultScenario() {
        return kind.equals(PERMUTED) ? Scenario.DOMAIN : Scenario.TASK;
    }

    /**
     * The tasks made from a classification source.
     *
     * @param scenario {@link Scenario#DOMAIN} for permuted tasks; {@link Scenario#TASK} or
     *     {@link Scenario#CLASS} for split ones
     * @param seed draws the permutations
     * @throws IllegalArgumentException for a regression source, a scenario that does not fit the kind,
     *     more split tasks than classes, or a task without rows
     */
    public List<ContinualTask> build(Dataset train, Dataset test, Scenario scenario, long seed) {
        if (train.task() != Task.CLASSIFICATION || test.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("continual learning needs a classification source");
        }
        if (train.featureCount() != test.featureCount() || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("the test rows have " + test.featureCount() + " features and "
                    + test.numClasses() + " classes, the training rows " + train.featureCount() + " and "
                    + train.numClasses());
        }
        if (kind.equals(PERMUTED)) {
            if (scenario != Scenario.DOMAIN) {
                throw new IllegalArgumentException("permuted tasks share every class: their scenario is domain, not "
                        + scenario.cliName());
            }
            return permuted(train, test, seed);
        }
        if (scenario == Scenario.DOMAIN) {
            throw new IllegalArgumentException("split tasks have disjoint classes: their scenario is task or class");
        }
        return split(train, test, scenario);
    }

    private List<ContinualTask> permuted(Dataset train, Dataset test, long seed) {
        List<ContinualTask> out = new ArrayList<>();
        int d = train.featureCount();
        for (int t = 0; t < count; t++) {
            int[] order = t == 0 ? Splits.identity(d) : Splits.permutation(d, Seeds.derive(seed, t));
            out.add(new ContinualTask("permuted " + (t + 1), permuteFeatures(train, order),
                    permuteFeatures(test, order), null));
        }
        return out;
    }

    /** The rows with their features reordered: new feature j is old feature order[j]. */
    static Dataset permuteFeatures(Dataset data, int[] order) {
        int d = data.featureCount();
        float[] x = data.features();
        float[] y = new float[x.length];
        for (int r = 0; r < data.rows(); r++) {
            int base = r * d;
            for (int j = 0; j < d; j++) {
                y[base + j] = x[base + order[j]];
            }
        }
        return data.withFeatures(y, data.featureShape(), data.featureNames());
    }

    private List<ContinualTask> split(Dataset train, Dataset test, Scenario scenario) {
        int classes = train.numClasses();
        if (count > classes) {
            throw new IllegalArgumentException("split:" + count + " needs at least " + count + " classes, the source has "
                    + classes);
        }
        List<ContinualTask> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int from = t * classes / count;
            int to = (t + 1) * classes / count;
            int[] group = IntStream.range(from, to).toArray();
            String name = "classes " + Arrays.stream(group).mapToObj(Integer::toString).collect(Collectors.joining(","));
            ActiveOutputs head = scenario == Scenario.TASK ? ActiveOutputs.of(classes, group) : null;
            out.add(new ContinualTask(name, rowsOf(train, from, to), rowsOf(test, from, to), head));
        }
        return out;
    }

    private static Dataset rowsOf(Dataset data, int fromClass, int toClass) {
        int[] labels = data.labels();
        return data.subset(IntStream.range(0, labels.length).filter(i -> labels[i] >= fromClass && labels[i] < toClass)
                .toArray());
    }
}
