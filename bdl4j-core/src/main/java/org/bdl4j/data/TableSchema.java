package org.bdl4j.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.ToIntFunction;

/**
 * What a fitted model expects of its input table: the feature names in the model's order, the target
 * column's name, the task and (for classification) the class names in index order. Saved in model
 * manifests; {@link #of(Dataset)} takes it from the training table.
 *
 * <p>{@link #conform} aligns an in-memory table (Fashion-MNIST, toy data) to the schema the same way
 * {@link CsvTableReader#readForModel} aligns a CSV file: features selected by name, extra features
 * ignored, a missing one an error; class labels mapped by name (numeric labels also by value).
 *
 * @param featureNames the model's features, in order (non-empty, unique)
 * @param targetName the target column's name, or {@code null} when the model has none
 * @param task the model's task
 * @param classNames the class names in index order (classification), else empty
 */
public record TableSchema(List<String> featureNames, String targetName, Task task, List<String> classNames) {
    private static final int MAX_LISTED = 10;

    public TableSchema {
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(task, "task");
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one feature name");
        }
        Set<String> seen = new HashSet<>();
        for (String f : featureNames) {
            if (!seen.add(f)) {
                throw new IllegalArgumentException("feature name " + DataException.quote(f) + " appears twice");
            }
        }
        if (targetName != null && seen.contains(targetName)) {
            throw new IllegalArgumentException("the target " + DataException.quote(targetName)
                    + " is also a feature name");
        }
        if (task == Task.CLASSIFICATION && classNames.isEmpty()) {
            throw new IllegalArgumentException("a classification schema needs class names");
        }
        if (task == Task.REGRESSION && !classNames.isEmpty()) {
            throw new IllegalArgumentException("a regression schema has no class names, found " + classNames);
        }
        if (new HashSet<>(classNames).size() != classNames.size()) {
            throw new IllegalArgumentException("class names must be unique, found " + classNames);
        }
    }

    /** The schema of a training table (which must have targets). */
    public static TableSchema of(Dataset train) {
        if (!train.hasTargets()) {
            throw new IllegalArgumentException("a training table needs targets");
        }
        return new TableSchema(train.featureNames(), train.targetName(), train.task(), train.classNames());
    }

    /**
     * {@code data} with the schema's features in the schema's order and its targets re-indexed to the
     * schema's classes. When the features already match name for name, the feature array is shared.
     *
     * @param source the data's name for messages (e.g. {@code toy:two-moons})
     * @throws DataException for a missing feature, a target of the other task, an unknown class label,
     *     or (with {@link TargetMode#REQUIRED}) no targets
     */
    public Dataset conform(Dataset data, String source, TargetMode mode) {
        Dataset x = selectFeatures(data, source);
        if (mode == TargetMode.IGNORED || !data.hasTargets()) {
            if (mode == TargetMode.REQUIRED) {
                throw new DataException(source + ": has no targets (the model's target is "
                        + DataException.quote(String.valueOf(targetName)) + ")");
            }
            return x.hasTargets() ? x.withoutTargets() : x;
        }
        if (data.task() != task) {
            throw new DataException(source + ": the data has " + data.task().cliName() + " targets, the model does "
                    + task.cliName());
        }
        if (task == Task.REGRESSION) {
            return x;
        }
        ClassLabels known = new ClassLabels(classNames);
        int[] remap = new int[data.numClasses()];
        for (int k = 0; k < remap.length; k++) {
            remap[k] = known.indexOf(data.classNames().get(k));
        }
        int[] in = data.labels();
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = remap[in[i]];
            if (out[i] < 0) {
                throw new DataException(source + ": row " + (i + 1) + ", column "
                        + DataException.quote(String.valueOf(data.targetName())) + ": "
                        + known.unknown(data.classNames().get(in[i])));
            }
        }
        return Dataset.classification(x.features(), x.rows(), x.featureShape(), x.featureNames(), out, classNames,
                data.targetName());
    }

    private Dataset selectFeatures(Dataset data, String source) {
        if (data.featureNames().equals(featureNames)) {
            return data;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < data.featureCount(); j++) {
            index.putIfAbsent(data.featureNames().get(j), j);
        }
        int[] columns = columnsOf(name -> index.getOrDefault(name, -1), source);
        int d = data.featureCount();
        int k = columns.length;
        float[] in = data.features();
        float[] out = new float[data.rows() * k];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = in[i * d + columns[j]];
            }
        }
        return data.withFeatures(out, new int[] {k}, featureNames);
    }

    /**
     * The column of each of the schema's features, found by {@code find} (-1 when absent).
     *
     * @throws DataException naming the missing features
     */
    int[] columnsOf(ToIntFunction<String> find, String source) {
        int[] columns = new int[featureNames.size()];
        List<String> missing = new ArrayList<>();
        for (int j = 0; j < columns.length; j++) {
            columns[j] = find.applyAsInt(featureNames.get(j));
            if (columns[j] < 0) {
                missing.add(featureNames.get(j));
            }
        }
        if (!missing.isEmpty()) {
            throw missingFeatures(source, missing);
        }
        return columns;
    }

    /** {@code source: model expects 5 features, found 4 of them (missing: x3)}. */
    private DataException missingFeatures(String source, List<String> missing) {
        StringJoiner j = new StringJoiner(", ");
        int n = Math.min(missing.size(), MAX_LISTED);
        for (int i = 0; i < n; i++) {
            j.add(missing.get(i));
        }
        if (missing.size() > n) {
            j.add("... " + missing.size() + " in all");
        }
        int expected = featureNames.size();
        return new DataException(source + ": model expects " + expected + " features, found "
                + (expected - missing.size()) + " of them (missing: " + j + ")");
    }
}
